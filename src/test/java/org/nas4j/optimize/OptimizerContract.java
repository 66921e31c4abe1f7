package org.nas4j.optimize;

import org.nas4j.optimizers.Optimizers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nas4j.bench.BenchRunner;
import org.nas4j.evaluate.Budget;
import org.nas4j.bench.RunTrace;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.SearchSpace;

/**
 * Reusable checks for any {@link Optimizer} (test helper): the ask/tell contract, and a seeded comparison
 * against random search on a tabular benchmark. Use from a test:
 * <pre>{@code
 * OptimizerContract.check(Reinforce::new);
 * var c = OptimizerContract.versusRandomSearch(Reinforce::new, OptimizerContext.of(...)...);
 * }</pre>
 */
public final class OptimizerContract {
  /** A 2-op cell space: 64 architectures, small enough to run out of. */
  public static final CellSpace TINY = new CellSpace("tiny", List.of("conv", "pool"));

  private OptimizerContract() {}

  /** A deterministic objective for contract runs: NAS-Bench-201's CIFAR-10 12-epoch accuracy when there is one. */
  static double objective(Architecture a) {
    if (a.space().equals(CellSpace.NB201)) {
      return TabularBenchmark.nb201().value(a, "cifar10_valid12");
    }
    double v = 0;
    for (int g : a.genes()) {
      v = v * 1.7 + g;
    }
    return 50 + v % 40;
  }

  /** Runs every contract check; fails with a JUnit assertion naming the broken rule. */
  public static void check(Optimizers.Factory factory) {
    check(factory, List.of());
  }

  /** Runs every contract check with the given transfer sources in the context (for transfer optimizers). */
  public static void check(Optimizers.Factory factory, List<SourceObservations> sources) {
    sameSeedSameAsks(factory, sources);
    asksAreNewArchitecturesOfTheSpace(factory, sources);
    survivesARunOutSpace(factory);
    acceptsOutstandingAsksFailuresAndForeignTells(factory, sources);
  }

  static List<Architecture> drive(Optimizer o, int n) {
    List<Architecture> asks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Architecture a = o.ask();
      asks.add(a);
      o.tell(a, objective(a));
    }
    return asks;
  }

  /** The same seed and the same tells give the same asks. */
  public static void sameSeedSameAsks(Optimizers.Factory factory, List<SourceObservations> sources) {
    OptimizerContext ctx = new OptimizerContext(CellSpace.NB201, 42, sources);
    List<Architecture> a = drive(factory.create(ctx), 40);
    List<Architecture> b = drive(factory.create(ctx), 40);
    assertEquals(a, b, "same seed and same tells must give the same asks");
  }

  /** Asks belong to the context's space and do not repeat while the space has unseen architectures. */
  public static void asksAreNewArchitecturesOfTheSpace(Optimizers.Factory factory, List<SourceObservations> sources) {
    Optimizer o = factory.create(new OptimizerContext(CellSpace.NB201, 7, sources));
    assertNotNull(o.name());
    assertFalse(o.name().isBlank(), "an optimizer needs a name");
    Set<Architecture> seen = new HashSet<>();
    for (Architecture a : drive(o, 150)) {
      assertEquals(CellSpace.NB201, a.space(), "ask returned an architecture of another space");
      assertTrue(seen.add(a), "asked " + a + " twice while the space had unseen architectures");
    }
  }

  /** On a 64-architecture space: 64 distinct asks, then asks keep coming (repeats allowed). */
  public static void survivesARunOutSpace(Optimizers.Factory factory) {
    SearchSpace space = TINY;
    Optimizer o = factory.create(OptimizerContext.of(space, 3));
    Set<Architecture> seen = new HashSet<>();
    for (Architecture a : drive(o, (int) space.size())) {
      assertTrue(seen.add(a), "asked " + a + " twice before the 64-architecture space ran out");
    }
    assertEquals(space.size(), seen.size());
    for (Architecture a : drive(o, 10)) {
      assertEquals(space, a.space());
    }
  }

  /** Several asks outstanding, tells in reverse order, NaN for failures, tells of never-asked architectures. */
  public static void acceptsOutstandingAsksFailuresAndForeignTells(Optimizers.Factory factory,
      List<SourceObservations> sources) {
    Optimizer o = factory.create(new OptimizerContext(CellSpace.NB201, 11, sources));
    // resume: replay of evaluations this instance never asked for
    Architecture foreign = CellSpace.NB201.of(3, 3, 3, 1, 3, 3);
    o.tell(foreign, objective(foreign));
    List<Architecture> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      pending.add(o.ask());
    }
    assertEquals(5, new HashSet<>(pending).size(), "outstanding asks must differ");
    assertFalse(pending.contains(foreign), "asked an architecture it had been told about");
    for (int i = pending.size() - 1; i >= 0; i--) {
      o.tell(pending.get(i), i == 2 ? Double.NaN : objective(pending.get(i)));
    }
    Set<Architecture> all = new HashSet<>(pending);
    all.add(foreign);
    for (Architecture a : drive(o, 20)) {
      assertTrue(all.add(a), "asked " + a + " again after it was told");
    }
  }

  /**
   * The outcome of {@link #versusRandomSearch}: per run the best objective each found (same run seeds), and
   * the paired statistics of the difference.
   */
  public record Comparison(double meanOptimizer, double meanRandom, double meanDifference, double stdError,
      int wins, int losses) {
    /** The paired t statistic, mean difference over its standard error. */
    public double t() {
      return meanDifference / stdError;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "optimizer %.3f vs random %.3f: diff %.3f ± %.3f (t = %.1f), %d wins, %d losses",
          meanOptimizer, meanRandom, meanDifference, stdError, t(), wins, losses);
    }
  }

  /**
   * Runs an optimizer and random search {@code runs} times each on NAS-Bench-201 (search on {@code task}, seeing
   * the 12-epoch validation accuracy, {@code evals} evaluations per run) with the same run seeds, and compares
   * the best validation accuracy each run found.
   */
  public static Comparison versusRandomSearch(Optimizers.Factory factory, String task, List<SourceObservations> sources,
      int runs, int evals, long seed) {
    TabularBenchmark b = TabularBenchmark.nb201();
    BenchRunner.Config config = new BenchRunner.Config(b, task, 12, sources, Budget.ofEvaluations(evals), runs, seed,
        Math.max(1, Runtime.getRuntime().availableProcessors()));
    BenchRunner runner = new BenchRunner(config);
    List<List<RunTrace>> traces = runner.runAll(
        List.of(new Optimizers.Entry("candidate", "under test", factory), Optimizers.get("rs")), done -> {});
    double[] diff = new double[runs];
    double sumO = 0;
    double sumR = 0;
    int wins = 0;
    int losses = 0;
    for (int r = 0; r < runs; r++) {
      double o = traces.get(0).get(r).bestObjective();
      double rs = traces.get(1).get(r).bestObjective();
      sumO += o;
      sumR += rs;
      diff[r] = o - rs;
      wins += diff[r] > 0 ? 1 : 0;
      losses += diff[r] < 0 ? 1 : 0;
    }
    double mean = (sumO - sumR) / runs;
    double ss = 0;
    for (double d : diff) {
      ss += (d - mean) * (d - mean);
    }
    double se = Math.sqrt(ss / (runs - 1) / runs);
    return new Comparison(sumO / runs, sumR / runs, mean, se, wins, losses);
  }
}
