package org.nas4j.store;

/**
 * A worker's claim on an evaluation is gone: its heartbeat stopped long enough for the claim to be released
 * (and perhaps given to another worker). The worker must drop its result; the evaluation is trained again.
 */
public class ClaimLostException extends IllegalStateException {
  private final transient Claim claim;

  public ClaimLostException(Claim claim) {
    super("claim on evaluation #" + claim.number() + " of study " + claim.study().name() + " by worker "
        + claim.worker() + " (attempt " + claim.attempt() + ") was released: its heartbeat stopped");
    this.claim = claim;
  }

  public Claim claim() {
    return claim;
  }
}
