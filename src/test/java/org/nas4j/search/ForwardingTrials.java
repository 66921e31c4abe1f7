package org.nas4j.search;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.nas4j.evaluate.Evaluation;

/** Delegates every call, so a test can watch one of them. */
class ForwardingTrials implements Trials {
  private final Trials d;

  ForwardingTrials(Trials d) {
    this.d = d;
  }

  @Override
  public Added add(String architecture, String worker, int limit) {
    return d.add(architecture, worker, limit);
  }

  @Override
  public Optional<Claim> claimWaiting(String worker) {
    return d.claimWaiting(worker);
  }

  @Override
  public void heartbeat(Claim claim) {
    d.heartbeat(claim);
  }

  @Override
  public FinishedTrial finish(Claim claim, Evaluation evaluation) {
    return d.finish(claim, evaluation);
  }

  @Override
  public void release(long trialId) {
    d.release(trialId);
  }

  @Override
  public List<RunningTrial> running() {
    return d.running();
  }

  @Override
  public int releaseStale(Duration age) {
    return d.releaseStale(age);
  }

  @Override
  public List<FinishedTrial> finishedSince(long afterSequence) {
    return d.finishedSince(afterSequence);
  }

  @Override
  public int count() {
    return d.count();
  }

  @Override
  public int waiting() {
    return d.waiting();
  }
}
