package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.Counts;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudyFinish;

/**
 * {@code nas4j worker} in this JVM on an SQLite store: {@code search --workers 0} creates a study and trains
 * nothing; workers join it, one leaves after {@code --max-trials}, the next spends the budget and trains the final
 * model once; a worker after the finish trains nothing. Options that contradict the study, and a study that is not
 * there, are one-line errors with exit status 2 that leave the store as it was.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkerCommandTest {
  @TempDir static Path dir;

  static String db() {
    return dir.resolve("w.db").toString();
  }

  static String[] worker(String... more) {
    List<String> a = new ArrayList<>(List.of("worker", "--store", db(), "--study", "joined"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void workersZeroCreatesTheStudyAndTrainsNothing() {
    CliRun r = CliRun.of("search", "--data", "digits", "--store", db(), "--study", "joined", "--workers", "0",
        "--budget-evals", "3", "--epochs", "1", "--train-limit", "200", "--channels", "4", "--optimizer", "rea",
        "--sources", "none").expect(0);
    assertTrue(r.out().contains("nas4j worker --store " + db() + " --study joined"), r.out());
    try (Store s = Store.openExisting(db())) {
      Study st = s.study("joined");
      assertEquals(3, st.spec().budget().evaluations());
      assertEquals(0, s.counts(st).total(), "nothing trained or enqueued");
    }
  }

  @Test
  @Order(2)
  void optionsThatContradictTheStudyAreOneLineErrors() {
    assertOneLine(CliRun.of(worker("--optimizer", "rs")), "searches with --optimizer rea, not rs");
    assertOneLine(CliRun.of(worker("--data", "fashion-mnist")), "searches with --data digits, not fashion-mnist");
    assertOneLine(CliRun.of(worker("--epochs", "3")), "searches with --epochs 1, not 3");
    assertOneLine(CliRun.of(worker("--seed", "5")), "searches with --seed 0, not 5");
    assertOneLine(CliRun.of("worker", "--store", db(), "--study", "nope"), "no study nope in store");
    assertOneLine(CliRun.of("worker", "--store", dir.resolve("missing.db").toString(), "--study", "joined"),
        "no store at");
    assertOneLine(CliRun.of(worker("--lease", "0.1")), "--lease must be between 1 and 86400 seconds");
    assertOneLine(CliRun.of(worker("--threads", "0")), "--threads must be at least 1");
    assertOneLine(CliRun.of("search", "--data", "digits", "--store", db(), "--study", "x", "--workers", "0",
        "--processes"), "--processes needs --workers 1 or more");
    long t0 = System.nanoTime();
    assertOneLine(CliRun.of("worker", "--store", db(), "--study", "later", "--wait-for-study", "2"),
        "no study later in store");
    assertTrue(System.nanoTime() - t0 >= 1_900_000_000L, "--wait-for-study waits before it gives up");
    try (Store s = Store.openExisting(db())) {
      s.createStudy(org.nas4j.store.StudySpec.of("population", "pbt-nb201", "digits", "pbt-nas", 0, 1));
    }
    assertOneLine(CliRun.of("worker", "--store", db(), "--study", "population"),
        "is a PBT-NAS population recorded by one nas4j pbt process: nas4j worker joins PBT studies created with");
    assertOneLine(CliRun.of("pbt", "--data", "digits", "--workers", "0"), "--workers 0 trains nothing here and needs --store");
    assertFalse(Files.exists(dir.resolve("missing.db")), "a refused worker creates no store");
    try (Store s = Store.openExisting(db())) {
      assertEquals(0, s.counts(s.study("joined")).total(), "refused workers leave the study as it was");
    }
  }

  @Test
  @Order(3)
  void workersJoinFinishTheBudgetAndTheFinalModelOnce() {
    CliRun first = CliRun.of(worker("--max-trials", "2", "--final-epochs", "1")).expect(0);
    assertTrue(first.err().contains("joining"), first.err());
    assertTrue(first.err().contains("trained 2 evaluation(s)"), first.err());
    assertTrue(first.err().contains("is not finished yet (2 of 3 evaluations)"), first.err());
    try (Store s = Store.openExisting(db())) {
      assertTrue(s.finishRecord(s.study("joined")).isEmpty(), "a worker that leaves early does not finish the study");
    }

    CliRun second = CliRun.of(worker("--final-epochs", "1")).expect(0);
    assertTrue(second.err().contains("trained 1 evaluation(s)"), second.err());
    assertTrue(second.err().contains("final training of the best architecture"), second.err());
    assertTrue(second.out().contains("test accuracy:"), second.out());
    StudyFinish done;
    try (Store s = Store.openExisting(db())) {
      Study st = s.study("joined");
      Counts c = s.counts(st);
      assertEquals(3, c.finished());
      assertEquals(0, c.running() + c.waiting());
      done = s.finishRecord(st).orElseThrow();
    }

    CliRun third = CliRun.of(worker("--final-epochs", "1")).expect(0);
    assertTrue(third.err().contains("trained 0 evaluation(s)"), third.err());
    assertFalse(third.err().contains("final training of the best architecture"), "the finish is not repeated: "
        + third.err());
    assertTrue(third.err().contains("final model already trained by"), third.err());
    try (Store s = Store.openExisting(db())) {
      assertEquals(done, s.finishRecord(s.study("joined")).orElseThrow(), "the recorded finish is unchanged");
    }
  }

  @Test
  @Order(4)
  void searchWithProcessesStartsWorkerProcessesAndPrintsTheOutcome() {
    String store = dir.resolve("p.db").toString();
    CliRun r = CliRun.of("search", "--data", "digits", "--store", store, "--study", "procs", "--workers", "2",
        "--processes", "--budget-evals", "4", "--epochs", "1", "--final-epochs", "1", "--train-limit", "200",
        "--channels", "4", "--optimizer", "rea", "--sources", "none").expect(0);
    assertTrue(r.out().contains("study procs: 4 of 4 evaluations finished by 2 worker processes"), r.out());
    assertTrue(r.out().contains("best architecture: |") && r.out().contains("test accuracy:"), r.out());
    assertTrue(r.err().contains("[worker 1] ") && r.err().contains("[worker 2] "), r.err());
    assertEquals(1, r.err().split("final training of the best architecture", -1).length - 1,
        "one worker trains the final model: " + r.err());
    try (Store s = Store.openExisting(store)) {
      Study st = s.study("procs");
      assertEquals(4, s.counts(st).finished());
      assertTrue(s.finishRecord(st).isPresent());
    }
  }

  /** A worker trains a NASNet study as the search that created it would: cutout, drop-path, auxiliary head. */
  @Test
  @Order(5)
  void aWorkerJoinsANasnetStudyWithItsNetworkOptions() {
    String store = dir.resolve("n.db").toString();
    CliRun.of("search", "--space", "nasnet", "--data", "digits", "--store", store, "--study", "cells", "--workers",
        "0", "--budget-evals", "2", "--epochs", "1", "--train-limit", "200", "--channels", "4", "--cells", "1",
        "--optimizer", "rs", "--sources", "none", "--drop-path", "0.2", "--auxiliary", "0.4", "--cutout", "8")
        .expect(0);
    CliRun w = CliRun.of("worker", "--store", store, "--study", "cells", "--final-epochs", "0").expect(0);
    assertTrue(w.err().contains("trained 2 evaluation(s)"), w.err());
    try (Store s = Store.openExisting(store)) {
      Study st = s.study("cells");
      assertEquals(2, s.counts(st).complete(), "both trained, none failed");
      assertTrue(s.finished(st).stream().allMatch(t -> t.architecture().startsWith("normal:")));
    }
  }

  private static void assertOneLine(CliRun r, String expected) {
    r.expect(2);
    String err = r.err().strip();
    assertEquals(1, err.lines().count(), err);
    assertTrue(err.startsWith("nas4j: error: ") && err.contains(expected), err);
  }
}
