package org.nas4j.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.store.Added;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.store.Trial;

class SearchRunnerTest {
  private final Store store = Store.open(":memory:");

  @AfterEach
  void close() {
    store.close();
  }

  static final CellSpace SPACE = CellSpace.NB201;

  /** A deterministic objective: more 3x3 convolutions score higher; the seed adds a little noise. */
  static Evaluator scoring(long sleepMillis) {
    return (a, fidelity, seed) -> {
      if (sleepMillis > 0) {
        try {
          Thread.sleep(sleepMillis);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      double v = 0;
      for (int g : a.genes()) {
        v += g == 3 ? 10 : g;
      }
      v += (seed & 0xff) / 1000.0;
      return Evaluation.complete(a.toString(), "toy", fidelity, v, Map.of("valid_accuracy", v), 0.01, 100, seed);
    };
  }

  /** The study of a store (the runner works on the store directly; tests use in-memory ones). */
  static Study study(Store store) {
    return store.createOrLoadStudy(StudySpec.of("toy", SPACE.name(), "toy", "test-rs", 7, 1));
  }

  static SearchRunner.Builder runner(Store store, List<TestOptimizer> built, int budget, int workers, Evaluator ev) {
    return SearchRunner.builder().space(SPACE).study(store, store.setBudget(study(store), Budget.ofEvaluations(budget)))
        .optimizer(() -> {
          TestOptimizer o = new TestOptimizer(SPACE, 7);
          built.add(o);
          return o;
        })
        .evaluator(ev).workers(workers)
        .heartbeat(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  @Test
  void spendsTheBudgetExactlyWithDistinctArchitectures() {
    List<TestOptimizer> built = new ArrayList<>();
    SearchResult r = runner(store, built, 20, 2, scoring(5)).build().run();
    assertEquals(20, r.finished().size());
    assertEquals(20, r.trainedHere());
    Set<String> archs = new HashSet<>();
    for (Trial f : r.finished()) {
      assertTrue(archs.add(f.evaluation().architecture()), "trained twice: " + f.evaluation().architecture());
    }
    assertEquals(20, built.get(0).told.size(), "the optimizer hears of every evaluation");
    double bestSeen = r.finished().stream().mapToDouble(f -> f.evaluation().objective()).max().orElseThrow();
    assertEquals(bestSeen, r.best().orElseThrow().evaluation().objective());
    assertTrue(r.overheadShare() >= 0 && r.overheadShare() < 1);
  }

  @Test
  void commitsBeforeTheOptimizerHearsOfIt() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    Study study = study(store);
    List<TestOptimizer> built = new ArrayList<>();
    SearchRunner.Builder b = runner(store, built, 12, 2, scoring(2));
    b.optimizer(() -> {
      TestOptimizer o = new TestOptimizer(SPACE, 7) {
        @Override
        public synchronized void tell(Architecture a, double value) {
          boolean committed = store.trials(study).stream()
              .anyMatch(t -> t.architecture().equals(a.toString()) && t.isFinished());
          events.add((committed ? "committed " : "not committed ") + a);
          super.tell(a, value);
        }
      };
      built.add(o);
      return o;
    });
    b.build().run();
    assertEquals(12, events.size());
    events.forEach(e -> assertTrue(e.startsWith("committed "), "told before commit: " + e));
  }

  @Test
  void resumeReplaysInFinishOrderRetrainsInFlightAndRepeatsNothing() {
    List<TestOptimizer> first = new ArrayList<>();
    runner(store, first, 6, 1, scoring(0)).build().run();
    // a killed process on this host left one candidate in flight
    String dead = Workers.local().split(":")[0] + ":" + Long.MAX_VALUE / 2 + ":0";
    Added inFlight = store.add(study(store), SPACE.of(3, 3, 3, 3, 3, 3).toString(), dead, 100);
    assertEquals(Added.Outcome.ADDED, inFlight.outcome());

    List<TestOptimizer> second = new ArrayList<>();
    SearchResult r = runner(store, second, 12, 1, scoring(0)).build().run();
    assertEquals(6, r.replayed());
    assertEquals(6, r.trainedHere(), "the in-flight candidate and 5 new ones");
    assertEquals(12, r.finished().size());
    TestOptimizer resumed = second.get(0);
    assertEquals(first.get(0).told, resumed.told.subList(0, 6), "replay in finish order");
    Set<String> archs = new HashSet<>();
    r.finished().forEach(f -> assertTrue(archs.add(f.evaluation().architecture())));
    assertTrue(archs.contains(SPACE.of(3, 3, 3, 3, 3, 3).toString()), "the in-flight candidate was trained");
    assertEquals(0, store.running(study(store)).size());
  }

  @Test
  void resumedRunAsksWhatAnUninterruptedRunAsks() {
    try (Store straight = Store.open(":memory:"); Store split = Store.open(":memory:")) {
      runner(straight, new ArrayList<>(), 10, 1, scoring(0)).build().run();
      runner(split, new ArrayList<>(), 4, 1, scoring(0)).build().run();
      runner(split, new ArrayList<>(), 10, 1, scoring(0)).build().run();
      assertEquals(archs(straight), archs(split));
    }
  }

  static List<String> archs(Store s) {
    List<String> out = new ArrayList<>();
    s.finished(study(s)).forEach(f -> out.add(f.evaluation().architecture() + "@" + f.evaluation().seed()));
    return out;
  }

  @Test
  void badInputStopsTheSearchAndLosesNothing() {
    AtomicInteger calls = new AtomicInteger();
    Evaluator ev = (a, f, s) -> {
      if (calls.incrementAndGet() > 3) {
        throw new InputException("dataset file vanished: reinstall it");
      }
      return scoring(0).evaluate(a, f, s);
    };
    InputException e = assertThrows(InputException.class, () -> runner(store, new ArrayList<>(), 10, 1, ev).build().run());
    assertTrue(e.getMessage().contains("vanished"));
    assertEquals(3, store.finished(study(store)).size());
    assertEquals(0, store.running(study(store)).size(), "the claim was given back");
    assertEquals(1, store.counts(study(store)).waiting());
    // the next run trains the released candidate first, then goes on
    SearchResult r = runner(store, new ArrayList<>(), 10, 1, scoring(0)).build().run();
    assertEquals(10, r.finished().size());
  }

  @Test
  void aCandidateThatCrashesIsRecordedAsFailedAndTheSearchGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    Evaluator ev = (a, f, s) -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("native out of memory");
      }
      return scoring(0).evaluate(a, f, s);
    };
    List<TestOptimizer> built = new ArrayList<>();
    SearchResult r = runner(store, built, 5, 1, ev).build().run();
    assertEquals(5, r.finished().size());
    assertEquals(1, r.finished().stream().filter(f -> !f.evaluation().ok()).count());
    assertTrue(built.get(0).values.stream().anyMatch(v -> v.isNaN()), "failure told as NaN");
  }

  @Test
  void wallTimeBudgetStopsAskingAndFinishesWhatIsInFlight() {
    SearchRunner.Builder b = runner(store, new ArrayList<>(), 1000, 2, scoring(100));
    b.wallTime(Duration.ofMillis(350));
    SearchResult r = b.build().run();
    assertTrue(r.finished().size() >= 4 && r.finished().size() <= 10, "finished " + r.finished().size());
    assertEquals(0, store.running(study(store)).size());
    assertEquals(r.finished().size(), store.counts(study(store)).total());
    assertEquals("wall-time budget reached", r.stop());
  }

  @Test
  void aBrokenWorkerStopsTheRunLoudly() {
    SearchRunner.Builder b = runner(store, new ArrayList<>(), 5, 2, scoring(0))
        .workerInit(() -> {
          throw new UnsatisfiedLinkError("no native library");
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.build().run());
    assertTrue(e.getMessage().contains("no native library"), e.getMessage());
    assertEquals(0, store.counts(study(store)).total());
  }

  @Test
  void staleClaimsOfOtherHostsAreReleasedAndTrained() {
    store.add(study(store), SPACE.of(1, 1, 1, 1, 1, 1).toString(), "elsewhere:1:0", 100); // heartbeat never renewed
    SearchResult r = runner(store, new ArrayList<>(), 3, 1, scoring(0)).build().run();
    assertEquals(3, r.finished().size());
    assertTrue(r.finished().stream().anyMatch(f -> f.evaluation().architecture().equals(SPACE.of(1, 1, 1, 1, 1, 1).toString())));
  }

  @Test
  void twoRunnersOnOneStudyShareTheWorkWithoutOverlap() throws Exception {
    Set<String> inTraining = Collections.synchronizedSet(new HashSet<>());
    AtomicInteger overlaps = new AtomicInteger();
    Evaluator ev = (a, f, s) -> {
      if (!inTraining.add(a.toString())) {
        overlaps.incrementAndGet();
      }
      try {
        return scoring(3).evaluate(a, f, s);
      } finally {
        inTraining.remove(a.toString());
      }
    };
    List<SearchResult> results = Collections.synchronizedList(new ArrayList<>());
    Thread t1 = new Thread(() -> results.add(runner(store, new ArrayList<>(), 30, 2, ev).build().run()));
    Thread t2 = new Thread(() -> results.add(runner(store, new ArrayList<>(), 30, 2, ev).build().run()));
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    assertEquals(0, overlaps.get());
    assertEquals(30, store.finished(study(store)).size());
    assertEquals(30, results.get(0).trainedHere() + results.get(1).trainedHere());
    Optional<Trial> any = results.get(0).best();
    assertTrue(any.isPresent());
  }
}
