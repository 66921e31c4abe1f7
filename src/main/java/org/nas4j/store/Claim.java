package org.nas4j.store;

import java.util.Objects;

/**
 * A worker's exclusive hold on one evaluation of a study, from {@link Store#claim} until {@link Store#finish}
 * or {@link Store#release}. The attempt number makes a claim unique: once released and claimed again, the old
 * claim can no longer heartbeat or finish.
 *
 * @param study the study
 * @param id the evaluation's key in the store
 * @param number the evaluation's number in its study (0, 1, 2, ... in enqueue order)
 * @param architecture canonical string of the architecture to train
 * @param fidelity epochs to train
 * @param seed the seed for initialisation and data order, {@code Seeds.trial(study seed, number)}
 * @param worker who holds the claim
 * @param attempt 1 for the first claim of this evaluation, 2 when it is trained again after a lost worker, ...
 */
public record Claim(Study study, long id, int number, String architecture, int fidelity, long seed, String worker,
    int attempt) {
  public Claim {
    Objects.requireNonNull(study, "study");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(worker, "worker");
  }
}
