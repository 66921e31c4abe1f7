package org.nas4j.evaluate;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One architecture judged on one task at one fidelity.
 *
 * @param architecture canonical string of the architecture
 * @param task the task name, e.g. {@code cifar10} or {@code fashion-mnist}
 * @param fidelity training epochs the result stands for
 * @param objective what the optimizer maximises (for example the validation accuracy in %); NaN when failed
 * @param metrics every metric measured, by name (e.g. {@code valid_accuracy}, {@code test_accuracy})
 * @param costSeconds training cost charged to the search budget (simulated for tabular benchmarks)
 * @param params number of trainable parameters, or -1 when unknown
 * @param seed the seed that fixed initialisation and data order
 * @param status COMPLETE or FAILED
 * @param error why it failed, or null
 * @param provenance the recipe and software that trained it, or null when not recorded (a tabular benchmark, or an
 *     evaluation stored before provenance was)
 */
public record Evaluation(
    String architecture,
    String task,
    int fidelity,
    double objective,
    Map<String, Double> metrics,
    double costSeconds,
    long params,
    long seed,
    Status status,
    String error,
    Provenance provenance) {

  public Evaluation {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(status, "status");
    metrics = Map.copyOf(new TreeMap<>(metrics == null ? Map.of() : metrics));
    if (status == Status.COMPLETE && Double.isNaN(objective)) {
      throw new IllegalArgumentException("a COMPLETE evaluation of " + architecture + " needs an objective, got NaN");
    }
    if (!status.isFinished()) {
      throw new IllegalArgumentException("an evaluation is finished (COMPLETE or FAILED), got " + status);
    }
    if (costSeconds < 0 || Double.isNaN(costSeconds)) {
      throw new IllegalArgumentException("cost must be >= 0 seconds, got " + costSeconds);
    }
  }

  /** A completed evaluation. */
  public static Evaluation complete(String architecture, String task, int fidelity, double objective,
      Map<String, Double> metrics, double costSeconds, long params, long seed) {
    return new Evaluation(architecture, task, fidelity, objective, metrics, costSeconds, params, seed,
        Status.COMPLETE, null, null);
  }

  /** A failed evaluation with its reason. */
  public static Evaluation failed(String architecture, String task, int fidelity, double costSeconds, long seed,
      String error) {
    return new Evaluation(architecture, task, fidelity, Double.NaN, Map.of(), costSeconds, -1, seed,
        Status.FAILED, error, null);
  }

  /** This evaluation with what produced it. */
  public Evaluation withProvenance(Provenance p) {
    return new Evaluation(architecture, task, fidelity, objective, metrics, costSeconds, params, seed, status, error, p);
  }

  public boolean ok() {
    return status == Status.COMPLETE;
  }

  /** A metric by name, or NaN when absent. */
  public double metric(String name) {
    Double v = metrics.get(name);
    return v == null ? Double.NaN : v;
  }
}
