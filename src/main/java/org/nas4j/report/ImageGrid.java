package org.nas4j.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** PNG files of images given as NCHW floats in [0, 1] (grey or colour): one image, or a grid of many. */
public final class ImageGrid {
  private ImageGrid() {}

  /**
   * Writes images {@code first .. first+count-1} as a grid of {@code columns} columns, 2 pixels apart, each image
   * scaled up {@code scale} times.
   */
  public static void write(Path file, float[] images01, int first, int count, int channels, int height, int width,
      int columns, int scale) throws IOException {
    int rows = (count + columns - 1) / columns;
    int gap = 2;
    int cw = width * scale + gap;
    int ch = height * scale + gap;
    BufferedImage out = new BufferedImage(columns * cw + gap, rows * ch + gap, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < count; i++) {
      int x0 = gap + (i % columns) * cw;
      int y0 = gap + (i / columns) * ch;
      int base = (first + i) * channels * height * width;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int rgb = 0;
          for (int c = 0; c < 3; c++) {
            float v = images01[base + (channels == 1 ? 0 : c) * height * width + y * width + x];
            rgb = rgb << 8 | Math.round(255 * Math.max(0f, Math.min(1f, v)));
          }
          for (int dy = 0; dy < scale; dy++) {
            for (int dx = 0; dx < scale; dx++) {
              out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
            }
          }
        }
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(out, "png", tmp.toFile())) {
      throw new IOException("no PNG writer");
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Writes image {@code index} alone, at its own size. */
  public static void writeOne(Path file, float[] images01, int index, int channels, int height, int width)
      throws IOException {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int base = index * channels * height * width;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int rgb = 0;
        for (int c = 0; c < 3; c++) {
          float v = images01[base + (channels == 1 ? 0 : c) * height * width + y * width + x];
          rgb = rgb << 8 | Math.round(255 * Math.max(0f, Math.min(1f, v)));
        }
        out.setRGB(x, y, rgb);
      }
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(out, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }
}
