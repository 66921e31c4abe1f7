package org.nas4j.store;

import java.time.Instant;
import java.util.Objects;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Status;

/**
 * One evaluation of a study as stored: its place in the work queue and, once finished, its result. Values
 * returned by the store are snapshots; later store calls never change them.
 *
 * @param id the store's key
 * @param studyId the study's key
 * @param number position in the study, 0, 1, 2, ... in enqueue order
 * @param architecture canonical string of the architecture
 * @param fidelity epochs
 * @param seed {@code Seeds.trial(study seed, number)} when queued; after it finishes, the seed its evaluation
 *     reports (a PBT member-step trains with its own)
 * @param status WAITING, RUNNING, COMPLETE or FAILED
 * @param worker the worker holding or last holding the claim, or null if never claimed
 * @param attempt how many times it was claimed (more than 1 when a lost worker's evaluation was trained again)
 * @param finishSeq 1, 2, 3, ... in the order evaluations of the study finished; 0 when not finished
 * @param enqueued when it was enqueued
 * @param claimed when the current or last claim was taken, or null
 * @param heartbeat the last heartbeat of the current or last claim, or null
 * @param finished when it finished, or null
 * @param nas4jVersion the nas4j version that finished it, or null
 * @param evaluation the result when finished (status COMPLETE or FAILED), otherwise null
 */
public record Trial(long id, long studyId, int number, String architecture, int fidelity, long seed, Status status,
    String worker, int attempt, long finishSeq, Instant enqueued, Instant claimed, Instant heartbeat,
    Instant finished, String nas4jVersion, Evaluation evaluation) {
  public Trial {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(status, "status");
    if (status.isFinished() != (evaluation != null)) {
      throw new IllegalArgumentException("trial #" + number + " is " + status + (evaluation == null
          ? " without an evaluation" : " but carries an evaluation"));
    }
  }

  public boolean isFinished() {
    return status.isFinished();
  }
}
