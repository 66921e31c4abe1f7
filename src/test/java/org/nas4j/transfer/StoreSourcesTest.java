package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.transfer.TransferOptimizersTest.bestValidation;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.store.Claim;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.store.Trial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Earlier studies in the store become transfer sources for a study on a new task. */
class StoreSourcesTest {
  @TempDir Path dir;

  @Test
  void earlierStudiesOnOtherTasksBecomeSources() {
    TabularBenchmark nb = TabularBenchmark.nb201();
    try (Store store = Store.open(dir.resolve("s.sqlite").toString())) {
      Study c10 = store.createStudy(StudySpec.of("c10", "nb201", "cifar10", "rs", 1, 200));
      Study target = store.createStudy(StudySpec.of("c100", "nb201", "cifar100", "rea-xfer", 1, 200));
      List<Architecture> archs = nb.architectures().subList(0, 120);
      for (Architecture a : archs) {
        record(store, c10, a, 12, nb.value(a, "cifar10_valid12"));
        record(store, c10, a, 200, nb.value(a, "cifar10_valid200"));
      }
      record(store, target, archs.get(0), 200, 50); // the target's own evaluations are not a source
      List<SourceObservations> sources = StoreSources.of(store, nb.space(), "cifar100");
      assertEquals(1, sources.size());
      SourceObservations s = sources.get(0);
      assertEquals("cifar10", s.task());
      assertEquals(120, s.size());
      for (int i = 0; i < 120; i++) { // the 200-epoch value wins over the 12-epoch one
        assertEquals(nb.value(s.architectures().get(i), "cifar10_valid200"), s.values()[i], 1e-9);
      }
      TransferModel u = TransferModel.fit(nb.space(), sources, 1);
      assertTrue(u.sourceFit() > 0.3, u.toString());
    }
  }

  /**
   * An earlier study on a task that ranks architectures backwards (a loss recorded as if higher were better)
   * must not make a search on the target worse: read from the store, weighted by how it ranks the target,
   * it gets weight 0, while a related earlier study helps.
   */
  @Test
  void anUnrelatedEarlierStudyDoesNotMisleadTheSearch() {
    TabularBenchmark nb = TabularBenchmark.nb201();
    try (Store store = Store.open(dir.resolve("u.sqlite").toString())) {
      Study backwards = store.createStudy(StudySpec.of("loss", "nb201", "loss-task", "rs", 1, 200));
      Study related = store.createStudy(StudySpec.of("c10", "nb201", "cifar10", "rs", 1, 200));
      List<Architecture> shuffled = new java.util.ArrayList<>(nb.architectures());
      java.util.Collections.shuffle(shuffled, new java.util.Random(1));
      for (Architecture a : shuffled.subList(0, 300)) {
        record(store, backwards, a, 200, -nb.value(a, "cifar100_valid200"));
      }
      List<SourceObservations> unrelated = StoreSources.of(store, nb.space(), "cifar100");
      assertEquals(List.of("loss-task"), unrelated.stream().map(SourceObservations::task).toList());
      for (Architecture a : shuffled.subList(300, 600)) {
        record(store, related, a, 200, nb.value(a, "cifar10_valid200"));
      }
      List<SourceObservations> both = StoreSources.of(store, nb.space(), "cifar100");
      int runs = 40;
      double[] base = new double[runs];
      double[] bad = new double[runs];
      double[] good = new double[runs];
      for (int r = 0; r < runs; r++) {
        long seed = org.nas4j.evaluate.Seeds.derive(3, r);
        base[r] = bestValidation("rea", new OptimizerContext(nb.space(), seed, List.of()), 20);
        bad[r] = bestValidation("rea-xfer", new OptimizerContext(nb.space(), seed, unrelated), 20);
        good[r] = bestValidation("rea-xfer", new OptimizerContext(nb.space(), seed, both), 20);
      }
      var worse = org.nas4j.bench.Paired.of(base, bad); // positive: rea did better than with the source
      assertTrue(worse.t() < 2, "rea vs rea-xfer with a backwards store study: " + worse);
      var better = org.nas4j.bench.Paired.of(good, base);
      assertTrue(better.t() > 3, "rea-xfer with a related store study vs rea: " + better);
    }
  }

  private static void record(Store store, Study study, Architecture a, int fidelity, double value) {
    Trial t = store.enqueue(study, a.toString(), fidelity);
    Claim c = store.claim(t, "w").orElseThrow();
    store.finish(c, Evaluation.complete(a.toString(), study.spec().task(), fidelity, value, Map.of(), 1, 0, 0));
  }
}
