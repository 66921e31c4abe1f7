package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Runs on the real Fashion-MNIST files of the Debian package dataset-fashion-mnist (CI installs it). */
class FashionMnistTest {
  static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

  @Test
  void loadsAll70000Images() {
    assumeTrue(Files.isRegularFile(DIR.resolve("train-images-idx3-ubyte.gz")),
        "dataset-fashion-mnist is not installed");
    // median of three loads (the first includes JIT warm-up); docs/data.md quotes the printed line. No bound on
    // it: a timed assertion fails on a loaded machine and proves nothing on an idle one
    double[] seconds = new double[3];
    DataSplit d = null;
    for (int r = 0; r < seconds.length; r++) {
      long t0 = System.nanoTime();
      d = DataSplit.load("fashion-mnist", DataOptions.defaults());
      seconds[r] = (System.nanoTime() - t0) / 1e9;
    }
    java.util.Arrays.sort(seconds);
    System.out.printf("fashion-mnist: 70,000 images loaded and split in %.2f s (median of 3; min %.2f, max %.2f)%n",
        seconds[1], seconds[0], seconds[2]);
    assertEquals("fashion-mnist", d.task());
    assertEquals(54_000, d.train().size());
    assertEquals(6_000, d.valid().size());
    assertEquals(10_000, d.test().size());
    assertEquals(10, d.classes());
    assertEquals(28, d.height());
    assertEquals(28, d.width());
    assertEquals(1, d.channels());
    assertEquals("Ankle boot", d.train().classNames().get(9));
    // the first test image of Fashion-MNIST is an ankle boot
    assertEquals(9, d.test().label(0));
    // published statistics of the training images: mean 0.2860, std 0.3530 (on all 60k)
    assertEquals(0.286, d.normalization().mean()[0], 0.003);
    assertEquals(0.353, d.normalization().std()[0], 0.003);
    // each class has 6000 training images: the stratified split keeps 600 of each for validation
    int[] perClass = new int[10];
    for (int i = 0; i < d.valid().size(); i++) {
      perClass[d.valid().label(i)]++;
    }
    for (int c : perClass) {
      assertEquals(600, c);
    }
  }
}
