package org.nas4j.search;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.nas4j.evaluate.Evaluation;

/**
 * The trials of one study as the runner sees them: the store's side of the ask/tell loop.
 *
 * <p>Every method is one transaction and is safe to call from several threads and, for shared stores, from
 * several processes at once. A trial is WAITING, RUNNING (claimed by one worker) or finished; an
 * architecture has at most one trial per study, so two workers never train the same architecture.
 */
public interface Trials {

  /** Result of {@link #add}. */
  enum AddStatus {
    /** A new trial was added and is claimed by the caller. */
    ADDED,
    /** The architecture already has a trial in this study (finished, waiting or running). */
    DUPLICATE,
    /** The study already has as many trials as the budget allows. */
    FULL
  }

  /** The outcome of {@link #add}: a claim when {@link AddStatus#ADDED}. */
  record Added(AddStatus status, Optional<Claim> claim) {
    public static Added of(Claim c) {
      return new Added(AddStatus.ADDED, Optional.of(c));
    }

    public static Added refused(AddStatus s) {
      return new Added(s, Optional.empty());
    }
  }

  /**
   * Adds the architecture as a new trial already claimed by {@code worker}, unless it has a trial in this
   * study already or the study has {@code limit} trials (finished, waiting and running together).
   */
  Added add(String architecture, String worker, int limit);

  /** Claims the oldest WAITING trial (a released claim), if any; with row locks that skip rows others hold. */
  Optional<Claim> claimWaiting(String worker);

  /** Keeps a claim alive. */
  void heartbeat(Claim claim);

  /**
   * Commits the evaluation of a claimed trial. When this returns, the evaluation is durable; only then may
   * the optimizer be told.
   *
   * @throws IllegalStateException if the claim is no longer held (it was released as stale)
   */
  FinishedTrial finish(Claim claim, Evaluation evaluation);

  /** Gives a claimed trial back (WAITING), to be trained again by whoever claims it next. */
  void release(long trialId);

  /** Every trial that is claimed and not finished, by any worker. */
  List<RunningTrial> running();

  /** Releases RUNNING trials whose last heartbeat is older than {@code age}; returns how many. */
  int releaseStale(Duration age);

  /** The finished trials with {@code sequence > afterSequence}, in finish order. */
  List<FinishedTrial> finishedSince(long afterSequence);

  /** Number of trials (finished, waiting and running); what the evaluation budget counts. */
  int count();

  /** Number of WAITING trials. */
  int waiting();
}
