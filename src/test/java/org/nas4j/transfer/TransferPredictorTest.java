package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;

class TransferPredictorTest {
  static final TabularBenchmark NB201 = TabularBenchmark.nb201();
  static final SourceObservations C100 = NB201.sourceObservations("cifar100", 200);

  static double meanKendall(List<DataVolumeStudy.Row> rows, int nt, int ns) {
    return rows.stream().filter(r -> r.targetEvaluations() == nt && r.sourceEvaluations() == ns)
        .mapToDouble(DataVolumeStudy.Row::kendall).average().orElseThrow();
  }

  static List<SourceObservations> sources(String spec) {
    return BenchSources.parse(NB201, spec, "cifar100", 200);
  }

  /** A predictor on these sources that has seen n random cifar100 evaluations (the same ones for a seed). */
  static TransferPredictor observed(List<SourceObservations> sources, int n, long seed) {
    TransferPredictor p = TransferPredictor.forContext(new OptimizerContext(NB201.space(), 0, sources));
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(C100.size());
      p.observe(C100.architectures().get(k), C100.values()[k]);
    }
    return p;
  }

  @Test
  void sourcesRankHeldOutTargetArchitecturesBetterAt10Evaluations() {
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, sources("cifar10,imagenet16"),
        new int[] {10}, new int[] {0, DataVolumeStudy.ALL}, List.of(DataVolumeStudy.Mode.WEIGHTED), 5, 1000, 11);
    double without = meanKendall(rows, 10, 0);
    double with = meanKendall(rows, 10, DataVolumeStudy.ALL);
    assertTrue(with > without + 0.2, "tau with sources " + with + ", without " + without);
    // with 0 source evaluations the predictor is the target-only model
    rows.stream().filter(r -> r.sourceEvaluations() == 0).forEach(r -> assertEquals(0.0, r.transferWeight()));
  }

  /** One good source takes the weight; any number of bad ones (backwards, shuffled, weak) get none. */
  @Test
  void oneGoodSourceDominatesAndBadOnesAreDropped() {
    List<SourceObservations> mixed = sources(
        "negated:cifar10,cifar10,shuffled:imagenet16,negated:imagenet16,noisy:cifar100@-0.5,negated:cifar100");
    for (long seed = 0; seed < 5; seed++) {
      TransferPredictor p = observed(mixed, 15, seed);
      double[] w = p.sourceWeights();
      assertEquals(6, w.length);
      assertEquals(5, p.memberCount(), "the shuffled source is no member: " + p.describe());
      assertTrue(w[1] > 0.8, p.describe());
      for (int s : new int[] {0, 2, 3, 4, 5}) {
        assertEquals(0.0, w[s], p.describe());
      }
    }
  }

  /** With only backwards sources every weight goes to the target alone and the predictor is the target-only model. */
  @Test
  void badSourcesOnlyFallBackToTheTargetOnlyModelExactly() {
    List<SourceObservations> bad = sources("negated:cifar10,negated:imagenet16");
    TransferPredictor p = observed(bad, 12, 3);
    TransferPredictor alone = observed(List.of(), 12, 3);
    assertEquals(1.0, p.targetWeight(), p.describe());
    assertArrayEquals(new double[] {0, 0}, p.sourceWeights());
    for (int i = 0; i < 200; i++) {
      Architecture a = C100.architectures().get(i * 71);
      assertEquals(alone.predict(a), p.predict(a), 0.0);
      assertEquals(0.0, p.prior(a));
    }
  }

  @Test
  void beforeTwoEvaluationsTheTargetModelHasHalfTheWeightAndSamplingFollowsTheWeights() {
    TransferPredictor p = observed(sources("cifar10,negated:cifar10"), 0, 0);
    assertArrayEquals(new double[] {0.25, 0.25}, p.sourceWeights(), 1e-12);
    assertEquals(0.5, p.targetWeight(), 1e-12);
    assertEquals(0.0, p.prior(C100.architectures().get(0)), "no prior before the sources are judged");
    // a draw follows one member: the source's favourite, its opposite, or (target-only, knowing nothing) a tie
    Architecture best = NB201.architectures().stream().max(java.util.Comparator.comparingDouble(
        a -> NB201.value(a, "cifar10_valid200"))).orElseThrow();
    int[] counts = new int[3];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 3000; i++) {
      var f = p.sample(rng);
      double b = f.applyAsDouble(best);
      double o = f.applyAsDouble(NB201.space().of(0, 0, 0, 0, 0, 0));
      counts[b > o ? 0 : b < o ? 1 : 2]++;
    }
    int[] expected = {750, 750, 1500};
    for (int k = 0; k < 3; k++) {
      assertTrue(Math.abs(counts[k] - expected[k]) < 120, java.util.Arrays.toString(counts));
    }
  }

  /**
   * With many unjudged sources the first pick is a random architecture and the second one source's favourite:
   * an even split would give the first picks to the sources almost always, however many of them are wrong.
   */
  @Test
  void withManySourcesTheFirstTwoPicksAreOneRandomArchitectureAndOneSource() {
    List<SourceObservations> four = sources("cifar10,negated:cifar10,negated:imagenet16,noisy:imagenet16@0.2");
    for (long seed = 0; seed < 10; seed++) {
      TransferPredictor p = observed(four, 0, 0);
      SplittableRandom rng = new SplittableRandom(seed);
      var first = p.sample(rng);
      for (int i = 1; i < 50; i++) {
        assertEquals(first.applyAsDouble(C100.architectures().get(0)),
            first.applyAsDouble(C100.architectures().get(i * 97)), "the first pick is random: it ties everything");
      }
      p.observe(C100.architectures().get(0), C100.values()[0]);
      var second = p.sample(rng);
      boolean separates = false;
      for (int i = 1; i < 50 && !separates; i++) {
        separates = second.applyAsDouble(C100.architectures().get(0))
            != second.applyAsDouble(C100.architectures().get(i * 97));
      }
      assertTrue(separates, "the second pick follows a source");
    }
  }

  @Test
  void shuffledSourceIsNoMemberAndDoesNotHurt() {
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, sources("shuffled:cifar10"),
        new int[] {10, 50}, new int[] {0, DataVolumeStudy.ALL}, List.of(DataVolumeStudy.Mode.WEIGHTED), 4, 1000, 12);
    for (int nt : new int[] {10, 50}) {
      assertEquals(meanKendall(rows, nt, 0), meanKendall(rows, nt, DataVolumeStudy.ALL), 1e-12);
    }
    TransferPredictor p = observed(sources("shuffled:cifar10"), 3, 1);
    assertEquals(0, p.memberCount());
    assertEquals(0.0, p.transferWeight());
    assertTrue(p.describe().contains("cannot") || p.describe().contains("below"), p.describe());
  }

  /**
   * The hard case: a source that is perfectly learnable (sourceFit ~ 1) but unrelated to the target, a random
   * additive function of the genes. The target's own ranking must take its weight away.
   */
  @Test
  void structuredButUnrelatedSourceLosesItsWeight() {
    SplittableRandom rng = new SplittableRandom(9);
    double[] effect = new double[30];
    for (int i = 0; i < effect.length; i++) {
      effect[i] = rng.nextGaussian();
    }
    double[] v = new double[C100.size()];
    for (int i = 0; i < v.length; i++) {
      for (int p = 0; p < 6; p++) {
        v[i] += effect[p * 5 + C100.architectures().get(i).gene(p)];
      }
      v[i] += 0.3 * rng.nextGaussian();
    }
    List<SourceObservations> unrelated = List.of(new SourceObservations("unrelated", C100.architectures(), v));
    assertTrue(TransferModel.fit(NB201.space(), unrelated, 0).sourceFit() > 0.9);
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, unrelated, new int[] {10, 25, 50},
        new int[] {0, DataVolumeStudy.ALL}, List.of(DataVolumeStudy.Mode.WEIGHTED), 6, 1000, 3);
    for (int nt : new int[] {10, 25, 50}) {
      double without = meanKendall(rows, nt, 0);
      double with = meanKendall(rows, nt, DataVolumeStudy.ALL);
      assertTrue(with > without - 0.05, nt + " evaluations: tau with unrelated source " + with + ", without " + without);
    }
    double weight50 = rows.stream().filter(r -> r.targetEvaluations() == 50 && r.sourceEvaluations() != 0)
        .mapToDouble(DataVolumeStudy.Row::transferWeight).average().orElseThrow();
    assertTrue(weight50 < 0.2, "mean source weight after 50 evaluations " + weight50);
  }

  /**
   * u is in units of a whole source table, the target's scores in units of the few architectures evaluated,
   * which a search takes from u's top (and, for a bad source's picks, bottom) tail. The residual fitted on them
   * must not undo u's order there: without putting u into the target's units it is about -u, and a draw that
   * follows the source no longer picks u's next favourite (the situation of a mixed source set's first
   * evaluations: two picks of backwards sources, one random, u's two favourites).
   */
  @Test
  void residualKeepsTheSourceOrderAmongItsFavourites() {
    TransferModel u = TransferModel.fit(NB201.space(), sources("cifar10"), 0);
    List<Architecture> byU = new ArrayList<>(NB201.architectures());
    byU.sort(java.util.Comparator.comparingDouble(u::predict).reversed());
    SplittableRandom rng = new SplittableRandom(5);
    for (int run = 0; run < 5; run++) {
      TransferPredictor p = TransferPredictor.of(NB201.space(), List.of(u));
      int n = byU.size();
      List<Architecture> observed = new ArrayList<>(List.of(byU.get(n - 1 - run), byU.get(n - 10 - run),
          NB201.architectures().get(rng.nextInt(n)), byU.get(0), byU.get(1)));
      for (Architecture a : observed) {
        p.observe(a, NB201.value(a, "cifar100_valid200"));
      }
      var followingU = p.following(1); // what a draw that follows the source scores by
      Architecture next = NB201.architectures().stream().filter(a -> !observed.contains(a))
          .max(java.util.Comparator.comparingDouble(followingU::applyAsDouble)).orElseThrow();
      int rank = byU.indexOf(next);
      assertTrue(rank < 5, "run " + run + ": the next pick is u's " + rank + "th favourite; " + p.describe());
    }
  }

  /** Two evaluations are one pair, and it decides: members that rank it right share the weight, the rest get none. */
  @Test
  void withTwoEvaluationsTheirOnePairDecides() {
    TransferPredictor p = observed(sources("cifar10,negated:cifar10"), 0, 0);
    Architecture good = NB201.architectures().stream().max(java.util.Comparator.comparingDouble(
        a -> NB201.value(a, "cifar100_valid200"))).orElseThrow();
    Architecture poor = NB201.space().of(0, 0, 0, 0, 0, 0);
    p.observe(good, NB201.value(good, "cifar100_valid200"));
    p.observe(poor, NB201.value(poor, "cifar100_valid200"));
    assertArrayEquals(new double[] {1, 0}, p.sourceWeights(), 1e-12, p.describe());
    assertEquals(0.0, p.targetWeight(), p.describe());
  }

  @Test
  void predictionsFollowObservationsWithoutSources() {
    TransferPredictor p = TransferPredictor.targetOnly(NB201.space());
    List<Architecture> seen = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      var a = C100.architectures().get(i * 131);
      seen.add(a);
      p.observe(a, C100.values()[i * 131]);
    }
    p.observe(C100.architectures().get(1), Double.NaN); // failed evaluations are ignored
    assertEquals(30, p.observations());
    assertEquals(1.0, p.targetWeight());
    double[] pred = new double[30];
    double[] truth = new double[30];
    for (int i = 0; i < 30; i++) {
      pred[i] = p.predict(seen.get(i));
      truth[i] = C100.values()[i * 131];
    }
    assertTrue(Ranks.kendall(pred, truth) > 0.5, "in-sample tau " + Ranks.kendall(pred, truth));
  }

  /** Leave-pair-out predictions equal refitting without the pair (the closed form is right). */
  @Test
  void leavePairOutMatchesRefitting() {
    SplittableRandom rng = new SplittableRandom(4);
    int n = 9;
    double[][] x = new double[n][3];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < 3; d++) {
        x[i][d] = rng.nextGaussian();
      }
      y[i] = x[i][0] - 0.5 * x[i][1] + 0.2 * rng.nextGaussian();
    }
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        k[i][j] = Math.exp(-0.5 * dist2(x[i], x[j]));
      }
    }
    KernelRidge full = new KernelRidge(k);
    KernelRidge.Fit f = full.fit(y, 2);
    double[][] lpo = full.pairPredictions(f, y);
    int a = 2;
    int b = 6;
    int[] keep = java.util.stream.IntStream.range(0, n).filter(i -> i != a && i != b).toArray();
    double[][] kk = new double[keep.length][keep.length];
    double[] yy = new double[keep.length];
    for (int i = 0; i < keep.length; i++) {
      yy[i] = y[keep[i]];
      for (int j = 0; j < keep.length; j++) {
        kk[i][j] = k[keep[i]][keep[j]];
      }
    }
    KernelRidge.Fit g = new KernelRidge(kk).fit(yy, 2);
    for (int target : new int[] {a, b}) {
      double pred = g.intercept();
      for (int i = 0; i < keep.length; i++) {
        pred += g.alpha()[i] * k[target][keep[i]];
      }
      assertEquals(pred, lpo[target][target == a ? b : a], 1e-9);
    }
  }

  private static double dist2(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return s;
  }
}
