package org.nas4j.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.space.Architecture;

/**
 * The evaluator that looks architectures up in a {@link TabularBenchmark} instead of training them. The
 * objective is the task's validation accuracy after {@code fidelity} epochs ({@code <task>_valid<fidelity>});
 * the cost is the benchmark's training time for that schedule (simulated seconds, 0 when the table has no
 * cost column); the metrics are every metric column of the task, by column name. Tables hold means over
 * training seeds, so the seed is recorded but does not change the result.
 *
 * <p>An architecture missing from the table, or without a value at that fidelity, gives a FAILED evaluation.
 */
public final class TabularEvaluator implements Evaluator {
  private final TabularBenchmark benchmark;
  private final String task;

  public TabularEvaluator(TabularBenchmark benchmark, String task) {
    this.benchmark = Objects.requireNonNull(benchmark, "benchmark");
    benchmark.requireTask(task);
    this.task = task;
  }

  public TabularBenchmark benchmark() {
    return benchmark;
  }

  public String task() {
    return task;
  }

  @Override
  public Evaluation evaluate(Architecture architecture, int fidelity, long seed) {
    benchmark.requireFidelity(task, fidelity);
    String arch = architecture.toString();
    double cost = benchmark.cost(architecture, task, fidelity);
    double charged = Double.isNaN(cost) ? 0 : cost;
    if (!benchmark.contains(architecture)) {
      return Evaluation.failed(arch, task, fidelity, 0, seed,
          "architecture not in benchmark " + benchmark.name());
    }
    double objective = benchmark.value(architecture, TabularBenchmark.validColumn(task, fidelity));
    if (Double.isNaN(objective)) {
      return Evaluation.failed(arch, task, fidelity, charged, seed,
          "benchmark " + benchmark.name() + " has no " + TabularBenchmark.validColumn(task, fidelity) + " value for it");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (String c : benchmark.metricColumns(task)) {
      double v = benchmark.value(architecture, c);
      if (!Double.isNaN(v)) {
        metrics.put(c, v);
      }
    }
    return Evaluation.complete(arch, task, fidelity, objective, metrics, charged,
        benchmark.params(architecture, task), seed);
  }

  @Override
  public String toString() {
    return "TabularEvaluator[" + benchmark.name() + ", " + task + "]";
  }
}
