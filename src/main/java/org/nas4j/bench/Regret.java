package org.nas4j.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Normalised regret of a chosen architecture on one column of a table: {@code (best - value) / (best - worst)}
 * over every architecture the table has a value for, so 0 is the table's best and 1 its worst, whatever the
 * metric's units (accuracy in %, a score in [0, 1], ...). Higher metric values are better.
 */
public final class Regret {
  private final TabularBenchmark benchmark;
  private final String column;
  private final double best;
  private final double worst;
  private final Map<String, Double> byArchitecture = new ConcurrentHashMap<>();

  public Regret(TabularBenchmark benchmark, String column) {
    this.benchmark = benchmark;
    this.column = column;
    double hi = Double.NEGATIVE_INFINITY;
    double lo = Double.POSITIVE_INFINITY;
    for (double v : benchmark.column(column)) {
      if (!Double.isNaN(v)) {
        hi = Math.max(hi, v);
        lo = Math.min(lo, v);
      }
    }
    this.best = hi;
    this.worst = lo;
  }

  /** The column regret is measured on, e.g. {@code cifar100_test200}. */
  public String column() {
    return column;
  }

  /** The column's largest value in the table. */
  public double best() {
    return best;
  }

  /** The column's smallest value in the table. */
  public double worst() {
    return worst;
  }

  /** The regret of an architecture given as its canonical string; NaN when the table has no value for it. */
  public double of(String architecture) {
    return byArchitecture.computeIfAbsent(architecture, a -> {
      double v = benchmark.value(benchmark.space().parse(a), column);
      return best > worst ? (best - v) / (best - worst) : 0 * v;
    });
  }

  /**
   * A run's regret after {@code k} evaluations: of the best architecture observed among its first {@code k}
   * (its last when it made fewer; {@code k <= 0}: its final choice). NaN when it had found nothing by then.
   */
  public double of(RunTrace run, int k) {
    List<RunTrace.Step> steps = run.steps();
    if (steps.isEmpty()) {
      return Double.NaN;
    }
    RunTrace.Step s = steps.get(k <= 0 ? steps.size() - 1 : Math.min(k, steps.size()) - 1);
    return s.bestArchitecture() == null ? Double.NaN : of(s.bestArchitecture());
  }
}
