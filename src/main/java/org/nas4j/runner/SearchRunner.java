package org.nas4j.runner;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nas4j.InputException;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.optimize.Optimizer;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.Added;
import org.nas4j.store.Claim;
import org.nas4j.store.ClaimLostException;
import org.nas4j.store.Counts;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudyLock;
import org.nas4j.store.Trial;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ask/tell loop of one study in a {@link Store}: workers claim trials, train them with the evaluator,
 * commit each result and only then tell the optimizer. Candidates train at the study's fidelity with their
 * claim's seed, until the study's evaluation budget (as stored) is spent or this run's wall time is up;
 * candidates in training when the time is up are finished and committed.
 *
 * <p>How it keeps its promises:
 * <ul>
 *   <li><b>Commit before tell.</b> The optimizer learns of results only by reading committed trials back
 *   from the store ({@link Store#finishedAfter}), in finish order, so what it was told is always durable.</li>
 *   <li><b>Resume.</b> At start the optimizer is built fresh from its seed and every finished trial is
 *   replayed with {@code tell} in finish order, which is exactly the sequence a live run told it. Trials
 *   held by a dead process on this host are released at once, others when their heartbeat is older than
 *   {@code staleAfter}; released trials are WAITING and are claimed (and trained again) before anything new
 *   is asked.</li>
 *   <li><b>No duplicates.</b> An architecture has at most one trial per study ({@link Store#add} refuses a
 *   second), so nothing finished is trained again and two workers never train the same architecture.</li>
 *   <li><b>Several workers.</b> Worker threads each call {@code workerInit} first (for DJL:
 *   {@code Autograd::inference}, since libtorch turns gradient recording on in new threads). Optimizer and
 *   store calls are serialised by one lock; training runs outside it. Several processes on one shared store
 *   divide the work the same way, through claims.</li>
 *   <li><b>Several processes.</b> A new architecture is asked for only under the study's
 *   {@linkplain StudyLock.Purpose#SUGGEST suggestion lock}, after reading every result committed so far, so no
 *   two processes propose from stale state. Each claim first releases claims whose heartbeat (timed by the
 *   store's server) is older than {@code staleAfter}: a dead process's evaluations are trained again.</li>
 * </ul>
 * The optimizer is used from one thread at a time and never sees the store.
 */
public final class SearchRunner {
  /** Told after each commit (from a worker thread, under the runner's lock: keep it short). */
  @FunctionalInterface
  public interface Listener {
    void finished(Progress progress);

    /** Called once after the replay, before any training. */
    default void started(int replayed, int budget) {}
  }

  /** Diagnostics (a lost claim, a failed heartbeat); the search's own output goes to its listener. */
  private static final Logger LOG = LoggerFactory.getLogger(SearchRunner.class);

  private final SearchSpace space;
  private final Supplier<Optimizer> optimizerFactory;
  private final Evaluator evaluator;
  private final Store store;
  private final Study study;
  /** The study's evaluation budget: all runs and processes together, failed evaluations too. */
  private final int budget;
  /** This run's wall time; zero for no limit. */
  private final Duration wallTime;
  private final int workers;
  private final Duration heartbeat;
  private final Duration staleAfter;
  private final Runnable workerInit;
  private final Listener listener;
  private final Clock clock;
  /** Trainings this run may start; 0 for no limit (a worker that leaves after N evaluations). */
  private final int maxTrials;
  /** Leave when nothing could be claimed for this long, even while others still train; zero waits to the end. */
  private final Duration idleExit;
  /** Worker names are {@code <prefix>:<thread>}; the prefix is {@code host:pid} unless set. */
  private final String prefix;

  // state of one run, guarded by `lock`
  private final Object lock = new Object();
  private Optimizer optimizer;
  private long lastSequence;
  private final List<Trial> seen = new ArrayList<>();
  private Trial best;
  private boolean asksExhausted;
  private RuntimeException fatal;
  private int trainedHere;
  private int started;
  private int suggestions;
  /** A suggestion lock that took longer than this to get was contended: others queue for it too. */
  private static final long CONTENDED_NANOS = 1_000_000;
  /** At most this many architectures asked for queued workers per suggestion (each is proposed a little earlier). */
  private static final int MAX_ASK_FOR_OTHERS = 16;
  private long lockWaitNanos;
  private boolean idleOut;
  /** Architectures the study holds (any state), read under the suggestion lock: asks for them need no round trip. */
  private final Set<String> known = new java.util.HashSet<>();
  private int knownUpTo;
  private long optimizerNanos;
  private long storeNanos;
  private long evaluateNanos;
  private long startMillis;
  private final Set<Claim> held = ConcurrentHashMap.newKeySet();
  private final Map<Long, Long> trainingStarted = new ConcurrentHashMap<>();

  private SearchRunner(Builder b) {
    this.space = Objects.requireNonNull(b.space, "space");
    this.optimizerFactory = Objects.requireNonNull(b.optimizer, "optimizer");
    this.evaluator = Objects.requireNonNull(b.evaluator, "evaluator");
    this.store = Objects.requireNonNull(b.store, "store");
    this.study = Objects.requireNonNull(b.study, "study");
    this.budget = study.spec().budget().evaluations();
    this.wallTime = b.wallTime;
    if (budget < 1) {
      throw new InputException("study " + study.name() + " has no evaluation budget: give it one with Store.setBudget");
    }
    this.workers = b.workers;
    this.heartbeat = b.heartbeat;
    this.staleAfter = b.staleAfter;
    this.workerInit = b.workerInit;
    this.listener = b.listener;
    this.clock = b.clock;
    this.maxTrials = b.maxTrials;
    this.idleExit = b.idleExit;
    this.prefix = b.prefix != null ? b.prefix : Workers.local();
    if (workers < 1) {
      throw new InputException("workers must be at least 1 (got " + workers + "): pass --workers 1 or more");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs until the budget is spent (or the time is up) and every trial this run claimed is committed.
   *
   * @throws InputException when the evaluator reports bad input (the claim is released, nothing is lost)
   */
  public SearchResult run() {
    startMillis = clock.millis();
    int replayed;
    synchronized (lock) {
      long t0 = System.nanoTime();
      releaseDeadLocalClaims();
      store.releaseStale(study, staleAfter);
      storeNanos += System.nanoTime() - t0;
      long t1 = System.nanoTime();
      optimizer = optimizerFactory.get();
      optimizerNanos += System.nanoTime() - t1;
      replayed = syncLocked();
    }
    listener.started(replayed, budget);
    ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "nas4j-heartbeat");
      t.setDaemon(true);
      return t;
    });
    beats.scheduleWithFixedDelay(this::beat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    List<Thread> threads = new ArrayList<>();
    try {
      for (int i = 0; i < workers; i++) {
        String worker = prefix + ":" + i;
        Thread t = new Thread(() -> workerLoop(worker), "nas4j-worker-" + i);
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (lock) {
        fatal = new IllegalStateException("search interrupted", e);
      }
      threads.forEach(Thread::interrupt);
    } finally {
      beats.shutdownNow();
    }
    synchronized (lock) {
      for (Claim c : held) { // only after an interrupt: give them back for the next run
        store.release(c);
      }
      if (fatal != null) {
        throw fatal;
      }
      syncLocked();
      String stop = asksExhausted ? "the optimizer has no new architectures"
          : timeUp() ? "wall-time budget reached"
          : maxTrialsReached() ? "this worker's --max-trials reached"
          : idleOut ? "nothing to claim for " + idleExit.toSeconds() + " s (--idle-exit)"
          : "evaluation budget reached";
      return new SearchResult(List.copyOf(seen), Optional.ofNullable(best), replayed, trainedHere,
          Duration.ofMillis(clock.millis() - startMillis), evaluateNanos / 1e9, optimizerNanos / 1e9,
          storeNanos / 1e9, workers, stop, suggestions, lockWaitNanos / 1e9);
    }
  }

  private void workerLoop(String worker) {
    try {
      workerInit.run();
      work(worker);
    } catch (RuntimeException | Error e) {
      // a bug or a broken engine: stop the whole run (claims stay RUNNING and come back on the next run)
      synchronized (lock) {
        if (fatal == null) {
          fatal = e instanceof RuntimeException re ? re : new IllegalStateException("worker " + worker + " died: " + e, e);
        }
      }
    }
  }

  private void work(String worker) {
    long idleSince = -1;
    while (true) {
      Claim claim;
      synchronized (lock) {
        if (fatal != null || idleOut) {
          return;
        }
        claim = nextClaimLocked(worker);
        if (claim == null && finishedLocked()) {
          return;
        }
        if (claim == null && !idleExit.isZero()) {
          long now = clock.millis();
          idleSince = idleSince < 0 ? now : idleSince;
          if (now - idleSince >= idleExit.toMillis()) {
            idleOut = true; // others still train; their results need no help from us
            return;
          }
        }
        if (claim != null) {
          started++;
        }
      }
      if (claim == null) {
        sleep(Math.min(1000, Math.max(50, heartbeat.toMillis() / 2)));
        continue;
      }
      idleSince = -1;
      held.add(claim);
      trainingStarted.put(claim.id(), System.nanoTime());
      Evaluation e;
      long t0 = System.nanoTime();
      try {
        Architecture a = space.parse(claim.architecture());
        e = evaluator.evaluate(a, claim.fidelity(), claim.seed());
      } catch (InputException bad) {
        synchronized (lock) {
          store.release(claim);
          held.remove(claim);
          if (fatal == null) {
            fatal = bad;
          }
        }
        return;
      } catch (RuntimeException | OutOfMemoryError | StackOverflowError crash) {
        // one candidate that cannot be trained must not end the search: record why and go on
        e = Evaluation.failed(claim.architecture(), study.spec().task(), claim.fidelity(),
            (System.nanoTime() - t0) / 1e9, claim.seed(), crash.toString());
      }
      long dt = System.nanoTime() - t0;
      synchronized (lock) {
        evaluateNanos += dt;
        long s0 = System.nanoTime();
        Trial f = null;
        try {
          f = store.finish(claim, e);
        } catch (ClaimLostException lost) {
          // our claim was released as stale (e.g. a long GC pause); whoever claimed it trains it again
          LOG.warn("study={} {}; its result is dropped", study.name(), lost.getMessage());
        } finally {
          storeNanos += System.nanoTime() - s0;
          held.remove(claim);
          trainingStarted.remove(claim.id());
        }
        if (f != null) {
          trainedHere++;
        }
        syncLocked();
        if (f != null) {
          listener.finished(progressLocked(f));
        }
      }
    }
  }

  /** A claim for this worker: a released trial first, otherwise a new one from the optimizer. */
  private Claim nextClaimLocked(String worker) {
    if (timeUp() || maxTrialsReached()) {
      return null;
    }
    // stale claims first: a dead worker's evaluation is trained again before anything new is asked
    Optional<Claim> waiting = timed(() -> store.claim(study, worker, staleAfter));
    if (waiting.isPresent()) {
      return waiting.get();
    }
    if (asksExhausted || knownUpTo >= budget) {
      return null; // nothing left to ask for: the study holds its whole budget (numbers only grow)
    }
    // every process asks its own optimizer, so asking must see every result committed so far: take the study's
    // suggestion lock, read what others finished, then ask (else two workers would propose from stale state)
    try (StudyLock l = timed(() -> store.lockStudy(study, StudyLock.Purpose.SUGGEST))) {
      suggestions++;
      lockWaitNanos += l.waitedNanos();
      boolean contended = l.waitedNanos() > CONTENDED_NANOS;
      if (contended) {
        // the worker before us may have asked for us too (below): take that instead of asking again
        Optional<Claim> queued = timed(() -> store.claim(study, worker));
        if (queued.isPresent()) {
          return queued.get();
        }
      }
      syncLocked();
      for (Trial t : timed(() -> store.trialsFrom(study, knownUpTo))) {
        known.add(t.architecture());
        knownUpTo = Math.max(knownUpTo, t.number() + 1);
      }
      if (knownUpTo >= budget) {
        return null; // the budget is spent: no ask, no round trip
      }
      // optimizers of other processes may ask what ours asks next (same seed, same history): skip what the study
      // holds here, so that N workers cost one add per suggestion, not N
      for (int tries = 0; tries < 200; tries++) {
        String arch = askNew();
        if (arch == null) {
          break;
        }
        Added r = timed(() -> store.add(study, arch, worker, budget));
        if (r.outcome() == Added.Outcome.FULL) {
          return null;
        }
        if (r.outcome() == Added.Outcome.ADDED) {
          knownUpTo = Math.max(knownUpTo, r.trial().number() + 1);
          if (contended) {
            askForOthers(Math.min(MAX_ASK_FOR_OTHERS, timed(l::waiting)));
          }
          return r.claim();
        }
        // in the study already (finished, or in flight elsewhere): the optimizer hears of it when it finishes
      }
    }
    asksExhausted = true; // 200 asks in a row gave known architectures: the space is (nearly) used up
    return null;
  }

  /** The optimizer's next architecture that the study does not hold, as far as this process knows; null if none. */
  private String askNew() {
    for (int asks = 0; asks < 20_000; asks++) {
      long o0 = System.nanoTime();
      String arch = optimizer.ask().toString();
      optimizerNanos += System.nanoTime() - o0;
      if (known.add(arch)) {
        return arch;
      }
    }
    return null;
  }

  /**
   * Under contention the suggestion lock is the bottleneck: its holder asks for the {@code n} workers queued behind
   * it and queues their architectures WAITING in one transaction; they claim those without asking.
   */
  private void askForOthers(int n) {
    List<String> archs = new ArrayList<>();
    while (archs.size() < n && knownUpTo + archs.size() < budget) {
      String arch = askNew();
      if (arch == null) {
        break;
      }
      archs.add(arch);
    }
    for (Added r : timed(() -> store.offer(study, archs, budget))) {
      if (r.trial() != null) {
        knownUpTo = Math.max(knownUpTo, r.trial().number() + 1);
      }
    }
  }

  private boolean maxTrialsReached() {
    return maxTrials > 0 && started >= maxTrials;
  }

  /** True when this worker has nothing left to do. */
  private boolean finishedLocked() {
    if (timeUp() || fatal != null || maxTrialsReached()) {
      return true;
    }
    Counts counts = timed(() -> store.counts(study));
    if (counts.waiting() > 0) {
      return false;
    }
    boolean full = asksExhausted || counts.total() >= budget;
    if (!full) {
      return false;
    }
    // budget spent: wait only for trials other processes hold, in case their owner dies and they come back
    String mine = prefix + ":";
    for (Trial r : timed(() -> store.running(study))) {
      if (!r.worker().startsWith(mine)) {
        timed(() -> store.releaseStale(study, staleAfter));
        return false;
      }
    }
    return true;
  }

  /** Times a store call (the share of time outside training is reported). */
  private <T> T timed(Supplier<T> call) {
    long t0 = System.nanoTime();
    try {
      return call.get();
    } finally {
      storeNanos += System.nanoTime() - t0;
    }
  }

  /** Tells the optimizer every trial committed since the last sync, in finish order; returns how many. */
  private int syncLocked() {
    long s0 = System.nanoTime();
    List<Trial> fresh = store.finishedAfter(study, lastSequence);
    storeNanos += System.nanoTime() - s0;
    long o0 = System.nanoTime();
    for (Trial f : fresh) {
      Evaluation e = f.evaluation();
      optimizer.tell(space.parse(e.architecture()), e.ok() ? e.objective() : Double.NaN);
      lastSequence = Math.max(lastSequence, f.finishSeq());
      seen.add(f);
      if (e.ok() && (best == null || e.objective() > best.evaluation().objective())) {
        best = f;
      }
    }
    optimizerNanos += System.nanoTime() - o0;
    return fresh.size();
  }

  private Progress progressLocked(Trial last) {
    Duration elapsed = Duration.ofMillis(clock.millis() - startMillis);
    Optional<Duration> left = Optional.empty();
    if (trainedHere > 0) {
      int remaining = Math.max(0, budget - seen.size());
      double perEval = elapsed.toMillis() / (double) trainedHere;
      long ms = (long) (perEval * remaining);
      if (!wallTime.isZero()) {
        ms = Math.min(ms, Math.max(0, wallTime.toMillis() - elapsed.toMillis()));
      }
      left = Optional.of(Duration.ofMillis(ms));
    }
    return new Progress(seen.size(), budget, last, Optional.ofNullable(best), elapsed, left);
  }

  private boolean timeUp() {
    return !wallTime.isZero() && clock.millis() - startMillis >= wallTime.toMillis();
  }

  /** Releases trials held by processes on this host that no longer exist (a killed earlier run). */
  private void releaseDeadLocalClaims() {
    for (Trial r : store.running(study)) {
      if (Workers.isDeadLocal(r.worker())) {
        store.release(r);
      }
    }
  }

  private void beat() {
    try {
      for (Claim c : held) {
        try {
          store.heartbeat(c);
        } catch (ClaimLostException lost) {
          // the commit reports it
        }
      }
    } catch (RuntimeException e) {
      // the next beat retries; claims not renewed in time are released and trained again elsewhere
      LOG.warn("study={} heartbeat failed: {}", study.name(), e.toString());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link SearchRunner}. */
  public static final class Builder {
    private SearchSpace space;
    private Supplier<Optimizer> optimizer;
    private Evaluator evaluator;
    private Store store;
    private Study study;
    private Duration wallTime = Duration.ZERO;
    private int workers = 1;
    private Duration heartbeat = Duration.ofSeconds(5);
    private Duration staleAfter = Duration.ofSeconds(30);
    private Runnable workerInit = () -> {};
    private Listener listener = p -> {};
    private Clock clock = Clock.systemUTC();
    private int maxTrials;
    private Duration idleExit = Duration.ZERO;
    private String prefix;

    /**
     * Names this run's workers {@code <prefix>:<thread>} instead of {@code host:pid:<thread>}: for several runners in
     * one process (a simulation of many workers), which must not take each other's claims for their own.
     */
    public Builder workerPrefix(String p) {
      this.prefix = Objects.requireNonNull(p);
      return this;
    }

    /** This run starts at most {@code n} trainings (0, the default, for no limit), then finishes them and stops. */
    public Builder maxTrials(int n) {
      if (n < 0) {
        throw new InputException("--max-trials must be 0 (no limit) or more, got " + n);
      }
      this.maxTrials = n;
      return this;
    }

    /**
     * Stops when nothing could be claimed for this long although others still train (zero, the default, waits
     * until the study's budget is finished, to take over the claims of workers that die).
     */
    public Builder idleExit(Duration d) {
      if (d.isNegative()) {
        throw new InputException("--idle-exit must be 0 (wait to the end) or more seconds, got " + d.toSeconds());
      }
      this.idleExit = d;
      return this;
    }

    public Builder space(SearchSpace s) {
      this.space = s;
      return this;
    }

    /** Builds the optimizer afresh (from the study's seed and sources); called once per run. */
    public Builder optimizer(Supplier<Optimizer> factory) {
      this.optimizer = factory;
      return this;
    }

    public Builder evaluator(Evaluator e) {
      this.evaluator = e;
      return this;
    }

    /** The study to search, in the store that holds its trials. */
    public Builder study(Store s, Study st) {
      this.store = s;
      this.study = st;
      return this;
    }

    /** Stops asking for new candidates after this wall time of this run; zero (the default) for no limit. */
    public Builder wallTime(Duration d) {
      if (d.isNegative()) {
        throw new InputException("the wall-time budget must be 0 (no limit) or more, got " + d);
      }
      this.wallTime = d;
      return this;
    }

    /** Worker threads training at once. */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** How often claims are renewed, and after how long without renewal other runs may take them. */
    public Builder heartbeat(Duration every, Duration staleAfter) {
      if (staleAfter.compareTo(every.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException("staleAfter " + staleAfter + " must be at least twice the heartbeat " + every);
      }
      this.heartbeat = every;
      this.staleAfter = staleAfter;
      return this;
    }

    /** Runs first in every worker thread (for DJL: {@code Autograd::inference}). */
    public Builder workerInit(Runnable r) {
      this.workerInit = Objects.requireNonNull(r);
      return this;
    }

    public Builder listener(Listener l) {
      this.listener = Objects.requireNonNull(l);
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    public SearchRunner build() {
      return new SearchRunner(this);
    }
  }
}
