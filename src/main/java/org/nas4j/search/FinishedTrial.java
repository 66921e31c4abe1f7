package org.nas4j.search;

import java.util.Objects;
import org.nas4j.evaluate.Evaluation;

/**
 * A committed evaluation of a study.
 *
 * @param id the store's id of the trial
 * @param number the trial's number in its study
 * @param sequence position in the study's finish order (strictly increasing, not necessarily contiguous)
 * @param evaluation what was measured
 * @param finishedAtMillis wall-clock time of the commit (epoch milliseconds)
 * @param worker who trained it
 */
public record FinishedTrial(long id, int number, long sequence, Evaluation evaluation, long finishedAtMillis,
    String worker) {
  public FinishedTrial {
    Objects.requireNonNull(evaluation, "evaluation");
  }
}
