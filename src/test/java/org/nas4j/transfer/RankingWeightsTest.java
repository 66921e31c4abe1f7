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
    RankingWeights.Result r = RankingWeights.of(Y, null, new double[][] {{10, 11, 12, 13, 14}}, new double[] {0.9}, 1);
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
    RankingWeights.Result r = RankingWeights.of(Y, null, new double[][] {{2, 1, 0, 4, 3}}, new double[] {0.9}, 1);
    assertEquals(0.4, r.misranked()[1], 1e-12);
    assertTrue(r.better()[1] > 0.5 && r.better()[1] < RankingWeights.TRUST, "better " + r.better()[1]);
    assertTrue(r.dropped()[1]);
    assertEquals(1.0, r.weights()[0], 1e-12);
  }

  @Test
  void withOneEvaluationTheTargetModelHasHalfTheWeightAndTheSourcesShareTheRest() {
    RankingWeights.Result r = RankingWeights.of(new double[] {1}, null, new double[][] {{5}, {6}, {7}, {8}},
        new double[] {0.9, 0.8, 0.7, 0.6}, 1);
    assertEquals(0.5, r.weights()[0], 1e-12);
    for (int s = 1; s <= 4; s++) {
      assertEquals(0.125, r.weights()[s], 1e-12);
    }
    assertTrue(Double.isNaN(r.better()[1]));
    // one source: an even split, as before the rule
    RankingWeights.Result one = RankingWeights.of(new double[] {1}, null, new double[][] {{5}}, new double[] {0.9}, 1);
    assertArrayEquals(new double[] {0.5, 0.5}, one.weights(), 1e-12);
    // no source: all on the target model
    assertArrayEquals(new double[] {1},
        RankingWeights.of(new double[0], null, new double[0][], new double[0], 1).weights(), 0);
  }

  /**
   * Two sources that rank every evaluation right tie in every sample; the tie goes to the one that predicts its own
   * held-out data better, not half to each (a source of noisy data otherwise kept half the weight next to a related
   * one). Fits that explain their own data alike share (within a factor {@link RankingWeights#EXPLAINED_RATIO}),
   * and a third source that ranks one pair wrong gets none of the samples without that pair, in which all three
   * tie, as it fits its own data worse.
   */
  @Test
  void sourcesThatRankAlikeLeaveTheWeightToTheOneThatFitsItsOwnDataBest() {
    double[][] sources = {{0, 1, 2, 3, 4}, {10, 20, 30, 40, 50}, {1, 0, 2, 3, 4}};
    RankingWeights.Result r = RankingWeights.of(Y, null, sources, new double[] {0.3, 0.9, 0.5}, 1);
    assertArrayEquals(new double[] {0, 0, 1, 0}, r.weights(), 1e-12);
    RankingWeights.Result even = RankingWeights.of(Y, null, sources, new double[] {0.9, 0.9, 0.5}, 1);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, even.weights(), 1e-12);
    RankingWeights.Result unmeasured = RankingWeights.of(Y, null, sources, new double[] {Double.NaN, 0.3, 0.1}, 1);
    assertArrayEquals(new double[] {0, 0, 1, 0}, unmeasured.weights(), 1e-12);
    // networks that both fit well share (0.8 and 0.95: 64 % and 90 %); none measured: the sources that rank
    // every pair right share
    RankingWeights.Result close = RankingWeights.of(Y, null, sources, new double[] {0.8, 0.95, 0.5}, 1);
    assertArrayEquals(new double[] {0, 0.5, 0.5, 0}, close.weights(), 1e-12);
    RankingWeights.Result none =
        RankingWeights.of(Y, null, sources, new double[] {Double.NaN, Double.NaN, Double.NaN}, 1);
    assertEquals(1, none.weights()[1] + none.weights()[2] + none.weights()[3], 1e-12);
    assertEquals(none.weights()[1], none.weights()[2], 1e-12);
  }

  /**
   * The target model's share of a tie is unchanged by the rule: adding a copy of a source that fits its own data
   * worse leaves every weight as it was with the better source alone.
   */
  @Test
  void aWorseFittingCopyOfASourceChangesNoWeight() {
    double[][] pairs = new double[5][5];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 5; j++) {
        pairs[i][j] = Y[i];
      }
    }
    // leave-pair-out predictions with two pairs the wrong way round: the target model ties a source that ranks
    // every pair right in the samples without them (about a quarter)
    pairs[0][3] = 4;
    pairs[1][4] = 5;
    RankingWeights.Result alone = RankingWeights.of(Y, pairs, new double[][] {{0, 1, 2, 3, 4}}, new double[] {0.9}, 1);
    assertFalse(alone.dropped()[1]);
    assertTrue(alone.weights()[0] > 0 && alone.weights()[0] < 1, "a tie in some samples: " + alone.weights()[0]);
    RankingWeights.Result both = RankingWeights.of(Y, pairs, new double[][] {{0, 1, 2, 3, 4}, {0, 2, 4, 6, 8}},
        new double[] {0.9, 0.5}, 1);
    assertArrayEquals(new double[] {alone.weights()[0], alone.weights()[1], 0}, both.weights(), 1e-12);
  }
}
