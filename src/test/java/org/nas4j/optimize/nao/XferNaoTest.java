package org.nas4j.optimize.nao;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchRunner;
import org.nas4j.bench.BenchSources;
import org.nas4j.evaluate.Budget;
import org.nas4j.bench.RunTrace;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/** Transfer pays off when the sources are related, on NAS-Bench-201 and on a space with another op set. */
class XferNaoTest {

  @Test
  void xferNaoBeatsNaoAfterTenEvaluationsOnCifar100() {
    TabularBenchmark b = TabularBenchmark.nb201();
    List<SourceObservations> sources = BenchSources.parse(b, "cifar10,imagenet16", "cifar100", 200);
    int runs = 12;
    BenchRunner runner = new BenchRunner(new BenchRunner.Config(b, "cifar100", 200, sources,
        Budget.ofEvaluations(10), runs, 3, Math.max(1, Runtime.getRuntime().availableProcessors())));
    List<List<RunTrace>> t = runner.runAll(List.of(Optimizers.get("xfernao"), Optimizers.get("nao")), done -> {});
    double xfer = 0;
    double nao = 0;
    int wins = 0;
    for (int r = 0; r < runs; r++) {
      double x = t.get(0).get(r).bestObjective();
      double n = t.get(1).get(r).bestObjective();
      xfer += x / runs;
      nao += n / runs;
      wins += x > n ? 1 : 0;
    }
    String msg = String.format("cifar100 valid200 after 10 evals: xfernao %.2f, nao %.2f, xfernao better in %d of %d",
        xfer, nao, wins, runs);
    System.out.println(msg);
    assertTrue(xfer > nao + 1.0 && wins >= runs - 2, msg);
    assertTrue(xfer > 72.9, msg); // near the optimum, 73.49 (random search after 10 evaluations: about 69)
  }

  /** A 3-op cell space (729 architectures) with two related synthetic source tasks and a target. */
  @Test
  void transfersOnAnotherOpSet() {
    CellSpace space = new CellSpace("three", List.of("conv", "pool", "skip"));
    List<Architecture> all = space.enumerate().toList();
    // tasks share a preference for conv on the first edges and skip on the last, with task-specific noise
    ToDoubleFunction<Architecture> target = a -> score(a, 0);
    List<SourceObservations> sources = List.of(source(all, 1), source(all, 2));
    Architecture best = all.stream().max(java.util.Comparator.comparingDouble(target)).orElseThrow();
    int runs = 8;
    int foundXfer = 0;
    int foundNao = 0;
    for (int r = 0; r < runs; r++) {
      OptimizerContext ctx = new OptimizerContext(space, 100 + r, sources);
      foundXfer += firstEvaluations(NaoTest.xfer(ctx), target, 10).contains(best) ? 1 : 0;
      foundNao += firstEvaluations(Nao.create(ctx), target, 10).contains(best) ? 1 : 0;
    }
    String msg = "optimum within 10 evaluations: xfernao " + foundXfer + "/" + runs + ", nao " + foundNao + "/" + runs;
    System.out.println(msg);
    assertTrue(foundXfer >= runs - 2 && foundXfer > foundNao, msg);
  }

  private static double score(Architecture a, int task) {
    double s = 0;
    int[] g = a.genes();
    for (int p = 0; p < g.length; p++) {
      s += p < 3 ? (g[p] == 0 ? 2 : 0) : (g[p] == 2 ? 1.5 : 0);
    }
    // a small task-specific term, deterministic per (architecture, task)
    long h = org.nas4j.evaluate.Seeds.derive(task, a.hashCode());
    return 60 + 3 * s + (h & 1023) / 1023.0 * 0.8;
  }

  private static SourceObservations source(List<Architecture> all, int task) {
    double[] v = all.stream().mapToDouble(a -> score(a, task)).toArray();
    return new SourceObservations("synthetic" + task, all, v);
  }

  private static List<Architecture> firstEvaluations(Optimizer o, ToDoubleFunction<Architecture> f, int n) {
    List<Architecture> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Architecture a = o.ask();
      out.add(a);
      o.tell(a, f.applyAsDouble(a));
    }
    return out;
  }
}
