package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RankingWeightsTest {
  private static final double[] Y = {0, 1, 2, 3, 4};

  @Test
  void aSourceThatRanksEveryPairRightIsTrustedAndTakesTheWeight() {
    RankingWeights.Result r = RankingWeights.of(Y, null, new double[][] {{10, 11, 12, 13, 14}}, 1);
    assertFalse(r.dropped()[1]);
    assertEquals(1.0, r.better()[1], 1e-12);
    assertEquals(1.0, r.weights()[1], 1e-12);
    assertEquals(0.0, r.misranked()[1], 1e-12);
  }

  /**
   * Six of ten pairs right at five evaluations is what a source with no relation to the target often scores by
   * luck; its median bootstrap loss is below the know-nothing target model's, so RGPE's median rule trusted it.
   */
  @Test
  void aSourceOnlyALittleBetterThanTheTargetAloneIsNotTrusted() {
    RankingWeights.Result r = RankingWeights.of(Y, null, new double[][] {{2, 1, 0, 4, 3}}, 1);
    assertEquals(0.4, r.misranked()[1], 1e-12);
    assertTrue(r.better()[1] > 0.5 && r.better()[1] < RankingWeights.TRUST, "better " + r.better()[1]);
    assertTrue(r.dropped()[1]);
    assertEquals(1.0, r.weights()[0], 1e-12);
  }

  @Test
  void withOneEvaluationTheTargetModelHasHalfTheWeightAndTheSourcesShareTheRest() {
    RankingWeights.Result r = RankingWeights.of(new double[] {1}, null, new double[][] {{5}, {6}, {7}, {8}}, 1);
    assertEquals(0.5, r.weights()[0], 1e-12);
    for (int s = 1; s <= 4; s++) {
      assertEquals(0.125, r.weights()[s], 1e-12);
    }
    assertTrue(Double.isNaN(r.better()[1]));
    // one source: an even split, as before the rule
    RankingWeights.Result one = RankingWeights.of(new double[] {1}, null, new double[][] {{5}}, 1);
    assertArrayEquals(new double[] {0.5, 0.5}, one.weights(), 1e-12);
    // no source: all on the target model
    assertArrayEquals(new double[] {1}, RankingWeights.of(new double[0], null, new double[0][], 1).weights(), 0);
  }
}
