package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.CliRun;

/**
 * The store's bad-input promise through the real command line: a corrupt store, a store from a newer nas4j, an
 * unknown study, a resumed search on a different dataset each print one line, exit with status 2, and leave the
 * store file byte for byte as it was.
 */
class StoreErrorsCliTest {
  @TempDir Path dir;

  private static void assertInputError(CliRun r, String expected) {
    String err = r.err();
    assertEquals(2, r.status(), err);
    assertTrue(err.startsWith("nas4j: error: ") && err.contains(expected), err);
    assertEquals(1, err.strip().lines().count(), "one line: " + err);
  }

  @Test
  void corruptNewerAndUnknownAreOneLineExitTwoUnchanged() throws Exception {
    Path corrupt = dir.resolve("corrupt.db");
    byte[] junk = new byte[4096];
    new Random(3).nextBytes(junk);
    Files.write(corrupt, junk);
    assertInputError(CliRun.of("report", "--store", corrupt.toString(), "--study", "s", "--out",
        dir.resolve("r.html").toString()), "corrupt or not an SQLite database");
    assertArrayEquals(junk, Files.readAllBytes(corrupt));

    Path store = dir.resolve("nas4j.db");
    try (Store s = Store.open(store.toString())) {
      s.createStudy(StudySpec.of("alpha", "nb201", "cifar10", "rea", 0, 1));
    }
    byte[] before = Files.readAllBytes(store);
    assertInputError(CliRun.of("report", "--store", store.toString(), "--study", "beta", "--out",
        dir.resolve("r.html").toString()), "no study beta in store " + store + " (its studies: alpha)");
    assertArrayEquals(before, Files.readAllBytes(store));

    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store); Statement s = c.createStatement()) {
      s.execute("INSERT INTO nas4j_schema VALUES (" + (Schema.CURRENT + 1) + ", 'from the future', '9.9', 0)");
    }
    byte[] future = Files.readAllBytes(store);
    assertInputError(CliRun.of("report", "--store", store.toString(), "--study", "alpha", "--out",
        dir.resolve("r.html").toString()), "has schema v" + (Schema.CURRENT + 1) + " but this nas4j");
    assertArrayEquals(future, Files.readAllBytes(store));
  }

  @Test
  void resumingOnADifferentDatasetIsOneLineExitTwoUnchanged() throws Exception {
    Path images = dir.resolve("shapes");
    writeImages(images, 0);
    Path store = dir.resolve("nas4j.db");
    String[] search = {"search", "--data", "folder:" + images, "--store", store.toString(), "--study", "s",
        "--budget-evals", "1", "--epochs", "1", "--final-epochs", "0", "--workers", "1", "--sources", "none"};
    CliRun first = CliRun.of(search);
    assertEquals(0, first.status(), first.err());
    byte[] before = Files.readAllBytes(store);
    try (Store s = Store.openExisting(store.toString())) {
      assertEquals(1, s.counts(s.study("s")).complete());
    }
    // the user's dataset changed between the runs: one image differs
    writeImages(images, 1);
    CliRun again = CliRun.of(search);
    assertInputError(again, "dataset fingerprint (stored ");
    assertArrayEquals(before, Files.readAllBytes(store));
  }

  /** Two classes of 12 small images; {@code variant} changes one pixel of one image. */
  private static void writeImages(Path root, int variant) throws Exception {
    Random rng = new Random(11);
    for (String cls : new String[] {"dots", "bars"}) {
      Files.createDirectories(root.resolve(cls));
      for (int i = 0; i < 12; i++) {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            boolean on = cls.equals("bars") ? x % 3 == 0 : (x + y) % 4 == 0;
            int v = (on ? 200 : 30) + rng.nextInt(40);
            img.setRGB(x, y, v << 16 | v << 8 | v);
          }
        }
        if (variant == 1 && i == 0 && cls.equals("dots")) {
          img.setRGB(0, 0, 0xffffff);
        }
        ImageIO.write(img, "png", root.resolve(cls).resolve(i + ".png").toFile());
      }
    }
  }
}
