package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Provenance;
import org.nas4j.evaluate.Seeds;
import org.nas4j.evaluate.Status;
import org.junit.jupiter.api.Test;

/**
 * What every store must do, run against SQLite and a real PostgreSQL by the subclasses: studies, resume
 * checks, the work queue with claims and heartbeats, durability across a kill, and concurrent workers in
 * threads and in separate JVMs.
 */
abstract class StoreContract {

  /** A fresh, empty store location (file path or URL) for one test. */
  abstract String newLocation();

  Store open(String location) {
    return Store.open(location);
  }

  static StudySpec spec(String name) {
    return StudySpec.of(name, "nb201", "cifar10", "rea", 42, 12).withBudget(Budget.ofEvaluations(100))
        .withDataFingerprint("sha256:abc").withOptions("{\"population\": 20, \"sample\": 5}");
  }

  static String arch(int i) {
    return "|op" + i + "~0|+|none~0|nor_conv_3x3~1|";
  }

  static Evaluation done(Claim c, double objective) {
    return Evaluation.complete(c.architecture(), c.study().spec().task(), c.fidelity(), objective,
        Map.of("valid_accuracy", objective, "train_loss", 0.5), 12.5, 1234, c.seed());
  }

  @Test
  void offerQueuesAnArchitectureForAnyWorkerWithinTheBudget() {
    try (Store s = open(newLocation())) {
      Study st = s.createStudy(spec("offered"));
      Added q = s.offer(st, arch(1), 2);
      assertEquals(Added.Outcome.QUEUED, q.outcome());
      assertEquals(Status.WAITING, q.trial().status());
      assertTrue(q.claimed().isEmpty());
      assertEquals(Added.Outcome.DUPLICATE, s.offer(st, arch(1), 2).outcome());
      assertEquals(Added.Outcome.ADDED, s.add(st, arch(2), "w", 2).outcome());
      assertEquals(Added.Outcome.FULL, s.offer(st, arch(3), 2).outcome(), "the budget holds for offers too");
      Claim c = s.claim(st, "v").orElseThrow();
      assertEquals(arch(1), c.architecture());
      assertEquals(1, c.attempt(), "an offered evaluation's first claim is its first attempt");
      assertEquals(2, s.trialsFrom(st, 0).size());
      assertEquals(List.of(arch(2)), s.trialsFrom(st, 1).stream().map(Trial::architecture).toList());

      // several in one transaction: in order, numbered densely, within the limit
      List<Added> many = s.offer(st, List.of(arch(4), arch(2), arch(5), arch(4), arch(6), arch(7)), 5);
      assertEquals(List.of(Added.Outcome.QUEUED, Added.Outcome.DUPLICATE, Added.Outcome.QUEUED,
          Added.Outcome.DUPLICATE, Added.Outcome.QUEUED, Added.Outcome.FULL),
          many.stream().map(Added::outcome).toList());
      assertEquals(List.of(2, 3, 4), List.of(many.get(0).trial().number(), many.get(2).trial().number(),
          many.get(4).trial().number()));
      assertEquals(many.get(0).trial(), many.get(3).trial(), "named twice: the same evaluation");
      assertEquals(5, s.counts(st).total());
      assertEquals(Added.Outcome.FULL, s.add(st, arch(8), "w", 5).outcome(), "numbering went on densely");
      assertEquals(Seeds.trial(42, 3), many.get(2).trial().seed());
    }
  }

  @Test
  void aStudyLockHasOneHolderAcrossStoreObjectsAndSeesItsWaiters() throws Exception {
    String location = newLocation();
    ExecutorService ex = Executors.newSingleThreadExecutor();
    try (Store a = open(location); Store b = open(location)) {
      Study st = a.createStudy(spec("locked"));
      Study sb = b.study("locked");
      AtomicInteger inside = new AtomicInteger();
      Future<Long> second;
      try (StudyLock held = a.lockStudy(st, StudyLock.Purpose.SUGGEST)) {
        second = ex.submit(() -> {
          try (StudyLock l = b.lockStudy(sb, StudyLock.Purpose.SUGGEST)) {
            inside.incrementAndGet();
            return l.waitedNanos();
          }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.waiting() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertEquals(1, held.waiting(), "the holder sees the worker queued behind it");
        Thread.sleep(200);
        assertEquals(0, inside.get(), "a second holder waits");
        try (StudyLock finish = a.lockStudy(st, StudyLock.Purpose.FINISH)) {
          assertEquals(0, finish.waiting(), "each purpose is its own lock");
        }
      }
      assertTrue(second.get(10, TimeUnit.SECONDS) >= TimeUnit.MILLISECONDS.toNanos(200), "it waited for the first");
      assertEquals(1, inside.get());
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void aStudysFinishIsRecordedWithWhoDidIt() {
    String location = newLocation();
    try (Store s = open(location)) {
      Study st = s.createStudy(spec("finished"));
      assertTrue(s.finishRecord(st).isEmpty());
      s.recordFinish(st, "|a~0| 3 epochs seed 7", "host:42");
    }
    try (Store s = open(location)) {
      StudyFinish f = s.finishRecord(s.study("finished")).orElseThrow();
      assertEquals("|a~0| 3 epochs seed 7", f.key());
      assertEquals("host:42", f.by());
    }
  }

  @Test
  void studyFilesAreWrittenWithTheFinishNeverByALostClaimAndDeletedInOneTransaction() {
    try (Store s = open(newLocation())) {
      Study st = s.createStudy(spec("files"));
      byte[] big = new byte[300_000]; // a small network's checkpoint
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31);
      }
      s.putFiles(st, java.util.Map.of("population-0.json", "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          List.of());
      Claim c = s.claim(s.enqueue(st, arch(1)), "w").orElseThrow();
      s.finish(c, done(c, 1), java.util.Map.of("m1-s1.bin", big));
      assertArrayEquals(big, s.file(st, "m1-s1.bin").orElseThrow());
      Claim lost = s.claim(s.enqueue(st, arch(2)), "w").orElseThrow();
      s.release(lost);
      assertThrows(ClaimLostException.class, () -> s.finish(lost, done(lost, 2), java.util.Map.of("m2-s1.bin", big)));
      assertTrue(s.file(st, "m2-s1.bin").isEmpty(), "a lost claim writes no checkpoint");
      s.putFiles(st, java.util.Map.of("population-0.json", new byte[] {1}), List.of("m1-s1.bin"));
      assertEquals(List.of("population-0.json"), s.fileNames(st));
      assertArrayEquals(new byte[] {1}, s.file(st, "population-0.json").orElseThrow(), "replaced");
      assertTrue(s.fileNames(s.createStudy(spec("other"))).isEmpty(), "files belong to their study");
    }
  }

  @Test
  void createsAndFindsStudies() {
    try (Store store = open(newLocation())) {
      assertEquals(Schema.CURRENT, store.schemaVersion());
      Study a = store.createStudy(spec("alpha"));
      Study b = store.createStudy(spec("beta"));
      assertNotEquals(a.id(), b.id());
      assertEquals(a, store.study("alpha"));
      assertEquals(List.of("alpha", "beta"), store.studies().stream().map(Study::name).toList());
      assertEquals("{\"population\":20,\"sample\":5}", store.study("beta").spec().options());
      InputException dup = assertThrows(InputException.class, () -> store.createStudy(spec("alpha")));
      assertTrue(dup.getMessage().contains("already exists"), dup.getMessage());
      InputException unknown = assertThrows(InputException.class, () -> store.study("gamma"));
      assertTrue(unknown.getMessage().contains("gamma") && unknown.getMessage().contains("alpha, beta"),
          unknown.getMessage());
      assertFalse(unknown.getMessage().contains("\n"));
    }
  }

  @Test
  void resumeRefusesADifferentStudyAndKeepsItUnchanged() {
    try (Store store = open(newLocation())) {
      Study s = store.createOrLoadStudy(spec("s"));
      assertEquals(s, store.createOrLoadStudy(spec("s")));
      // options compared as JSON: key order and spacing do not matter
      assertEquals(s.id(), store.createOrLoadStudy(spec("s").withOptions("{\"sample\":5,\"population\":20}")).id());
      StudySpec other = new StudySpec("s", "nb201", "cifar10", "rea", 43, 12, Budget.ofEvaluations(100),
          "sha256:OTHER", "{\"population\": 20, \"sample\": 5}");
      InputException e = assertThrows(InputException.class, () -> store.createOrLoadStudy(other));
      assertTrue(e.getMessage().contains("seed (stored 42, given 43)"), e.getMessage());
      assertTrue(e.getMessage().contains("dataset fingerprint (stored sha256:abc, given sha256:OTHER)"), e.getMessage());
      assertFalse(e.getMessage().contains("space"), e.getMessage());
      assertEquals(s, store.study("s"));
      // the stored budget is the study's: a process that joins with another one does not change it
      Study joined = store.createOrLoadStudy(spec("s").withBudget(new Budget(500, 3600)));
      assertEquals(Budget.ofEvaluations(100), joined.spec().budget());
      assertEquals(Budget.ofEvaluations(100), store.study("s").spec().budget());
      // ... only setBudget does
      Study grown = store.setBudget(joined, new Budget(500, 3600));
      assertEquals(new Budget(500, 3600), grown.spec().budget());
      assertEquals(new Budget(500, 3600), store.study("s").spec().budget());
    }
  }

  @Test
  void queueClaimsInOrderAndStoresResults() {
    try (Store store = open(newLocation())) {
      Study s = store.createStudy(spec("q"));
      Trial t0 = store.enqueue(s, arch(0));
      Trial t1 = store.enqueue(s, arch(1));
      Trial t2 = store.enqueue(s, arch(2));
      assertEquals(List.of(0, 1, 2), List.of(t0.number(), t1.number(), t2.number()));
      assertEquals(Status.WAITING, t1.status());
      assertEquals(Seeds.derive(42, 1), t1.seed());
      assertEquals(12, t1.fidelity());
      // an architecture is queued once per fidelity
      assertEquals(t1, store.enqueue(s, arch(1)));
      assertEquals(3, store.enqueue(s, arch(1), 36).number());

      Claim c0 = store.claim(s, "w1", Duration.ofMinutes(5)).orElseThrow();
      Claim c1 = store.claim(s, "w2", Duration.ofMinutes(5)).orElseThrow();
      assertEquals(arch(0), c0.architecture());
      assertEquals(arch(1), c1.architecture());
      assertEquals(1, c0.attempt());
      assertEquals(new Counts(2, 2, 0, 0, 0), store.counts(s));

      Trial f1 = store.finish(c1, done(c1, 71.25));
      Trial f0 = store.finish(c0, Evaluation.failed(c0.architecture(), "cifar10", 12, 3.0, c0.seed(), "out of memory"));
      assertEquals(1, f1.finishSeq());
      assertEquals(2, f0.finishSeq());
      assertEquals("w2", f1.worker());
      assertTrue(f1.finished() != null && f1.enqueued() != null && f1.claimed() != null);
      assertEquals(done(c1, 71.25), f1.evaluation());
      assertTrue(Double.isNaN(f0.evaluation().objective()));
      assertEquals("out of memory", f0.evaluation().error());
      assertEquals(Status.FAILED, f0.status());

      // finish order, for replaying an optimizer
      assertEquals(List.of(arch(1), arch(0)), store.finished(s).stream().map(Trial::architecture).toList());
      assertEquals(List.of(arch(0)), store.finishedAfter(s, 1).stream().map(Trial::architecture).toList());
      assertEquals(List.of(done(c1, 71.25)), store.completed(s));
      assertEquals(arch(1), store.best(s).orElseThrow().architecture());
      assertEquals(new Counts(2, 0, 1, 1, 15.5), store.counts(s));
      // a finished claim cannot be finished, heartbeaten or released again
      assertThrows(ClaimLostException.class, () -> store.finish(c1, done(c1, 1)));
      assertThrows(ClaimLostException.class, () -> store.heartbeat(c1));
      assertFalse(store.release(c1));
      // a claim on a particular trial is a compare-and-set
      Trial t3 = store.enqueue(s, arch(3));
      Claim mine = store.claim(t3, "w3").orElseThrow();
      assertEquals(arch(3), mine.architecture());
      assertTrue(store.claim(t3, "w4").isEmpty());
      assertTrue(store.release(mine));
      assertEquals(Status.WAITING, store.trials(s).get(4).status());
      assertEquals(5, store.trials(s).size());
      // a result for another architecture is a programming error, refused before touching the store
      Claim c2 = store.claim(t2, "w1").orElseThrow();
      assertThrows(IllegalArgumentException.class, () -> store.finish(c2, done(c0, 1)));
      assertEquals(Status.RUNNING, store.trials(s).get(2).status());
    }
  }

  @Test
  void addClaimsAtomicallyWithinALimit() throws Exception {
    String location = newLocation();
    Study s;
    try (Store store = open(location)) {
      s = store.createStudy(spec("add"));
      Added a = store.add(s, arch(0), "w", 10);
      assertEquals(Added.Outcome.ADDED, a.outcome());
      assertEquals(Status.RUNNING, a.trial().status());
      assertEquals(1, a.claim().attempt());
      Added dup = store.add(s, arch(0), "v", 10);
      assertEquals(Added.Outcome.DUPLICATE, dup.outcome());
      assertEquals(a.trial().id(), dup.trial().id());
      assertTrue(dup.claimed().isEmpty());
      assertEquals(List.of(a.trial().id()), store.running(s).stream().map(Trial::id).toList());
      // releasing what running() showed works once, and only while the same claim holds it
      Trial seen = store.running(s).get(0);
      assertTrue(store.release(seen));
      assertFalse(store.release(seen));
      Claim again = store.claim(s, "x", Duration.ofHours(1)).orElseThrow();
      assertFalse(store.release(seen), "a newer claim is not released by an old snapshot");
      assertThrows(ClaimLostException.class, () -> store.finish(a.claim(), done(a.claim(), 1)));
      store.finish(again, done(again, 2));
      assertTrue(store.running(s).isEmpty());
    }
    // several threads adding distinct architectures at once stop exactly at the limit
    int limit = 25;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> added = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int offset = 1000 * (w + 1);
        added.add(pool.submit(() -> {
          int mine = 0;
          try (Store store = open(location)) {
            for (int i = 0; i < 20; i++) {
              if (store.add(s, arch(offset + i), "adder", limit).outcome() == Added.Outcome.ADDED) {
                mine++;
              }
            }
          }
          return mine;
        }));
      }
      int total = 0;
      for (Future<Integer> f : added) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(limit - 1, total);
    } finally {
      pool.shutdownNow();
    }
    try (Store store = open(location)) {
      assertEquals(limit, store.counts(s).total());
      assertEquals(Added.Outcome.FULL, store.add(s, arch(99), "w", limit).outcome());
      assertEquals(Added.Outcome.DUPLICATE, store.add(s, arch(0), "w", limit).outcome());
    }
  }

  /** PBT trains a member-step with its own seed, not the claim's: the store keeps the seed it was given. */
  @Test
  void anEvaluationKeepsItsOwnSeed() {
    try (Store store = open(newLocation())) {
      Study s = store.createStudy(spec("seed"));
      store.enqueue(s, arch(0));
      Claim c = store.claim(s, "w1", Duration.ofMinutes(5)).orElseThrow();
      long own = c.seed() + 1;
      Evaluation e = Evaluation.complete(c.architecture(), "cifar10", c.fidelity(), 50, Map.of(), 1, 1, own);
      assertEquals(own, store.finish(c, e).seed());
      assertEquals(own, store.trials(s).get(0).seed());
      assertEquals(own, store.completed(s).get(0).seed());
    }
  }

  static Provenance provenance(double learningRate) {
    Map<String, String> recipe = new java.util.LinkedHashMap<>();
    recipe.put("batch_size", "64");
    recipe.put("learning_rate", Double.toString(learningRate));
    recipe.put("momentum", "0.9");
    recipe.put("weight_decay", "5.0E-4");
    recipe.put("nesterov", "true");
    recipe.put("cosine", "true");
    recipe.put("epochs", "12");
    recipe.put("augmentation", "crop 4 + flip");
    return new Provenance(recipe, "0.1.0", "0.35.1", "2.7.1", "cpu()");
  }

  @Test
  void anEvaluationKeepsItsProvenance() {
    try (Store store = open(newLocation())) {
      Study s = store.createStudy(spec("provenance"));
      store.enqueue(s, arch(0));
      store.enqueue(s, arch(1));
      Claim c = store.claim(s, "w", Duration.ofMinutes(1)).orElseThrow();
      Evaluation e = done(c, 90).withProvenance(provenance(0.05));
      assertEquals(e, store.finish(c, e).evaluation());
      Claim tabular = store.claim(s, "w", Duration.ofMinutes(1)).orElseThrow();
      store.finish(tabular, done(tabular, 80));
      List<Trial> trials = store.trials(s);
      assertEquals(provenance(0.05), trials.get(0).evaluation().provenance());
      assertEquals("0.05", trials.get(0).evaluation().provenance().recipe().get("learning_rate"));
      assertNull(trials.get(1).evaluation().provenance(), "none recorded, none invented");
      assertEquals(e, store.completed(s).get(0));
    }
  }

  @Test
  void metricsRoundTripWithNonFiniteValuesAsNaN() {
    try (Store store = open(newLocation())) {
      Study s = store.createStudy(spec("m"));
      store.enqueue(s, arch(0));
      Claim c = store.claim(s, "w", Duration.ofMinutes(1)).orElseThrow();
      Evaluation e = Evaluation.complete(c.architecture(), "cifar10", 12, 93.37,
          Map.of("test_accuracy", 93.1, "loss", Double.NaN, "big", Double.POSITIVE_INFINITY, "tiny", 1e-300),
          0.0, 1_234_567_890_123L, c.seed());
      store.finish(c, e);
      // JSON has no infinity: a non-finite metric is written as null (util.Json) and read back as NaN
      Map<String, Double> back = new HashMap<>(e.metrics());
      back.put("big", Double.NaN);
      assertEquals(back, store.completed(s).get(0).metrics());
      assertEquals(93.37, store.completed(s).get(0).objective());
    }
  }

  @Test
  void aClaimWhoseHeartbeatStopsIsReleasedAndTrainedAgain() {
    ManualClock clock = new ManualClock();
    String location = newLocation();
    JdbcStore.Settings settings = JdbcStore.Settings.defaults().withClock(clock);
    try (Store a = JdbcStore.open(location, settings); Store b = JdbcStore.open(location, settings)) {
      Study s = a.createStudy(spec("hb"));
      a.enqueue(s, arch(0));
      Claim lost = a.claim(s, "dead", Duration.ofSeconds(60)).orElseThrow();
      clock.advance(Duration.ofSeconds(30));
      a.heartbeat(lost);
      clock.advance(Duration.ofSeconds(59));
      assertTrue(b.claim(s, "alive", Duration.ofSeconds(60)).isEmpty(), "heartbeat 59 s ago is not stale");
      clock.advance(Duration.ofSeconds(2));
      Claim again = b.claim(s, "alive", Duration.ofSeconds(60)).orElseThrow();
      assertEquals(lost.id(), again.id());
      assertEquals(2, again.attempt());
      assertEquals(lost.seed(), again.seed());
      assertThrows(ClaimLostException.class, () -> a.heartbeat(lost));
      assertThrows(ClaimLostException.class, () -> a.finish(lost, done(lost, 50)));
      b.finish(again, done(again, 60));
      List<Trial> finished = a.finished(s);
      assertEquals(1, finished.size());
      assertEquals("alive", finished.get(0).worker());
      assertEquals(60.0, finished.get(0).evaluation().objective());
      // releaseStale on its own, as a resuming single-process search uses it
      a.enqueue(s, arch(1));
      a.claim(s, "x", Duration.ofHours(1)).orElseThrow();
      assertEquals(0, a.releaseStale(s, Duration.ofMinutes(1)));
      assertEquals(0, a.releaseStale(s, java.time.temporal.ChronoUnit.FOREVER.getDuration()));
      assertEquals(1, a.releaseStale(s, Duration.ZERO));
      // claim without a stale check never takes a live or dead claim over
      Claim x = a.claim(s, "x").orElseThrow();
      clock.advance(Duration.ofDays(365));
      assertTrue(b.claim(s, "y").isEmpty());
      assertEquals(x.id(), b.claim(s, "y", Duration.ofDays(1)).orElseThrow().id());
    }
  }

  @Test
  void resumeAfterAKillLosesNothingAndRetrainsWhatWasInFlight() throws Exception {
    String location = newLocation();
    Study s;
    try (Store store = open(location)) {
      s = store.createStudy(spec("resume"));
      for (int i = 0; i < 6; i++) {
        store.enqueue(s, arch(i));
      }
    }
    // another JVM finishes two, then dies mid-training of a third
    Process p = hammer("die", location, "resume", "victim", 2);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    try (Store store = Store.openExisting(location)) {
      Study again = store.study("resume");
      assertEquals(s, again);
      assertEquals(new Counts(3, 1, 2, 0, 3.0), store.counts(again));
      List<Trial> before = store.finished(again);
      assertEquals(List.of(arch(0), arch(1)), before.stream().map(Trial::architecture).toList());
      // resuming alone: whatever was in flight goes back to the queue, ahead of what was never started
      assertEquals(1, store.releaseStale(again, Duration.ZERO));
      Claim retry = store.claim(again, "resumed", Duration.ofHours(1)).orElseThrow();
      assertEquals(arch(2), retry.architecture());
      assertEquals(2, retry.attempt());
      store.finish(retry, done(retry, 1));
      assertEquals(before, store.finished(again).subList(0, 2), "finished evaluations are never rewritten");
    }
  }

  @Test
  void threadsSharingAStudyNeverTrainOneArchitectureTwice() throws Exception {
    String location = newLocation();
    int n = 80;
    int workers = 4;
    Study s;
    try (Store setup = open(location)) {
      s = setup.createStudy(spec("threads"));
    }
    Set<String> inFlight = ConcurrentHashMap.newKeySet();
    AtomicInteger overlaps = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(workers + 1);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      // one producer enqueues while the workers claim, as a runner asking its optimizer would
      done.add(pool.submit(() -> {
        try (Store store = open(location)) {
          for (int i = 0; i < n; i++) {
            store.enqueue(s, arch(i));
            store.enqueue(s, arch(i)); // a duplicate ask is absorbed
          }
        }
        return 0;
      }));
      for (int w = 0; w < workers; w++) {
        String worker = "t" + w;
        done.add(pool.submit(() -> {
          int mine = 0;
          try (Store store = open(location)) { // its own connections, as another process would have
            while (store.counts(s).finished() < n) {
              Optional<Claim> c = store.claim(s, worker, Duration.ofHours(1));
              if (c.isEmpty()) {
                Thread.sleep(1);
                continue;
              }
              if (!inFlight.add(c.get().architecture())) {
                overlaps.incrementAndGet();
              }
              store.heartbeat(c.get());
              inFlight.remove(c.get().architecture());
              store.finish(c.get(), done(c.get(), c.get().number()));
              mine++;
            }
          }
          return mine;
        }));
      }
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(120, TimeUnit.SECONDS);
      }
      assertEquals(n, total);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, overlaps.get());
    try (Store store = open(location)) {
      List<Trial> finished = store.finished(s);
      assertEquals(n, finished.size());
      assertEquals(n, new HashSet<>(finished.stream().map(Trial::architecture).toList()).size());
      for (int i = 0; i < n; i++) {
        assertEquals(i + 1, finished.get(i).finishSeq());
        assertEquals(1, finished.get(i).attempt(), "claimed once");
      }
      assertEquals(new Counts(0, 0, n, 0, n * 12.5), store.counts(s));
    }
  }

  @Test
  void twoProcessesShareTheWork() throws Exception {
    String location = newLocation();
    int n = 40;
    Study s;
    try (Store store = open(location)) {
      s = store.createStudy(spec("procs"));
    }
    Process p1 = hammer("drain", location, "procs", "p1", n);
    Process p2 = hammer("drain", location, "procs", "p2", n);
    awaitReady(p1);
    awaitReady(p2);
    try (Store store = open(location)) {
      for (int i = 0; i < n; i++) {
        store.enqueue(s, arch(i));
      }
      assertTrue(p1.waitFor(120, TimeUnit.SECONDS) && p2.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p1.exitValue());
      assertEquals(0, p2.exitValue());
      List<Trial> finished = store.finished(s);
      assertEquals(n, finished.size());
      assertEquals(n, new HashSet<>(finished.stream().map(Trial::architecture).toList()).size());
      assertTrue(finished.stream().allMatch(t -> t.attempt() == 1), "no architecture claimed twice");
      Set<String> workers = new HashSet<>(finished.stream().map(Trial::worker).toList());
      assertEquals(Set.of("p1", "p2"), workers, "both processes trained some");
    } finally {
      p1.destroyForcibly();
      p2.destroyForcibly();
    }
  }

  @Test
  void theClaimOfAKilledProcessIsTakenOverByTheOthersAfterItsHeartbeatStops() throws Exception {
    String location = newLocation();
    int n = 24;
    Study s;
    try (Store store = open(location)) {
      s = store.createStudy(spec("takeover"));
      for (int i = 0; i < n; i++) {
        store.enqueue(s, arch(i));
      }
    }
    Process victim = hammer("die", location, "takeover", "victim", 3);
    assertTrue(victim.waitFor(120, TimeUnit.SECONDS));
    Process p1 = hammer("drain", location, "takeover", "p1", n, 1500);
    Process p2 = hammer("drain", location, "takeover", "p2", n, 1500);
    try {
      assertTrue(p1.waitFor(120, TimeUnit.SECONDS) && p2.waitFor(120, TimeUnit.SECONDS));
      assertEquals(0, p1.exitValue());
      assertEquals(0, p2.exitValue());
    } finally {
      p1.destroyForcibly();
      p2.destroyForcibly();
    }
    try (Store store = open(location)) {
      List<Trial> finished = store.finished(s);
      assertEquals(n, finished.size());
      assertEquals(n, new HashSet<>(finished.stream().map(Trial::architecture).toList()).size());
      List<Trial> retrained = finished.stream().filter(t -> t.attempt() == 2).toList();
      assertEquals(1, retrained.size(), "only the evaluation in flight at the kill is trained again");
      assertEquals(arch(3), retrained.get(0).architecture());
      assertTrue(Set.of("p1", "p2").contains(retrained.get(0).worker()));
      assertEquals(3, finished.stream().filter(t -> t.worker().equals("victim")).count());
      assertTrue(finished.stream().allMatch(t -> t.attempt() <= 2));
    }
  }

  @Test
  void sourceTasksForTransfer() {
    try (Store store = open(newLocation())) {
      Study c10 = store.createStudy(StudySpec.of("c10", "nb201", "cifar10", "rea", 1, 200));
      Study c100 = store.createStudy(StudySpec.of("c100", "nb201", "cifar100", "rea", 1, 200));
      Study img = store.createStudy(StudySpec.of("img", "nb201", "imagenet16", "rea", 1, 200));
      Study other = store.createStudy(StudySpec.of("pbt", "layers", "cifar10", "pbt", 1, 200));
      for (Study s : List.of(c10, c100, img, other)) {
        for (int i = 0; i < 3; i++) {
          store.enqueue(s, arch(i));
          Claim c = store.claim(s, "w", Duration.ofHours(1)).orElseThrow();
          store.finish(c, i == 2 ? Evaluation.failed(c.architecture(), s.spec().task(), 200, 1, c.seed(), "nan loss")
              : done(c, 10 * i));
        }
      }
      Map<String, List<Evaluation>> sources = store.evaluationsOnOtherTasks("nb201", "cifar100");
      assertEquals(List.of("cifar10", "imagenet16"), List.copyOf(sources.keySet()));
      assertEquals(2, sources.get("cifar10").size(), "complete ones only");
      assertEquals(List.of(0.0, 10.0), sources.get("imagenet16").stream().map(Evaluation::objective).toList());
      assertEquals("imagenet16", sources.get("imagenet16").get(0).task());
      assertTrue(store.evaluationsOnOtherTasks("none", "x").isEmpty());
    }
  }

  @Test
  void anOlderStoreIsUpgradedInOneTransaction() {
    String location = newLocation();
    try (Store store = open(location)) {
      store.createStudy(spec("old"));
    }
    JdbcStore.Settings settings = JdbcStore.Settings.defaults();
    List<Schema.Migration> broken = new ArrayList<>(Schema.MIGRATIONS);
    broken.add(new Schema.Migration(Schema.CURRENT + 1, "test: fails halfway",
        List.of("ALTER TABLE nas4j_study ADD COLUMN note TEXT", "SELECT no_such_column FROM nas4j_study")));
    assertThrows(StoreException.class, () -> JdbcStore.open(location, settings, broken));
    try (Store store = open(location)) {
      assertEquals(Schema.CURRENT, store.schemaVersion(), "a failed upgrade leaves the old schema");
    }
    List<Schema.Migration> next = new ArrayList<>(Schema.MIGRATIONS);
    next.add(new Schema.Migration(Schema.CURRENT + 1, "test: a note per study",
        List.of("ALTER TABLE nas4j_study ADD COLUMN note TEXT", "UPDATE nas4j_study SET note = 'upgraded'")));
    // adding the column again succeeds only because the failed upgrade rolled its ALTER back
    try (Store store = JdbcStore.open(location, settings, next)) {
      assertEquals(Schema.CURRENT + 1, store.schemaVersion());
      assertEquals("old", store.study("old").name());
    }
    try (Store store = JdbcStore.open(location, settings, next)) {
      assertEquals(Schema.CURRENT + 1, store.schemaVersion(), "applied once");
    }
    InputException e = assertThrows(InputException.class, () -> open(location));
    assertTrue(e.getMessage().contains("has schema v" + (Schema.CURRENT + 1)), e.getMessage());
  }

  @Test
  void openExistingRefusesAMissingStore() {
    String location = newLocation();
    InputException e = assertThrows(InputException.class, () -> Store.openExisting(location));
    assertTrue(e.getMessage().startsWith("no "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
    try (Store store = open(location)) {
      assertNull(store.best(store.createStudy(spec("x"))).orElse(null));
    }
    try (Store store = Store.openExisting(location)) {
      assertEquals("x", store.study("x").name());
    }
  }

  static void awaitReady(Process p) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line = r.readLine();
    assertEquals("ready", line, "child JVM did not start");
  }

  static Process hammer(String mode, String location, String study, String worker, int n) throws IOException {
    return hammer(mode, location, study, worker, n, 3_600_000);
  }

  static Process hammer(String mode, String location, String study, String worker, int n, long staleMillis)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        StoreHammer.class.getName(), mode, location, study, worker, String.valueOf(n), String.valueOf(staleMillis))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start(); // stdout: two short lines
  }
}
