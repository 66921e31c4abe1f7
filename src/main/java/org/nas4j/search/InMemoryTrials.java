package org.nas4j.search;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4j.evaluate.Evaluation;

/**
 * Trials of one study held in memory, for tests and throw-away searches. Thread-safe (one lock); lost with
 * the process.
 */
public final class InMemoryTrials implements Trials {
  private final Clock clock;
  private final Map<Long, Row> rows = new LinkedHashMap<>();
  private final Map<String, Long> byArchitecture = new HashMap<>();
  private final List<FinishedTrial> finished = new ArrayList<>();
  private long nextId = 1;
  private long nextSequence = 1;

  private static final class Row {
    final long id;
    final int number;
    final String architecture;
    String worker; // null while WAITING
    long heartbeat;
    boolean done;

    Row(long id, int number, String architecture) {
      this.id = id;
      this.number = number;
      this.architecture = architecture;
    }
  }

  public InMemoryTrials() {
    this(Clock.systemUTC());
  }

  public InMemoryTrials(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Added add(String architecture, String worker, int limit) {
    if (byArchitecture.containsKey(architecture)) {
      return Added.refused(AddStatus.DUPLICATE);
    }
    if (rows.size() >= limit) {
      return Added.refused(AddStatus.FULL);
    }
    Row r = new Row(nextId++, rows.size(), architecture);
    r.worker = worker;
    r.heartbeat = clock.millis();
    rows.put(r.id, r);
    byArchitecture.put(architecture, r.id);
    return Added.of(new Claim(r.id, r.number, architecture, worker));
  }

  @Override
  public synchronized Optional<Claim> claimWaiting(String worker) {
    for (Row r : rows.values()) {
      if (!r.done && r.worker == null) {
        r.worker = worker;
        r.heartbeat = clock.millis();
        return Optional.of(new Claim(r.id, r.number, r.architecture, worker));
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized void heartbeat(Claim claim) {
    Row r = rows.get(claim.id());
    if (r != null && !r.done && claim.worker().equals(r.worker)) {
      r.heartbeat = clock.millis();
    }
  }

  @Override
  public synchronized FinishedTrial finish(Claim claim, Evaluation evaluation) {
    Row r = rows.get(claim.id());
    if (r == null || r.done || !claim.worker().equals(r.worker)) {
      throw new IllegalStateException("trial " + claim.number() + " is no longer claimed by " + claim.worker());
    }
    r.done = true;
    FinishedTrial f = new FinishedTrial(r.id, r.number, nextSequence++, evaluation, clock.millis(), r.worker);
    finished.add(f);
    return f;
  }

  @Override
  public synchronized void release(long trialId) {
    Row r = rows.get(trialId);
    if (r != null && !r.done) {
      r.worker = null;
    }
  }

  @Override
  public synchronized List<RunningTrial> running() {
    List<RunningTrial> out = new ArrayList<>();
    for (Row r : rows.values()) {
      if (!r.done && r.worker != null) {
        out.add(new RunningTrial(r.id, r.architecture, r.worker, r.heartbeat));
      }
    }
    return out;
  }

  @Override
  public synchronized int releaseStale(Duration age) {
    long cutoff = clock.millis() - age.toMillis();
    int n = 0;
    for (Row r : rows.values()) {
      if (!r.done && r.worker != null && r.heartbeat < cutoff) {
        r.worker = null;
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized List<FinishedTrial> finishedSince(long afterSequence) {
    List<FinishedTrial> out = new ArrayList<>();
    for (FinishedTrial f : finished) {
      if (f.sequence() > afterSequence) {
        out.add(f);
      }
    }
    return out;
  }

  @Override
  public synchronized int count() {
    return rows.size();
  }

  @Override
  public synchronized int waiting() {
    int n = 0;
    for (Row r : rows.values()) {
      if (!r.done && r.worker == null) {
        n++;
      }
    }
    return n;
  }
}
