package org.nas4j.search;

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
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

class SearchRunnerTest {
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

  static SearchRunner.Builder runner(Trials trials, List<TestOptimizer> built, int budget, int workers, Evaluator ev) {
    return SearchRunner.builder().space(SPACE).task("toy").fidelity(1).seed(7).trials(trials)
        .optimizer(() -> {
          TestOptimizer o = new TestOptimizer(SPACE, 7);
          built.add(o);
          return o;
        })
        .evaluator(ev).budget(Budget.evaluations(budget)).workers(workers)
        .heartbeat(Duration.ofMillis(50), Duration.ofMillis(400));
  }

  @Test
  void spendsTheBudgetExactlyWithDistinctArchitectures() {
    InMemoryTrials trials = new InMemoryTrials();
    List<TestOptimizer> built = new ArrayList<>();
    SearchResult r = runner(trials, built, 20, 2, scoring(5)).build().run();
    assertEquals(20, r.finished().size());
    assertEquals(20, r.trainedHere());
    Set<String> archs = new HashSet<>();
    for (FinishedTrial f : r.finished()) {
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
    InMemoryTrials inner = new InMemoryTrials();
    Trials logged = new ForwardingTrials(inner) {
      @Override
      public FinishedTrial finish(Claim claim, Evaluation evaluation) {
        FinishedTrial f = super.finish(claim, evaluation);
        events.add("commit " + claim.architecture());
        return f;
      }
    };
    List<TestOptimizer> built = new ArrayList<>();
    SearchRunner.Builder b = runner(logged, built, 12, 2, scoring(2));
    b.optimizer(() -> {
      TestOptimizer o = new TestOptimizer(SPACE, 7) {
        @Override
        public synchronized void tell(Architecture a, double value) {
          events.add("tell " + a);
          super.tell(a, value);
        }
      };
      built.add(o);
      return o;
    });
    b.build().run();
    assertEquals(24, events.size());
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith("tell ")) {
        String arch = events.get(i).substring(5);
        assertTrue(events.subList(0, i).contains("commit " + arch), "told before commit: " + arch);
      }
    }
  }

  @Test
  void resumeReplaysInFinishOrderRetrainsInFlightAndRepeatsNothing() {
    InMemoryTrials trials = new InMemoryTrials();
    List<TestOptimizer> first = new ArrayList<>();
    runner(trials, first, 6, 1, scoring(0)).build().run();
    // a killed process on this host left one candidate in flight
    String dead = Workers.local().split(":")[0] + ":" + Long.MAX_VALUE / 2 + ":0";
    Trials.Added inFlight = trials.add(SPACE.of(3, 3, 3, 3, 3, 3).toString(), dead, 100);
    assertEquals(Trials.AddStatus.ADDED, inFlight.status());

    List<TestOptimizer> second = new ArrayList<>();
    SearchResult r = runner(trials, second, 12, 1, scoring(0)).build().run();
    assertEquals(6, r.replayed());
    assertEquals(6, r.trainedHere(), "the in-flight candidate and 5 new ones");
    assertEquals(12, r.finished().size());
    TestOptimizer resumed = second.get(0);
    assertEquals(first.get(0).told, resumed.told.subList(0, 6), "replay in finish order");
    Set<String> archs = new HashSet<>();
    r.finished().forEach(f -> assertTrue(archs.add(f.evaluation().architecture())));
    assertTrue(archs.contains(SPACE.of(3, 3, 3, 3, 3, 3).toString()), "the in-flight candidate was trained");
    assertEquals(0, trials.running().size());
  }

  @Test
  void resumedRunAsksWhatAnUninterruptedRunAsks() {
    InMemoryTrials straight = new InMemoryTrials();
    runner(straight, new ArrayList<>(), 10, 1, scoring(0)).build().run();
    InMemoryTrials split = new InMemoryTrials();
    runner(split, new ArrayList<>(), 4, 1, scoring(0)).build().run();
    runner(split, new ArrayList<>(), 10, 1, scoring(0)).build().run();
    assertEquals(archs(straight), archs(split));
  }

  static List<String> archs(Trials t) {
    List<String> out = new ArrayList<>();
    t.finishedSince(0).forEach(f -> out.add(f.evaluation().architecture() + "@" + f.evaluation().seed()));
    return out;
  }

  @Test
  void badInputStopsTheSearchAndLosesNothing() {
    InMemoryTrials trials = new InMemoryTrials();
    AtomicInteger calls = new AtomicInteger();
    Evaluator ev = (a, f, s) -> {
      if (calls.incrementAndGet() > 3) {
        throw new InputException("dataset file vanished: reinstall it");
      }
      return scoring(0).evaluate(a, f, s);
    };
    InputException e = assertThrows(InputException.class, () -> runner(trials, new ArrayList<>(), 10, 1, ev).build().run());
    assertTrue(e.getMessage().contains("vanished"));
    assertEquals(3, trials.finishedSince(0).size());
    assertEquals(0, trials.running().size(), "the claim was given back");
    assertEquals(1, trials.waiting());
    // the next run trains the released candidate first, then goes on
    SearchResult r = runner(trials, new ArrayList<>(), 10, 1, scoring(0)).build().run();
    assertEquals(10, r.finished().size());
  }

  @Test
  void aCandidateThatCrashesIsRecordedAsFailedAndTheSearchGoesOn() {
    InMemoryTrials trials = new InMemoryTrials();
    AtomicInteger calls = new AtomicInteger();
    Evaluator ev = (a, f, s) -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("native out of memory");
      }
      return scoring(0).evaluate(a, f, s);
    };
    List<TestOptimizer> built = new ArrayList<>();
    SearchResult r = runner(trials, built, 5, 1, ev).build().run();
    assertEquals(5, r.finished().size());
    assertEquals(1, r.finished().stream().filter(f -> !f.evaluation().ok()).count());
    assertTrue(built.get(0).values.stream().anyMatch(v -> v.isNaN()), "failure told as NaN");
  }

  @Test
  void wallTimeBudgetStopsAskingAndFinishesWhatIsInFlight() {
    InMemoryTrials trials = new InMemoryTrials();
    SearchRunner.Builder b = runner(trials, new ArrayList<>(), 1000, 2, scoring(100));
    b.budget(new Budget(1000, Duration.ofMillis(350)));
    SearchResult r = b.build().run();
    assertTrue(r.finished().size() >= 4 && r.finished().size() <= 10, "finished " + r.finished().size());
    assertEquals(0, trials.running().size());
    assertEquals(r.finished().size(), trials.count());
    assertEquals("wall-time budget reached", r.stop());
  }

  @Test
  void aBrokenWorkerStopsTheRunLoudly() {
    InMemoryTrials trials = new InMemoryTrials();
    SearchRunner.Builder b = runner(trials, new ArrayList<>(), 5, 2, scoring(0))
        .workerInit(() -> {
          throw new UnsatisfiedLinkError("no native library");
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> b.build().run());
    assertTrue(e.getMessage().contains("no native library"), e.getMessage());
    assertEquals(0, trials.count());
  }

  @Test
  void staleClaimsOfOtherHostsAreReleasedAndTrained() {
    InMemoryTrials trials = new InMemoryTrials();
    trials.add(SPACE.of(1, 1, 1, 1, 1, 1).toString(), "elsewhere:1:0", 100); // heartbeat never renewed
    SearchResult r = runner(trials, new ArrayList<>(), 3, 1, scoring(0)).build().run();
    assertEquals(3, r.finished().size());
    assertTrue(r.finished().stream().anyMatch(f -> f.evaluation().architecture().equals(SPACE.of(1, 1, 1, 1, 1, 1).toString())));
  }

  @Test
  void twoRunnersOnOneStudyShareTheWorkWithoutOverlap() throws Exception {
    InMemoryTrials trials = new InMemoryTrials();
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
    Thread t1 = new Thread(() -> results.add(runner(trials, new ArrayList<>(), 30, 2, ev).seed(1).build().run()));
    Thread t2 = new Thread(() -> results.add(runner(trials, new ArrayList<>(), 30, 2, ev).seed(1).build().run()));
    t1.start();
    t2.start();
    t1.join();
    t2.join();
    assertEquals(0, overlaps.get());
    assertEquals(30, trials.finishedSince(0).size());
    assertEquals(30, results.get(0).trainedHere() + results.get(1).trainedHere());
    Optional<FinishedTrial> any = results.get(0).best();
    assertTrue(any.isPresent());
  }
}
