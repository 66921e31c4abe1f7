package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.CliRun;
import org.nas4j.cli.Main;
import org.nas4j.evaluate.Status;

/**
 * PBT-NAS across workers on PostgreSQL: {@code nas4j pbt --store URL --workers 0} creates a population of 4 over 2
 * steps of 100 batches, three real {@code nas4j worker} processes train it, and worker 1 is SIGKILLed while it trains a member-step.
 * Its claim comes back after the lease, worker 2 trains that step again, and the study ends with every member-step
 * committed once, every generation bred once and only the last population's checkpoints left in the store.
 */
class PbtWorkerProcessesTest {
  /** Worker processes on the study; the first is killed. */
  static final int WORKERS = 3;

  @Test
  void threeWorkerProcessesFinishAPopulationThroughAKill(@TempDir Path dir) throws Exception {
    assumeFalse(PostgresFixture.skipped(), "NAS4J_SKIP_PG=1");
    String url = PostgresFixture.shared().newUrl();
    String out = createStudy(url).expect(0).out();
    assertTrue(out.contains("nas4j worker --store"), out);
    String err = createStudy(url, "--lr", "0.1").expect(2).err();
    assertTrue(err.contains("was created with other nas4j pbt options") && err.strip().lines().count() == 1, err);
    try (Store s = Store.open(url)) {
      assertEquals(0, s.trials(s.study("p")).size(), "--workers 0 trains nothing");
    }

    List<Process> ps = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      ps.add(startWorker(url, dir, i));
    }
    Process w1 = ps.get(0);
    List<Process> others = ps.subList(1, WORKERS);
    long killed = awaitRunning(url, w1.pid(), w1, dir);
    Thread.sleep(500); // into the member-step's 100 batches (a few seconds here), not just its claim
    w1.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, the claim stays RUNNING until its lease ends
    assertTrue(w1.waitFor(10, TimeUnit.SECONDS));
    awaitSuccess(others, dir);

    try (Store s = Store.open(url)) {
      Study st = s.study("p");
      List<Trial> trials = assertEveryMemberStepCommittedOnce(s, st);
      Set<Long> seqs = new HashSet<>();
      trials.forEach(t -> seqs.add(t.finishSeq()));
      assertEquals(8, seqs.size(), "each member-step finished once: " + seqs);
      Trial retried = trials.stream().filter(t -> t.id() == killed).findFirst().orElseThrow();
      assertTrue(retried.attempt() >= 2, "the killed worker's member-step was claimed again: " + retried.attempt());
      assertNotEquals(w1.pid(), Long.parseLong(retried.worker().split(":")[1].split("/")[0]));
      assertTrue(s.finishRecord(st).isPresent(), "the study was finished: " + logs(dir));

      List<String> files = s.fileNames(st);
      assertTrue(files.containsAll(List.of("population-0.json", "population-1.json", "population-2.json")), files.toString());
      Set<String> ckpts = new TreeSet<>();
      files.stream().filter(f -> f.endsWith(".bin")).forEach(ckpts::add);
      String last = new String(s.file(st, "population-2.json").orElseThrow(), StandardCharsets.UTF_8);
      assertEquals(4, ckpts.size(), "only the last population's checkpoints are left: " + ckpts);
      for (String c : ckpts) {
        assertTrue(last.contains(c) && c.endsWith("-s2.bin"), c + " in " + last);
      }
    }
    System.out.println("PbtWorkerProcessesTest: killed member-step " + killed + logs(dir));
    assertEveryGenerationBredOnce(dir);
  }

  /**
   * The server stops for 3 seconds and starts again while two worker processes train the population: with
   * {@code --reconnect} every store call rides it out, and the study still ends with every member-step committed
   * once and every generation bred once.
   */
  @Test
  void workerProcessesRideOutAServerRestart(@TempDir Path dir) throws Exception {
    assumeFalse(PostgresFixture.skipped(), "NAS4J_SKIP_PG=1");
    PostgresFixture pg = PostgresFixture.start(false); // its own server: this test stops and starts it
    try {
      String url = pg.newUrl();
      createStudy(url).expect(0);
      List<Process> ps = new ArrayList<>();
      for (int i = 1; i <= 2; i++) {
        ps.add(startWorker(url, dir, i, "--reconnect", "60"));
      }
      if (pg.owned()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (completed(url) < 2) { // into the first step, with member-steps still to train
          assertTrue(System.nanoTime() < deadline && ps.stream().allMatch(Process::isAlive), "workers train: " + logs(dir));
          Thread.sleep(50);
        }
        pg.stopServer();
        Thread.sleep(3000);
        pg.startAgain();
      }
      awaitSuccess(ps, dir);
      try (Store s = Store.open(url)) {
        Study st = s.study("p");
        assertEveryMemberStepCommittedOnce(s, st);
        assertTrue(s.finishRecord(st).isPresent(), "the study was finished: " + logs(dir));
      }
      assertEveryGenerationBredOnce(dir);
    } finally {
      pg.stop();
    }
  }

  /** {@code nas4j pbt --workers 0}: study p, a population of 4 over 2 steps of 100 batches on digits. */
  private static CliRun createStudy(String url, String... more) {
    List<String> args = new ArrayList<>(List.of("pbt", "--data", "digits", "--train-limit", "512", "--valid-limit",
        "200", "--population", "4", "--tau", "0.5", "--steps", "2", "--batches-per-step", "100", "--batch-size", "32",
        "--stages", "2", "--channels", "8", "--seed", "3", "--store", url, "--study", "p", "--workers", "0"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  private static void awaitSuccess(List<Process> workers, Path dir) throws InterruptedException {
    for (Process w : workers) {
      assertTrue(w.waitFor(150, TimeUnit.SECONDS), "the workers finish: " + logs(dir));
      assertEquals(0, w.exitValue(), logs(dir));
    }
  }

  /** 4 members x 2 steps, each member-step complete and committed once; returns the trials. */
  private static List<Trial> assertEveryMemberStepCommittedOnce(Store s, Study st) {
    List<Trial> trials = s.trials(st);
    assertEquals(8, trials.size(), "4 members x 2 steps");
    Set<String> names = new HashSet<>();
    for (Trial t : trials) {
      assertEquals(Status.COMPLETE, t.status(), t.architecture());
      assertTrue(names.add(t.architecture() + "@" + t.fidelity()), "committed once: " + t.architecture());
    }
    return trials;
  }

  /** Each generation's barrier (breeding) ran in exactly one worker. */
  private static void assertEveryGenerationBredOnce(Path dir) {
    String logs = logs(dir);
    for (int step = 1; step <= 2; step++) {
      assertEquals(1, logs.split("step " + step + "/2 done", -1).length - 1, "step " + step + " bred once: " + logs);
    }
  }

  /** {@code nas4j worker} on study p in its own JVM (one libtorch thread, a 3 s lease), logging to w{@code i}.log. */
  private static Process startWorker(String url, Path dir, int i, String... more) throws java.io.IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "worker", "--store", url, "--study", "p",
        "--lease", "3"));
    cmd.addAll(List.of(more));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("w" + i + ".log").toFile()).start();
  }

  private static int completed(String url) {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement q = c.prepareStatement("SELECT count(*) FROM nas4j_evaluation WHERE status = 'COMPLETE'");
        ResultSet rs = q.executeQuery()) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (java.sql.SQLException e) {
      return 0; // tables not there yet
    }
  }

  /** Waits until the worker process holds a RUNNING member-step (it is training), and returns its id. */
  private static long awaitRunning(String url, long pid, Process p, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement q = c.prepareStatement("SELECT id FROM nas4j_evaluation WHERE status = 'RUNNING'"
              + " AND (worker LIKE ? OR worker LIKE ?)")) {
        q.setString(1, "%:" + pid); // host:pid
        q.setString(2, "%:" + pid + "/%"); // host:pid/thread
        try (ResultSet rs = q.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
      } catch (java.sql.SQLException e) {
        // tables not there yet
      }
      if (!p.isAlive()) {
        throw new AssertionError("worker 1 ended before it trained: " + logs(dir));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("worker 1 never trained: " + logs(dir));
  }

  /** Every worker's log (w1.log, w2.log, ... as many as the test started). */
  private static String logs(Path dir) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; Files.exists(dir.resolve("w" + i + ".log")); i++) {
      try {
        b.append("\n--- worker ").append(i).append(":\n").append(Files.readString(dir.resolve("w" + i + ".log")));
      } catch (java.io.IOException e) {
        b.append("\n--- worker ").append(i).append(": unreadable log, ").append(e.getMessage());
      }
    }
    return b.length() == 0 ? "\n(no worker log)" : b.toString();
  }
}
