package org.nas4j.search;

import java.time.Duration;
import java.util.Objects;

/**
 * When a search stops asking for new candidates: after {@code evaluations} trials in the study (all runs
 * and processes together), or once {@code wallTime} has passed in this run, whichever comes first.
 * Candidates already in training when the time is up are finished and committed.
 *
 * @param evaluations the study's total number of trials (finished ones count, failed ones too)
 * @param wallTime wall time of this run; {@link Duration#ZERO} or negative means no limit
 */
public record Budget(int evaluations, Duration wallTime) {
  public Budget {
    Objects.requireNonNull(wallTime, "wallTime");
    if (evaluations < 1) {
      throw new org.nas4j.InputException(
          "the evaluation budget must be at least 1 (got " + evaluations + "): pass --budget-evals 1 or more");
    }
  }

  public static Budget evaluations(int n) {
    return new Budget(n, Duration.ZERO);
  }

  public boolean hasTimeLimit() {
    return !wallTime.isZero() && !wallTime.isNegative();
  }
}
