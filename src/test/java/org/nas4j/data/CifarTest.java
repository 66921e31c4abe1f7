package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;

class CifarTest {
  @TempDir Path dir;

  /** Record i: label(s) then planes R = i, G = pixel index % 256, B = 255 - i. */
  static byte[] batch(int n, int first, boolean hundred) {
    int rec = (hundred ? 2 : 1) + 3072;
    byte[] b = new byte[n * rec];
    for (int r = 0; r < n; r++) {
      int i = first + r;
      int o = r * rec;
      if (hundred) {
        b[o++] = (byte) (i % 20);
        b[o++] = (byte) (i % 100);
      } else {
        b[o++] = (byte) (i % 10);
      }
      for (int p = 0; p < 1024; p++) {
        b[o + p] = (byte) i;
        b[o + 1024 + p] = (byte) (p % 256);
        b[o + 2048 + p] = (byte) (255 - i);
      }
    }
    return b;
  }

  @Test
  void cifar10RoundTrip() throws IOException {
    Path d = dir.resolve("cifar-10-batches-bin");
    Files.createDirectories(d);
    for (int k = 1; k <= 5; k++) {
      Files.write(d.resolve("data_batch_" + k + ".bin"), batch(6, (k - 1) * 6, false));
    }
    Files.write(d.resolve("test_batch.bin"), batch(10, 100, false));
    Files.write(d.resolve("batches.meta.txt"),
        "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n".getBytes());
    DataSplit s = DataSplit.load("cifar10:" + dir, DataOptions.defaults().withValidFraction(0));
    assertEquals(30, s.train().size());
    assertEquals(0, s.valid().size());
    assertEquals(10, s.test().size());
    assertEquals(10, s.classes());
    assertEquals(3, s.channels());
    assertEquals(32, s.height());
    assertEquals("cifar10", s.task());
    assertEquals("cat", s.train().classNames().get(3));
    assertEquals(Augmentation.CIFAR, s.augmentation(), "colour images get crop+flip by default");
    ImageSet tr = s.train();
    for (int i : new int[] {0, 7, 29}) {
      assertEquals(i % 10, tr.label(i));
      assertEquals(i, tr.pixel(i, 3, 5, 0));
      assertEquals((3 * 32 + 5) % 256, tr.pixel(i, 3, 5, 1));
      assertEquals(255 - i, tr.pixel(i, 3, 5, 2));
    }
    assertEquals(100 % 10, s.test().label(0));
    assertEquals(100, s.test().pixel(0, 31, 31, 0));
  }

  @Test
  void cifar100UsesTheFineLabel() throws IOException {
    Files.write(dir.resolve("train.bin"), batch(120, 0, true));
    Files.write(dir.resolve("test.bin"), batch(20, 0, true));
    DataSplit s = DataSplit.load("cifar100:" + dir, DataOptions.defaults().withValidFraction(0));
    assertEquals(100, s.classes());
    assertEquals(120, s.train().size());
    assertEquals(99, s.train().label(99));
    assertEquals(1, s.train().label(101));
    assertEquals(7, s.train().pixel(7, 0, 0, 0));
  }

  @Test
  void truncatedBatchIsAnInputError() throws IOException {
    Files.write(dir.resolve("data_batch_1.bin"), Arrays.copyOf(batch(3, 0, false), 3 * 3073 - 10));
    Files.write(dir.resolve("test_batch.bin"), batch(3, 0, false));
    InputException e = assertThrows(InputException.class,
        () -> DataSplit.load("cifar10:" + dir, DataOptions.defaults()));
    assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("truncated"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void missingCifarSaysHowToGetIt(@TempDir Path empty) {
    InputException e = assertThrows(InputException.class,
        () -> DataSplit.load("cifar10", DataOptions.defaults(), List.of(empty)));
    assertTrue(e.getMessage().contains("cifar-10-binary.tar.gz"), e.getMessage());
    assertTrue(e.getMessage().contains(empty.resolve("cifar10").toString()), e.getMessage());
  }
}
