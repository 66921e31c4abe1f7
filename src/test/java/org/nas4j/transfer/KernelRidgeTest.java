package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.space.Architecture;

class KernelRidgeTest {
  static final List<Architecture> CELLS = TabularBenchmark.nb201().architectures();

  /** Kernel ridge on n random NAS-Bench-201 cells with the predictor's kernel, and the cells' genes. */
  static KernelRidge ridge(int[][] genes) {
    int n = genes.length;
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        k[i][j] = TransferPredictor.kernel(genes[i], genes[j]);
      }
    }
    return new KernelRidge(k);
  }

  static int[][] cells(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[][] genes = new int[n][];
    for (int i = 0; i < n; i++) {
      genes[i] = CELLS.get(rng.nextInt(CELLS.size())).genes();
    }
    return genes;
  }

  /**
   * Pure noise on 30 cells gets the constant in most draws (a kernel fitted to noise can still win its
   * leave-one-out comparison by luck: the rule is a test, not an oracle), a value the kernel can learn (how
   * many edges carry one op, plus a little noise) nearly always gets the kernel.
   */
  @Test
  void residualIsTheConstantOnlyWhenTheKernelCannotPredictLeftOutPoints() {
    int constants = 0;
    int kernels = 0;
    int draws = 50;
    for (long seed = 0; seed < draws; seed++) {
      int[][] genes = cells(30, seed);
      KernelRidge ridge = ridge(genes);
      SplittableRandom rng = new SplittableRandom(100 + seed);
      double[] noise = new double[genes.length];
      double[] signal = new double[genes.length];
      for (int i = 0; i < genes.length; i++) {
        noise[i] = rng.nextGaussian();
        // a value the kernel can learn: how many edges carry op 3 (conv 3x3), plus a little noise
        for (int g : genes[i]) {
          signal[i] += g == 3 ? 1 : 0;
        }
        signal[i] += 0.1 * rng.nextGaussian();
      }
      KernelRidge.Fit constant = ridge.fitOrConstant(noise);
      if (constant.lambda() == -1) {
        constants++;
        double mean = java.util.Arrays.stream(noise).average().orElseThrow();
        assertEquals(mean, constant.intercept(), 1e-12);
        assertTrue(java.util.Arrays.stream(constant.alpha()).allMatch(a -> a == 0));
      } else {
        assertEquals(ridge.fit(noise).looError(), constant.looError(), 0);
      }
      KernelRidge.Fit kernel = ridge.fitOrConstant(signal);
      if (kernel.lambda() >= 0) {
        kernels++;
        assertEquals(ridge.fit(signal).looError(), kernel.looError(), 0);
      }
    }
    // measured: 47 and 50 of 50
    assertTrue(constants >= 0.85 * draws, "noise got the constant in " + constants + " of " + draws);
    assertTrue(kernels >= 0.95 * draws, "a learnable value got the kernel in " + kernels + " of " + draws);
  }
}
