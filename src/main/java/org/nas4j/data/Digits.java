package org.nas4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.nas4j.InputException;

/**
 * The UCI optical-recognition handwritten digits (the copy scikit-learn ships): 1,797 grey 8x8 images of the
 * digits 0-9, bundled as {@code digits.csv.gz} (64 pixel columns with values 0..16, then the label). Pixels are
 * scaled to 0..255 ({@code round(v * 255 / 16)}) so they normalise like any other 8-bit image.
 */
final class Digits {
  private Digits() {}

  static final String RESOURCE = "digits.csv.gz";
  static final int SIDE = 8;

  static ImageSet read() {
    InputStream res = Digits.class.getResourceAsStream(RESOURCE);
    if (res == null) {
      throw new InputException("the bundled digits dataset (org/nas4j/data/" + RESOURCE
          + ") is missing from the class path: rebuild nas4j with mvn package");
    }
    List<byte[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(res),
        StandardCharsets.US_ASCII))) {
      String line;
      int row = 0;
      while ((line = r.readLine()) != null) {
        row++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != SIDE * SIDE + 1) {
          throw new InputException(RESOURCE + " line " + row + ": " + f.length + " columns, expected 65");
        }
        byte[] img = new byte[SIDE * SIDE];
        for (int i = 0; i < img.length; i++) {
          int v = (int) Double.parseDouble(f[i]);
          img[i] = (byte) Math.round(Math.min(16, Math.max(0, v)) * 255f / 16f);
        }
        images.add(img);
        labels.add((int) Double.parseDouble(f[SIDE * SIDE]));
      }
    } catch (IOException | NumberFormatException e) {
      throw new InputException("the bundled " + RESOURCE + " is corrupt (" + e.getMessage()
          + "): rebuild nas4j with mvn package", e);
    }
    byte[] pixels = new byte[images.size() * SIDE * SIDE];
    int[] lb = new int[images.size()];
    for (int i = 0; i < lb.length; i++) {
      System.arraycopy(images.get(i), 0, pixels, i * SIDE * SIDE, SIDE * SIDE);
      lb[i] = labels.get(i);
    }
    List<String> names = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      names.add(Integer.toString(d));
    }
    return new ImageSet("digits", pixels, lb, SIDE, SIDE, 1, names);
  }
}
