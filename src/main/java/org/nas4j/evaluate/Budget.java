package org.nas4j.evaluate;

import org.nas4j.InputException;

/**
 * How much a study or a bench run may spend: a number of evaluations (every evaluation counts, failed ones
 * too), and seconds of training cost (simulated by a tabular benchmark, measured by real training).
 *
 * <p>The one zero rule: 0 means no limit of that kind, so {@link #NONE} limits nothing; negative values are
 * refused. Whoever needs a limit says which: {@code nas4j bench} needs one of the two, a search needs an
 * evaluation budget. A stored study's budget lives in the store, which is authoritative for every process
 * of that study.
 */
public record Budget(int evaluations, double seconds) {
  /** No limit of either kind. */
  public static final Budget NONE = new Budget(0, 0);

  public Budget {
    if (evaluations < 0) {
      throw new InputException("the evaluation budget must be 0 (no limit) or more, got " + evaluations);
    }
    if (!(seconds >= 0) || Double.isInfinite(seconds)) {
      throw new InputException("the budget in seconds must be 0 (no limit) or more, got " + seconds);
    }
  }

  public static Budget ofEvaluations(int n) {
    return new Budget(n, 0);
  }

  public static Budget ofSeconds(double s) {
    return new Budget(0, s);
  }

  public boolean hasEvaluations() {
    return evaluations > 0;
  }

  public boolean hasSeconds() {
    return seconds > 0;
  }
}
