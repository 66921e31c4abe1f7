package org.nas4j.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nas4j.InputException;

/**
 * Reads a folder with one sub-folder per class of PNG/JPEG (any format {@code javax.imageio} decodes) images.
 * Classes are the sub-folder names in sorted order. Without a target size every image must have the size of
 * the first; with one, images are resized bilinearly. The set is grey (1 channel) when every image is grey,
 * else RGB (alpha dropped).
 */
final class ImageFolder {
  private ImageFolder() {}

  private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

  /** Class sub-folders of {@code dir}, sorted by name. */
  static List<String> classes(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList();
    } catch (IOException e) {
      throw new InputException(dir + ": cannot list (" + e + "): pass folder:DIR with one sub-folder per class", e);
    }
  }

  /**
   * @param classNames the class names to use (those of the training folder when reading a test folder)
   * @param height target height, or 0 to keep the images' own size
   */
  static ImageSet read(String name, Path dir, List<String> classNames, int height, int width) {
    List<Path> files = new ArrayList<>();
    List<Integer> labelList = new ArrayList<>();
    for (String c : classes(dir)) {
      int label = classNames.indexOf(c);
      if (label < 0) {
        throw new InputException(dir.resolve(c) + ": class '" + c + "' is not among the training classes "
            + classNames + ": give train/ and test/ the same class sub-folders");
      }
      try (Stream<Path> s = Files.list(dir.resolve(c))) {
        for (Path f : s.filter(Files::isRegularFile).filter(ImageFolder::isImage).sorted().toList()) {
          files.add(f);
          labelList.add(label);
        }
      } catch (IOException e) {
        throw new InputException(dir.resolve(c) + ": cannot list (" + e + ")", e);
      }
    }
    if (files.isEmpty()) {
      throw new InputException(dir + ": no images found: put PNG or JPEG files in one sub-folder per class, e.g. "
          + dir.resolve("cat") + "/1.png");
    }
    int h = height;
    int w = width;
    int n = files.size();
    byte[] pixels = null;
    boolean allGrey = true;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      Path f = files.get(i);
      BufferedImage img;
      try {
        img = ImageIO.read(f.toFile());
      } catch (IOException e) {
        throw new InputException(f + ": cannot decode image (" + e.getMessage() + "): remove or replace the file", e);
      }
      if (img == null) {
        throw new InputException(f + ": not an image javax.imageio can read: use PNG or JPEG, or remove the file");
      }
      if (h == 0) {
        h = img.getHeight();
        w = img.getWidth();
      }
      if (img.getHeight() != h || img.getWidth() != w) {
        if (height == 0) {
          throw new InputException(f + " is " + img.getHeight() + "x" + img.getWidth() + " but " + files.get(0)
              + " is " + h + "x" + w + ": resize all images, or add @" + h + "x" + w + " to the spec");
        }
        img = resize(img, h, w);
      }
      boolean grey = img.getColorModel().getNumColorComponents() == 1;
      allGrey &= grey;
      if (pixels == null) {
        pixels = new byte[Math.multiplyExact(n, h * w * 3)];
      }
      int base = i * h * w * 3;
      if (grey) {
        // read grey samples from the raster: getRGB would convert them from linear grey to sRGB
        int[] v = img.getRaster().getSamples(0, 0, w, h, 0, (int[]) null);
        int max = (1 << img.getSampleModel().getSampleSize(0)) - 1;
        for (int p = 0; p < v.length; p++) {
          byte b = (byte) (max == 255 ? v[p] : Math.round(v[p] * 255f / max));
          pixels[base + 3 * p] = b;
          pixels[base + 3 * p + 1] = b;
          pixels[base + 3 * p + 2] = b;
        }
      } else {
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < argb.length; p++) {
          pixels[base + 3 * p] = (byte) (argb[p] >> 16);
          pixels[base + 3 * p + 1] = (byte) (argb[p] >> 8);
          pixels[base + 3 * p + 2] = (byte) argb[p];
        }
      }
      labels[i] = labelList.get(i);
    }
    if (allGrey) {
      byte[] grey = new byte[n * h * w];
      for (int p = 0; p < grey.length; p++) {
        grey[p] = pixels[3 * p];
      }
      return new ImageSet(name, grey, labels, h, w, 1, classNames);
    }
    return new ImageSet(name, pixels, labels, h, w, 3, classNames);
  }

  private static boolean isImage(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    return !n.startsWith(".") && EXTENSIONS.stream().anyMatch(n::endsWith);
  }

  private static BufferedImage resize(BufferedImage img, int h, int w) {
    boolean grey = img.getColorModel().getNumColorComponents() == 1;
    BufferedImage out = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
