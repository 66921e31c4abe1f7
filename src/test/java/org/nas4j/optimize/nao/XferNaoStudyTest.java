package org.nas4j.optimize.nao;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchRunner;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.Budget;
import org.nas4j.bench.RunTrace;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.CellSpace;

/**
 * The ablation of docs/nao.md: how XferNAO fits its transfer head (pooled regression or per-source residual
 * heads), per target, against plain NAO, at 10/25/50 target evaluations (--fidelity 200, the other two tasks
 * as sources). Prints a Markdown table. {@code mvn test -Pslow -Dtest=XferNaoStudyTest}
 */
@Tag("slow")
class XferNaoStudyTest {
  private static final int RUNS = 10;

  @Test
  void pooledVersusResidualHeads() {
    TabularBenchmark b = TabularBenchmark.nb201();
    Map<String, String> sources = Map.of("cifar100", "cifar10,imagenet16", "cifar10", "cifar100,imagenet16",
        "imagenet16", "cifar10,cifar100");
    StringBuilder table = new StringBuilder(
        "| target | optimizer | @10 mean | @25 mean | @50 mean |\n|---|---|---|---|---|\n");
    for (String target : List.of("cifar100", "cifar10", "imagenet16")) {
      List<SourceObservations> src = BenchSources.parse(b, sources.get(target), target, 200);
      BenchRunner runner = new BenchRunner(new BenchRunner.Config(b, target, 200, src, Budget.ofEvaluations(50), RUNS,
          0, Math.max(1, Runtime.getRuntime().availableProcessors())));
      Nao.Config base = Nao.Config.defaults();
      Nao.Transfer t = Nao.Transfer.defaults();
      Nao.Transfer heads = new Nao.Transfer(Nao.SourceFit.RESIDUAL_HEADS, t.epochs(), t.topPerSource(),
          t.samplePerSource(), t.headDecay(), t.prior(), t.initial(), t.perIteration());
      List<Optimizers.Entry> entries = List.of(
          new Optimizers.Entry("xfernao pooled", "", ctx -> new Nao(ctx, base.withTransfer(t))),
          new Optimizers.Entry("xfernao residual heads", "", ctx -> new Nao(ctx, base.withTransfer(heads))),
          Optimizers.get("nao"));
      List<List<RunTrace>> traces = runner.runAll(entries, done -> {});
      String col = b.hasColumn(target + "_test200") ? target + "_test200" : target + "_valid200";
      double[][] at = new double[entries.size()][3];
      for (int o = 0; o < entries.size(); o++) {
        int[] ks = {10, 25, 50};
        for (int k = 0; k < 3; k++) {
          double sum = 0;
          for (RunTrace rt : traces.get(o)) {
            RunTrace.Step s = rt.steps().get(Math.min(ks[k], rt.steps().size()) - 1);
            sum += b.value(CellSpace.NB201.parse(s.bestArchitecture()), col);
          }
          at[o][k] = sum / RUNS;
        }
        table.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", target, entries.get(o).name(),
            at[o][0], at[o][1], at[o][2]));
      }
      for (int o = 0; o < 2; o++) {
        assertTrue(at[o][0] > at[2][0], entries.get(o).name() + " not better than nao at 10 evaluations on " + target);
      }
    }
    System.out.println(table);
  }
}
