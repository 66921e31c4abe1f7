package org.nas4j.optimize.nao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written backward pass of NAO's networks against central finite differences. */
class EpdGradientTest {

  private static Epd tiny(boolean transfer, int heads) {
    SplittableRandom rng = new SplittableRandom(7);
    Epd m = new Epd(new int[] {3, 2, 4, 3}, 3, 4, 5, 0.7, rng);
    if (transfer) {
      m.addTransfer(heads, 5, rng);
      for (int s = 0; s < heads; s++) {
        m.weights[s] = 0.7 - 0.3 * s;
      }
      m.beta = 0.1;
    }
    // output layers start at zero; give them values so every path carries gradient
    for (Param p : m.params()) {
      if (p.name.endsWith(".w2") || p.name.endsWith(".b2")) {
        p.uniform(rng, 0.5);
      }
    }
    for (Param p : m.params()) {
      for (int i = 0; i < p.w.length; i++) {
        p.w[i] *= 3; // larger weights: non-trivial nonlinearities
      }
    }
    return m;
  }

  private static double loss(Epd m, Epd.Sample s) {
    // accumulate returns (err^2, nll/T); the loss it differentiates is lambda*err^2 + (1-lambda)*nll/T
    double[] l = m.accumulate(s, 0);
    return m.lambda * l[0] + (1 - m.lambda) * l[1];
  }

  private static void check(Epd m, Epd.Sample s) {
    for (Param p : m.params()) {
      java.util.Arrays.fill(p.g, 0);
    }
    m.accumulate(s, 1);
    double h = 1e-5;
    int checked = 0;
    for (Param p : m.params()) {
      double[] analytic = p.g.clone();
      for (int i = 0; i < p.w.length; i++) {
        double w = p.w[i];
        p.w[i] = w + h;
        double up = loss(m, s);
        p.w[i] = w - h;
        double down = loss(m, s);
        p.w[i] = w;
        double numeric = (up - down) / (2 * h);
        assertEquals(numeric, analytic[i], 1e-6 + 1e-4 * Math.abs(numeric),
            () -> p.name + " gradient wrong");
        checked++;
      }
    }
    assertTrue(checked > 300, "checked " + checked);
  }

  @Test
  void targetLossGradientsMatchFiniteDifferences() {
    Epd m = tiny(false, 0);
    check(m, new Epd.Sample(m.tokens(new int[] {2, 0, 3, 1}), 0.8, -1));
  }

  @Test
  void transferTargetLossGradientsMatchFiniteDifferences() {
    Epd m = tiny(true, 2);
    check(m, new Epd.Sample(m.tokens(new int[] {1, 1, 0, 2}), 0.3, -1));
  }

  @Test
  void sourceLossOfOneHeadMatchesFiniteDifferences() {
    Epd m = tiny(true, 2);
    check(m, new Epd.Sample(m.tokens(new int[] {0, 1, 2, 2}), 0.6, 1));
  }

  @Test
  void embeddingGradientPointsUphill() {
    Epd m = tiny(true, 2);
    int[] tok = m.tokens(new int[] {2, 1, 1, 0});
    Epd.Encoding x = m.encode(tok);
    double[] de = m.predictGradient(x.e);
    double h = 1e-6;
    for (int k = 0; k < de.length; k++) {
      double[] up = x.e.clone();
      up[k] += h;
      double[] down = x.e.clone();
      down[k] -= h;
      double numeric = (m.predict(up) - m.predict(down)) / (2 * h);
      assertEquals(numeric, de[k], 1e-6);
    }
  }

  @Test
  void trainingLearnsToReconstructAndRank() {
    SplittableRandom rng = new SplittableRandom(3);
    Epd m = new Epd(new int[] {5, 5, 5, 5, 5, 5}, 16, 32, 32, 0.8, rng);
    java.util.List<Epd.Sample> data = new java.util.ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int[] g = new int[6];
      double y = 0;
      for (int p = 0; p < 6; p++) {
        g[p] = rng.nextInt(5);
        y += g[p] == 3 ? 1 : 0;
      }
      data.add(new Epd.Sample(m.tokens(g), y / 6, -1));
    }
    double[] last = m.train(data, 80, 16, new ClippedAdam(0.01, 1e-4, 5), new SplittableRandom(1));
    assertTrue(last[1] < 0.1, "reconstruction NLL per token " + last[1]);
    assertTrue(last[0] < 0.01, "predictor MSE " + last[0]);
    int exact = 0;
    for (Epd.Sample s : data) {
      if (java.util.Arrays.equals(m.genes(s.tokens()), m.decode(m.encode(s.tokens())))) {
        exact++;
      }
    }
    assertTrue(exact >= 55, "decoded exactly " + exact + " of 60");
    // the first step size that changes the decoded architecture moves it uphill (more of op 3)
    int[] start = {0, 1, 2, 4, 0, 1};
    int[] moved = start;
    for (int k = 1; k <= 50 && java.util.Arrays.equals(moved, start); k++) {
      moved = m.improve(m.tokens(start), k);
    }
    long threes = java.util.Arrays.stream(moved).filter(v -> v == 3).count();
    assertTrue(threes >= 1, "no op 3 after an uphill step: " + java.util.Arrays.toString(moved));
    assertTrue(m.predict(m.tokens(moved)) > m.predict(m.tokens(start)));
  }
}
