package org.nas4j.store;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Store#add} and {@link Store#offer}: a new evaluation (claimed by the caller, or waiting for
 * any worker), an architecture the study already holds, or a study whose evaluation budget is spent.
 *
 * @param outcome what happened
 * @param trial the new or already stored evaluation; null when {@link Outcome#FULL}
 * @param claim the caller's claim on the new evaluation; null unless {@link Outcome#ADDED}
 */
public record Added(Outcome outcome, Trial trial, Claim claim) {
  /** What {@link Store#add} did. */
  public enum Outcome {
    /** A new evaluation was added, RUNNING and claimed by the caller. */
    ADDED,
    /** A new evaluation was added WAITING, for any worker to claim ({@link Store#offer}). */
    QUEUED,
    /** The study already holds this architecture at this fidelity (finished, waiting or running). */
    DUPLICATE,
    /** The study already holds as many evaluations as the limit allows. */
    FULL
  }

  public Added {
    Objects.requireNonNull(outcome, "outcome");
    if ((outcome == Outcome.ADDED) != (claim != null) || (outcome == Outcome.FULL) != (trial == null)) {
      throw new IllegalArgumentException(outcome + " with trial " + trial + " and claim " + claim);
    }
  }

  public Optional<Claim> claimed() {
    return Optional.ofNullable(claim);
  }
}
