package org.nas4j.bench;

import java.util.List;

/**
 * One seeded run of one optimizer: every evaluation in order, and the architecture it chose (the best
 * objective observed; the first one on ties).
 *
 * @param optimizer the optimizer's registry name
 * @param run the run index (0-based)
 * @param seed the optimizer's seed, {@code Seeds.derive(benchSeed, run)}
 * @param steps the evaluations in order
 * @param chosen the chosen architecture's canonical string, or null when no evaluation succeeded
 * @param report the chosen architecture's reported metrics, in {@link TabularBenchmark#reportColumns()} order
 *     (NaN when missing)
 */
public record RunTrace(String optimizer, int run, long seed, List<Step> steps, String chosen, double[] report) {
  public RunTrace {
    steps = List.copyOf(steps);
    report = report.clone();
  }

  /**
   * One evaluation of a run.
   *
   * @param evaluation 1-based number of the evaluation within the run
   * @param architecture canonical string of what was evaluated
   * @param objective what the optimizer was told (NaN when the look-up failed)
   * @param costSeconds simulated seconds charged
   * @param elapsedSeconds simulated seconds used so far, including this evaluation
   * @param best best objective so far (NaN before the first success)
   * @param bestArchitecture the architecture with that objective (null before the first success)
   */
  public record Step(int evaluation, String architecture, double objective, double costSeconds,
      double elapsedSeconds, double best, String bestArchitecture) {}

  /** Simulated seconds used by the whole run. */
  public double elapsedSeconds() {
    return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).elapsedSeconds();
  }

  /** The best objective the run observed (NaN when none succeeded). */
  public double bestObjective() {
    return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).best();
  }
}
