package org.nas4j.evaluate;

/** The life of an evaluation, as stored. */
public enum Status {
  /** Asked for, not yet claimed by a worker. */
  WAITING,
  /** Claimed by a worker that is training it. */
  RUNNING,
  /** Finished with metrics. */
  COMPLETE,
  /** Finished without metrics; {@link Evaluation#error()} says why. */
  FAILED;

  public boolean isFinished() {
    return this == COMPLETE || this == FAILED;
  }
}
