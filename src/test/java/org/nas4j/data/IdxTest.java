package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;

class IdxTest {
  @TempDir Path dir;

  /** An IDX file of unsigned bytes with the given dimensions. */
  static byte[] idx(int[] dims, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
    for (int d : dims) {
      out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(bytes);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new java.util.SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /** Writes a small MNIST-like IDX folder: n train and m test images of h x w, labels i % classes. */
  static void writeDataset(Path dir, int n, int m, int h, int w, int classes, boolean gzip) throws IOException {
    String ext = gzip ? ".gz" : "";
    write(dir.resolve("train-images-idx3-ubyte" + ext), idx(new int[] {n, h, w}, randomBytes(n * h * w, 1)), gzip);
    write(dir.resolve("t10k-images-idx3-ubyte" + ext), idx(new int[] {m, h, w}, randomBytes(m * h * w, 2)), gzip);
    byte[] tl = new byte[n];
    byte[] sl = new byte[m];
    for (int i = 0; i < n; i++) {
      tl[i] = (byte) (i % classes);
    }
    for (int i = 0; i < m; i++) {
      sl[i] = (byte) ((i + 1) % classes);
    }
    write(dir.resolve("train-labels-idx1-ubyte" + ext), idx(new int[] {n}, tl), gzip);
    write(dir.resolve("t10k-labels-idx1-ubyte" + ext), idx(new int[] {m}, sl), gzip);
  }

  @Test
  void roundTripPlainAndGzipped() throws IOException {
    byte[] pixels = randomBytes(5 * 4 * 3, 9);
    for (boolean gz : new boolean[] {false, true}) {
      Path f = dir.resolve("img" + gz);
      write(f, idx(new int[] {5, 4, 3}, pixels), gz);
      Idx.Images img = Idx.readImages(f, "fix");
      assertEquals(5, img.count());
      assertEquals(4, img.height());
      assertEquals(3, img.width());
      assertEquals(1, img.channels());
      assertArrayEquals(pixels, img.pixels());
      Path l = dir.resolve("lab" + gz);
      write(l, idx(new int[] {4}, new byte[] {0, 9, (byte) 200, 3}), gz);
      assertArrayEquals(new int[] {0, 9, 200, 3}, Idx.readLabels(l, "fix"));
    }
  }

  @Test
  void idxFolderLoadsAsDataset() throws IOException {
    writeDataset(dir, 50, 20, 6, 5, 4, true);
    DataSplit d = DataSplit.load("idx:" + dir, DataOptions.defaults().withValidFraction(0.2));
    assertEquals(40, d.train().size());
    assertEquals(10, d.valid().size());
    assertEquals(20, d.test().size());
    assertEquals(4, d.classes());
    assertEquals(6, d.height());
    assertEquals(5, d.width());
    assertEquals(1, d.channels());
    assertTrue(d.augmentation().isNone(), "grey images get no augmentation by default");
    assertEquals("idx-" + dir.getFileName().toString().toLowerCase(), d.task());
    // the test images are the t10k file's, in order
    byte[] expected = Arrays.copyOf(randomBytes(20 * 30, 2), 30);
    for (int p = 0; p < 30; p++) {
      assertEquals(expected[p] & 0xFF, d.test().pixel(0, p / 5, p % 5, 0));
    }
    assertEquals(1, d.test().label(0));
  }

  @Test
  void truncatedFileIsAOneLineInputError() throws IOException {
    byte[] full = idx(new int[] {10, 28, 28}, randomBytes(10 * 28 * 28, 3));
    for (boolean gz : new boolean[] {false, true}) {
      Path f = dir.resolve("trunc" + gz);
      byte[] cut = Arrays.copyOf(full, full.length - 100);
      if (gz) {
        // a gzip stream cut short, as an interrupted download leaves it
        Path whole = dir.resolve("whole.gz");
        write(whole, full, true);
        byte[] z = Files.readAllBytes(whole);
        Files.write(f, Arrays.copyOf(z, z.length / 2));
      } else {
        write(f, cut, false);
      }
      InputException e = assertThrows(InputException.class, () -> Idx.readImages(f, "download it again"));
      assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      assertTrue(e.getMessage().endsWith("download it again"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
    }
  }

  @Test
  void wrongMagicAndDimsAreRejected() throws IOException {
    Path f = dir.resolve("bad");
    Files.write(f, "hello world, not idx".getBytes());
    InputException e = assertThrows(InputException.class, () -> Idx.readImages(f, "fix"));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
    Path l = dir.resolve("labels-as-images");
    write(l, idx(new int[] {4}, new byte[4]), false);
    e = assertThrows(InputException.class, () -> Idx.readImages(l, "fix"));
    assertTrue(e.getMessage().contains("3 dimensions"), e.getMessage());
    Path longer = dir.resolve("longer");
    byte[] ok = idx(new int[] {2}, new byte[] {1, 2});
    write(longer, Arrays.copyOf(ok, ok.length + 3), false);
    e = assertThrows(InputException.class, () -> Idx.readLabels(longer, "fix"));
    assertTrue(e.getMessage().contains("longer than its header"), e.getMessage());
  }

  @Test
  void imageAndLabelCountsMustAgree() throws IOException {
    writeDataset(dir, 10, 5, 4, 4, 2, false);
    write(dir.resolve("train-labels-idx1-ubyte"), idx(new int[] {9}, new byte[9]), false);
    InputException e = assertThrows(InputException.class, () -> DataSplit.load("idx:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("10 images") && e.getMessage().contains("9 labels"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() throws IOException {
    writeDataset(dir, 10, 5, 4, 4, 2, false);
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    InputException e = assertThrows(InputException.class,
        () -> DataSplit.load("idx:" + dir, DataOptions.defaults(), List.of()));
    assertTrue(e.getMessage().contains("t10k-labels"), e.getMessage());
  }

  @Test
  void fourDimensionalImagesAreColour() throws IOException {
    byte[] px = randomBytes(2 * 3 * 4 * 3, 5);
    Path f = dir.resolve("colour");
    write(f, idx(new int[] {2, 3, 4, 3}, px), true);
    Idx.Images img = Idx.readImages(f, "fix");
    assertEquals(3, img.channels());
    assertEquals(4, img.width());
    assertArrayEquals(px, img.pixels());
  }
}
