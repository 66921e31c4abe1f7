package org.nas4j.bench;

import org.nas4j.InputException;
import org.nas4j.report.Format;

/**
 * When a run stops: after {@code evaluations} evaluations, or before the evaluation that would take the
 * simulated training time past {@code seconds}, whichever comes first (0 means no limit of that kind). A
 * run never goes over its budget: the evaluation that would cross the time budget is not made. Every
 * evaluation counts, including an architecture the optimizer asks for a second time (it is looked up and
 * charged again).
 */
public record Budget(int evaluations, double seconds) {
  /** Safety stop for time-only budgets where evaluations cost nothing (failed look-ups): this many times the space. */
  static final int MAX_EVALUATIONS_PER_ARCHITECTURE = 4;

  public Budget {
    if (evaluations < 0 || seconds < 0 || Double.isNaN(seconds)) {
      throw new InputException("budgets must be >= 0, got --budget-evals " + evaluations + " --budget-seconds " + seconds);
    }
    if (evaluations == 0 && seconds == 0) {
      throw new InputException("no budget: give --budget-seconds (simulated training seconds) or --budget-evals");
    }
  }

  public static Budget ofEvaluations(int n) {
    return new Budget(n, 0);
  }

  public static Budget ofSeconds(double s) {
    return new Budget(0, s);
  }

  public boolean hasSeconds() {
    return seconds > 0;
  }

  public boolean hasEvaluations() {
    return evaluations > 0;
  }

  @Override
  public String toString() {
    return (hasEvaluations() ? Format.count(evaluations) + " evaluations" : "")
        + (hasEvaluations() && hasSeconds() ? " or " : "")
        + (hasSeconds() ? Format.seconds(seconds) + " simulated seconds" : "");
  }
}
