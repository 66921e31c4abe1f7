package org.nas4j.store;

/**
 * How many evaluations of a study are in each state, and the training cost spent on finished ones.
 *
 * @param waiting enqueued, not claimed
 * @param running claimed by a worker
 * @param complete finished with metrics
 * @param failed finished without metrics
 * @param costSeconds total cost of finished evaluations (what a time budget counts)
 */
public record Counts(int waiting, int running, int complete, int failed, double costSeconds) {
  /** Finished evaluations, complete or failed (what an evaluation budget counts). */
  public int finished() {
    return complete + failed;
  }

  public int total() {
    return waiting + running + complete + failed;
  }
}
