package org.nas4j.transfer;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How far to trust each member of an ensemble by how well it ranks the target's evaluations: RGPE's weights
 * (Feurer, Letham &amp; Bakshy, "Scalable Meta-Learning for Bayesian Optimization using Ranking-Weighted
 * Gaussian Process Ensembles", 2018). Member 0 is the model learned on the target alone, judged by
 * leave-pair-out predictions; members 1.. are source models, which never saw the target.
 *
 * <p>A member's loss on a sample of target evaluations is the number of pairs it ranks the wrong way round (a tie
 * on one side only counts half: the target's ties are information too, e.g. broken cells that all score alike).
 * Over {@value #BOOTSTRAPS} bootstrap samples of the evaluations, a member's weight is the share of samples in
 * which its loss is the lowest (ties share, see below). A source is first dropped (weight 0) unless it ranks the
 * sample better than the target model does in at least {@value #TRUST} of the samples (ties count half): a
 * one-sided bootstrap test that it beats the target's own data. RGPE's plain rule (drop when the median loss is
 * above the target model's) trusted a source that ranks the target backwards in about a third of runs at five
 * evaluations, by luck, and REINFORCE and XferNAO, which follow the trusted sources for many evaluations, paid for
 * it (docs/transfer.md). So one good source can take all the weight, any number of bad ones get none, and with no
 * good source the weight is all on the target model.
 *
 * <p>Sources that tie for the lowest loss in a sample do not always share it: a source tied with one whose network
 * explains more than {@value #EXPLAINED_RATIO} times as much of its own held-out data
 * ({@link TransferModel#sourceFit()} squared) is left out of the tie, so adding a much worse-fitting copy of a source
 * changes no weight. RGPE draws each model's predictions from its posterior, so a far less certain model loses such
 * ties more often; our transfer networks give point predictions, and a few target evaluations that two sources both
 * rank right cannot tell them apart. Sharing those ties kept a fifth to a third of the weight on a source made of
 * noisy data next to a related one over the first six evaluations, and the search lagged the related source alone
 * (docs/transfer.md).
 *
 * <p>With fewer than two evaluations nothing can be judged: the target model gets half the weight and the
 * sources share the other half (with one source, the same as an even split). An even split over every member
 * would bet almost all first picks on unjudged sources when there are many of them, and a set of one related
 * source among several backwards ones then started from a bad guess more often (measured in docs/transfer.md).
 */
final class RankingWeights {
  static final int BOOTSTRAPS = 200;
  /** The share of bootstrap samples in which a source must rank better than the target model to be trusted. */
  static final double TRUST = 0.8;
  /**
   * A source is left out of a tie with one whose network explains more than this many times the share of its own
   * held-out data's variance ({@link TransferModel#sourceFit()} squared): a network of noisy data
   * ({@code noisy:imagenet16@0.2} fits at 0.19, explaining 4 %) against a related task's (0.95, 89 %), not two
   * tasks' networks that both fit well (the weakly related benchmark's seven fit at 0.77-0.96, 59-92 %): which of
   * those ranks the target better only its evaluations can tell, and giving such ties to the better fit cost the
   * target whose most related source fits worst (docs/transfer.md).
   */
  static final double EXPLAINED_RATIO = 2;

  private RankingWeights() {}

  /**
   * @param weights one per member (sum 1)
   * @param misranked each member's share of wrongly ranked pairs over all target evaluations (NaN with fewer
   *     than two distinct values)
   * @param better per source, the share of bootstrap samples it ranks better than the target model (ties
   *     half; NaN with fewer than two evaluations and for the target model itself)
   * @param dropped whether a source was dropped: {@code better} below {@value #TRUST}
   */
  record Result(double[] weights, double[] misranked, double[] better, boolean[] dropped) {}

  /**
   * @param y the target's values
   * @param targetPairs leave-pair-out predictions of the target model ({@code [i][j]}: at {@code i} without
   *     {@code i, j}; NaN for a tie), or null for a target model that knows nothing yet (every pair a tie)
   * @param sources each source model's predictions at the target's evaluations
   * @param sourceFit per source, how well its model predicts its own held-out data ({@link TransferModel#sourceFit()};
   *     a far better fit takes a tie between sources; NaN, not measured, is worse than any)
   * @param seed fixes the bootstrap samples
   */
  static Result of(double[] y, double[][] targetPairs, double[][] sources, double[] sourceFit, long seed) {
    int n = y.length;
    int members = sources.length + 1;
    int pairs = n * (n - 1) / 2;
    int[] pi = new int[pairs];
    int[] pj = new int[pairs];
    // losses in half-pairs: 0 right, 1 tie, 2 wrong
    byte[][] loss = new byte[members][pairs];
    int p = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        pi[p] = i;
        pj[p] = j;
        int order = Double.compare(y[i], y[j]);
        loss[0][p] = targetPairs == null ? (byte) (order == 0 ? 0 : 1)
            : misrank(targetPairs[i][j] - targetPairs[j][i], order);
        for (int s = 0; s < sources.length; s++) {
          loss[s + 1][p] = misrank(sources[s][i] - sources[s][j], order);
        }
        p++;
      }
    }
    double[] misranked = new double[members];
    for (int m = 0; m < members; m++) {
      long sum = 0;
      for (byte b : loss[m]) {
        sum += b;
      }
      misranked[m] = pairs == 0 ? Double.NaN : sum / (2.0 * pairs);
    }
    double[] weights = new double[members];
    double[] better = new double[members];
    Arrays.fill(better, Double.NaN);
    boolean[] dropped = new boolean[members];
    if (pairs == 0) {
      weights[0] = sources.length == 0 ? 1 : 0.5;
      for (int m = 1; m < members; m++) {
        weights[m] = 0.5 / sources.length;
      }
      return new Result(weights, misranked, better, dropped);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    long[][] boot = new long[members][BOOTSTRAPS];
    int[] count = new int[n];
    for (int b = 0; b < BOOTSTRAPS; b++) {
      // a sample of one evaluation repeated has no pair and judges nothing: draw it again (only likely for
      // n = 2 or 3, where it would otherwise spread half the weight evenly over members the data can tell apart)
      int distinct;
      do {
        Arrays.fill(count, 0);
        distinct = 0;
        for (int k = 0; k < n; k++) {
          if (count[rng.nextInt(n)]++ == 0) {
            distinct++;
          }
        }
      } while (distinct < 2);
      for (int m = 0; m < members; m++) {
        byte[] l = loss[m];
        long s = 0;
        for (int q = 0; q < pairs; q++) {
          if (l[q] != 0) {
            s += (long) l[q] * count[pi[q]] * count[pj[q]];
          }
        }
        boot[m][b] = s;
      }
    }
    for (int m = 1; m < members; m++) {
      double wins = 0;
      for (int b = 0; b < BOOTSTRAPS; b++) {
        wins += boot[m][b] < boot[0][b] ? 1 : boot[m][b] == boot[0][b] ? 0.5 : 0;
      }
      better[m] = wins / BOOTSTRAPS;
      dropped[m] = better[m] < TRUST;
    }
    boolean[] shares = new boolean[members];
    for (int b = 0; b < BOOTSTRAPS; b++) {
      long best = Long.MAX_VALUE;
      for (int m = 0; m < members; m++) {
        if (!dropped[m]) {
          best = Math.min(best, boot[m][b]);
        }
      }
      // a source tied with one that explains far more of its own data is left out of the tie
      double mostExplained = Double.NEGATIVE_INFINITY;
      for (int m = 1; m < members; m++) {
        if (!dropped[m] && boot[m][b] == best) {
          mostExplained = Math.max(mostExplained, explained(sourceFit, m));
        }
      }
      int sharing = 0;
      for (int m = 0; m < members; m++) {
        shares[m] = !dropped[m] && boot[m][b] == best
            && (m == 0 || EXPLAINED_RATIO * explained(sourceFit, m) >= mostExplained);
        sharing += shares[m] ? 1 : 0;
      }
      for (int m = 0; m < members; m++) {
        if (shares[m]) {
          weights[m] += 1.0 / sharing;
        }
      }
    }
    for (int m = 0; m < members; m++) {
      weights[m] /= BOOTSTRAPS;
    }
    return new Result(weights, misranked, better, dropped);
  }

  /** The share of its own held-out data's variance a source's network explains; NaN (not measured): below any. */
  private static double explained(double[] sourceFit, int member) {
    double f = sourceFit[member - 1];
    return Double.isNaN(f) ? Double.NEGATIVE_INFINITY : f * f;
  }

  /**
   * Half-pairs wrong for predicted difference {@code d} when the target's order is {@code order}: a tie
   * either side costs half, unless both tie (a model that separates two architectures the target scores
   * alike, e.g. two broken cells, is half wrong; one that ties them is right).
   */
  private static byte misrank(double d, int order) {
    if (Double.isNaN(d)) {
      return 1;
    }
    if (order == 0 || d == 0) {
      return (byte) (order == 0 && d == 0 ? 0 : 1);
    }
    return (byte) ((d > 0) == (order > 0) ? 0 : 2);
  }
}
