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
import java.util.stream.IntStream;
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
    int n = files.size();
    int h = height;
    int w = width;
    if (h == 0) {
      // no target size: the first image sets it
      BufferedImage first = decode(files.get(0));
      h = first.getHeight();
      w = first.getWidth();
    }
    long total = (long) n * h * w * 3;
    if (total > Integer.MAX_VALUE - 16) {
      throw new InputException(dir + ": " + n + " images of " + h + "x" + w + " do not fit in one array: add a "
          + "smaller @HxW to the spec");
    }
    byte[] pixels = new byte[(int) total];
    int[] labels = new int[n];
    boolean[] grey = new boolean[n];
    final int fh = h;
    final int fw = w;
    // decoding dominates (JPEG especially), and each image writes only its own slice: decode in parallel
    IntStream.range(0, n).parallel().forEach(i -> {
      Path f = files.get(i);
      BufferedImage img = decode(f);
      if (img.getHeight() != fh || img.getWidth() != fw) {
        if (height == 0) {
          throw new InputException(f + " is " + img.getHeight() + "x" + img.getWidth() + " but " + files.get(0)
              + " is " + fh + "x" + fw + ": resize all images, or add @" + fh + "x" + fw + " to the spec");
        }
        img = resize(img, fh, fw);
      }
      grey[i] = img.getColorModel().getNumColorComponents() == 1;
      int base = i * fh * fw * 3;
      if (grey[i]) {
        // read grey samples from the raster: getRGB would convert them from linear grey to sRGB
        int[] v = img.getRaster().getSamples(0, 0, fw, fh, 0, (int[]) null);
        int max = (1 << img.getSampleModel().getSampleSize(0)) - 1;
        for (int p = 0; p < v.length; p++) {
          byte b = (byte) (max == 255 ? v[p] : Math.round(v[p] * 255f / max));
          pixels[base + 3 * p] = b;
          pixels[base + 3 * p + 1] = b;
          pixels[base + 3 * p + 2] = b;
        }
      } else {
        int[] argb = img.getRGB(0, 0, fw, fh, null, 0, fw);
        for (int p = 0; p < argb.length; p++) {
          pixels[base + 3 * p] = (byte) (argb[p] >> 16);
          pixels[base + 3 * p + 1] = (byte) (argb[p] >> 8);
          pixels[base + 3 * p + 2] = (byte) argb[p];
        }
      }
      labels[i] = labelList.get(i);
    });
    boolean allGrey = true;
    for (boolean g : grey) {
      allGrey &= g;
    }
    if (allGrey) {
      byte[] one = new byte[n * h * w];
      for (int p = 0; p < one.length; p++) {
        one[p] = pixels[3 * p];
      }
      return new ImageSet(name, one, labels, h, w, 1, classNames);
    }
    return new ImageSet(name, pixels, labels, h, w, 3, classNames);
  }

  private static BufferedImage decode(Path f) {
    BufferedImage img;
    try {
      img = ImageIO.read(f.toFile());
    } catch (IOException | RuntimeException e) {
      throw new InputException(f + ": cannot decode image (" + e.getMessage() + "): remove or replace the file", e);
    }
    if (img == null) {
      throw new InputException(f + ": not an image javax.imageio can read: use PNG or JPEG, or remove the file");
    }
    return img;
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
