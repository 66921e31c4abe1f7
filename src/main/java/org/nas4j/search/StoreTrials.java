package org.nas4j.search;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Status;
import org.nas4j.store.Added;
import org.nas4j.store.ClaimLostException;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

/**
 * One study of a {@link Store} (SQLite file or PostgreSQL) as the runner's {@link Trials}. Adding a trial
 * under the budget is one transaction in the store, so several processes never exceed it; claims are row
 * locks ({@code FOR UPDATE SKIP LOCKED} on PostgreSQL).
 */
public final class StoreTrials implements Trials {
  /** {@link Store#claim(Study, String, Duration)} releases nothing itself: the runner decides what is stale. */
  private static final Duration NEVER = Duration.ofDays(36_500);

  private final Store store;
  private final Study study;
  private final Map<Long, org.nas4j.store.Claim> claims = new ConcurrentHashMap<>();

  public StoreTrials(Store store, Study study) {
    this.store = store;
    this.study = study;
  }

  public Study study() {
    return study;
  }

  @Override
  public Added add(String architecture, String worker, int limit) {
    org.nas4j.store.Added a = store.add(study, architecture, worker, limit);
    return switch (a.outcome()) {
      case ADDED -> Added.of(remember(a.claim()));
      case DUPLICATE -> Added.refused(AddStatus.DUPLICATE);
      case FULL -> Added.refused(AddStatus.FULL);
    };
  }

  @Override
  public Optional<Claim> claimWaiting(String worker) {
    return store.claim(study, worker, NEVER).map(this::remember);
  }

  private Claim remember(org.nas4j.store.Claim c) {
    claims.put(c.id(), c);
    return new Claim(c.id(), c.number(), c.architecture(), c.worker());
  }

  @Override
  public void heartbeat(Claim claim) {
    org.nas4j.store.Claim c = claims.get(claim.id());
    if (c != null) {
      try {
        store.heartbeat(c);
      } catch (ClaimLostException lost) {
        // finish() reports it
      }
    }
  }

  @Override
  public FinishedTrial finish(Claim claim, Evaluation evaluation) {
    org.nas4j.store.Claim c = claims.remove(claim.id());
    if (c == null) {
      throw new IllegalStateException("trial " + claim.number() + " is not claimed by " + claim.worker());
    }
    try {
      return view(store.finish(c, evaluation));
    } catch (ClaimLostException lost) {
      throw new IllegalStateException(lost.getMessage(), lost);
    }
  }

  @Override
  public void release(long trialId) {
    org.nas4j.store.Claim c = claims.remove(trialId);
    if (c != null) {
      store.release(c);
      return;
    }
    for (Trial t : store.running(study)) { // a claim of a dead process
      if (t.id() == trialId) {
        store.release(t);
      }
    }
  }

  @Override
  public List<RunningTrial> running() {
    List<RunningTrial> out = new ArrayList<>();
    for (Trial t : store.running(study)) {
      long beat = t.heartbeat() != null ? t.heartbeat().toEpochMilli()
          : t.claimed() != null ? t.claimed().toEpochMilli() : 0;
      out.add(new RunningTrial(t.id(), t.architecture(), t.worker(), beat));
    }
    return out;
  }

  @Override
  public int releaseStale(Duration age) {
    return store.releaseStale(study, age);
  }

  @Override
  public List<FinishedTrial> finishedSince(long afterSequence) {
    List<FinishedTrial> out = new ArrayList<>();
    for (Trial t : store.finishedAfter(study, afterSequence)) {
      out.add(view(t));
    }
    return out;
  }

  /** A stored finished trial in the runner's terms. */
  public static FinishedTrial view(Trial t) {
    return new FinishedTrial(t.id(), t.number(), t.finishSeq(), t.evaluation(),
        t.finished() == null ? 0 : t.finished().toEpochMilli(), t.worker() == null ? "" : t.worker());
  }

  @Override
  public int count() {
    return store.counts(study).total();
  }

  @Override
  public int waiting() {
    return store.counts(study).waiting();
  }
}
