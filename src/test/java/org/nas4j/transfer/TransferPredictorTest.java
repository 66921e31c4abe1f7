package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.SourceObservations;
import org.junit.jupiter.api.Test;

class TransferPredictorTest {
  static final TabularBenchmark NB201 = TabularBenchmark.nb201();
  static final SourceObservations C100 = NB201.sourceObservations("cifar100", 200);

  static double meanKendall(List<DataVolumeStudy.Row> rows, int nt, int ns) {
    return rows.stream().filter(r -> r.targetEvaluations() == nt && r.sourceEvaluations() == ns)
        .mapToDouble(DataVolumeStudy.Row::kendall).average().orElseThrow();
  }

  @Test
  void sourcesRankHeldOutTargetArchitecturesBetterAt10Evaluations() {
    List<SourceObservations> sources =
        List.of(NB201.sourceObservations("cifar10", 200), NB201.sourceObservations("imagenet16", 200));
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, sources, new int[] {10},
        new int[] {0, DataVolumeStudy.ALL}, List.of(TransferModel.Mode.POOLED), 5, 1000, 11);
    double without = meanKendall(rows, 10, 0);
    double with = meanKendall(rows, 10, DataVolumeStudy.ALL);
    assertTrue(with > without + 0.2, "tau with sources " + with + ", without " + without);
    // with 0 source evaluations the predictor is the target-only model
    rows.stream().filter(r -> r.sourceEvaluations() == 0).forEach(r -> {
      assertEquals("target_only", r.choice());
      assertEquals(0.0, r.transferWeight());
    });
  }

  @Test
  void shuffledSourceGetsNearZeroWeightAndDoesNotHurt() {
    List<SourceObservations> shuffled = List.of(NB201.shuffledSource("cifar10", 200, 201));
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, shuffled, new int[] {10, 50},
        new int[] {0, DataVolumeStudy.ALL}, List.of(TransferModel.Mode.POOLED), 6, 1000, 12);
    for (int nt : new int[] {10, 50}) {
      double without = meanKendall(rows, nt, 0);
      double with = meanKendall(rows, nt, DataVolumeStudy.ALL);
      assertTrue(with > without - 0.05, nt + " evaluations: tau with shuffled source " + with + ", without " + without);
      double meanAbsWeight = rows.stream().filter(r -> r.targetEvaluations() == nt && r.sourceEvaluations() != 0)
          .mapToDouble(r -> Math.abs(r.transferWeight())).average().orElseThrow();
      assertTrue(meanAbsWeight < 0.2, nt + " evaluations: mean |a| = " + meanAbsWeight);
    }
  }

  /**
   * The hard case: a source that is perfectly learnable (so u trusts itself, sourceFit ~ 1) but unrelated to
   * the target: a random additive function of the genes. The target's leave-one-out choice must override it.
   */
  @Test
  void structuredButUnrelatedSourceIsOverriddenByTargetData() {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(9);
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
    assertTrue(TransferModel.fit(NB201.space(), unrelated, TransferModel.Mode.POOLED, 0).sourceFit() > 0.9);
    List<DataVolumeStudy.Row> rows = DataVolumeStudy.run(NB201.space(), C100, unrelated, new int[] {10, 25, 50},
        new int[] {0, DataVolumeStudy.ALL}, List.of(TransferModel.Mode.POOLED), 6, 1000, 3);
    for (int nt : new int[] {10, 25, 50}) {
      double without = meanKendall(rows, nt, 0);
      double with = meanKendall(rows, nt, DataVolumeStudy.ALL);
      assertTrue(with > without - 0.05, nt + " evaluations: tau with unrelated source " + with + ", without " + without);
    }
  }

  @Test
  void shuffledSourceIsIgnored() {
    TransferModel u = TransferModel.fit(NB201.space(), List.of(NB201.shuffledSource("cifar10", 200, 201)),
        TransferModel.Mode.POOLED, 0);
    TransferPredictor p = TransferPredictor.withTransfer(u);
    assertTrue(p.transferIgnored());
    assertEquals(0.0, p.transferWeight());
  }

  @Test
  void predictionsFollowObservationsWithoutSources() {
    TransferPredictor p = TransferPredictor.targetOnly(NB201.space());
    assertEquals(TransferPredictor.Choice.NONE, p.choice());
    for (int i = 0; i < 30; i++) {
      var a = C100.architectures().get(i * 131);
      p.observe(a, C100.values()[i * 131]);
    }
    p.observe(C100.architectures().get(1), Double.NaN); // failed evaluations are ignored
    assertEquals(30, p.observations());
    double[] pred = new double[30];
    double[] truth = new double[30];
    for (int i = 0; i < 30; i++) {
      pred[i] = p.predict(C100.architectures().get(i * 131));
      truth[i] = C100.values()[i * 131];
    }
    assertTrue(Ranks.kendall(pred, truth) > 0.5, "in-sample tau " + Ranks.kendall(pred, truth));
  }
}
