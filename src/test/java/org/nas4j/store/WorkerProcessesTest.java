package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.CliRun;
import org.nas4j.cli.Main;
import org.nas4j.evaluate.Status;

/**
 * Three real {@code nas4j worker} processes on one PostgreSQL study (a server of this test's own, on loopback),
 * training a small digits search to the end while things go wrong: worker 1 is killed with SIGKILL in the middle
 * of an evaluation, worker 2's database sessions are ended by the server ({@code pg_terminate_backend}), and
 * then the server itself is stopped and started again while workers 2 and 3 run. Every evaluation is committed
 * exactly once, the killed worker's evaluation is trained again by another, the budget is finished and the final
 * model is trained once.
 */
class WorkerProcessesTest {
  static final int BUDGET = 10;

  @Test
  void threeWorkersFinishAStudyThroughAKillADroppedSessionAndARestart(@TempDir Path dir) throws Exception {
    assumeFalse(PostgresFixture.skipped(), "NAS4J_SKIP_PG=1");
    PostgresFixture pg = PostgresFixture.start(false); // its own server: this test stops and starts it
    try {
      String url = pg.newUrl();
      CliRun.of("search", "--data", "digits", "--store", url, "--study", "w", "--workers", "0", "--budget-evals",
          Integer.toString(BUDGET), "--epochs", "1", "--train-limit", "200", "--channels", "4", "--optimizer", "rea",
          "--sources", "none").expect(0);

      List<Process> ps = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        ps.add(new ProcessBuilder(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker", "--store", url,
            "--study", "w", "--lease", "3", "--final-epochs", "1", "--reconnect", "60")
            .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("w" + i + ".log").toFile())
            .start());
      }
      Process w1 = ps.get(0);
      Process w2 = ps.get(1);
      Process w3 = ps.get(2);

      // worker 1: SIGKILL while it trains
      long killedTrial = awaitRunning(url, w1.pid(), ps, dir);
      w1.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no release
      assertTrue(w1.waitFor(10, TimeUnit.SECONDS));

      // worker 2: the server ends its sessions while it trains
      awaitRunning(url, w2.pid(), ps, dir);
      int ended = terminateSessions(url, w2.pid());
      assertTrue(ended > 0, "worker 2 had sessions to end");

      // the server goes away for a few seconds and comes back, while workers 2 and 3 train
      if (pg.owned()) {
        await(() -> finished(url) >= 3, ps, dir, "3 evaluations finished");
        pg.stopServer();
        Thread.sleep(3000);
        pg.startAgain();
      }

      for (Process p : List.of(w2, w3)) {
        assertTrue(p.waitFor(150, TimeUnit.SECONDS), "worker finishes: " + logs(dir));
        assertEquals(0, p.exitValue(), logs(dir));
      }

      try (Store s = Store.open(url)) {
        Study st = s.study("w");
        Counts c = s.counts(st);
        assertEquals(BUDGET, c.finished(), "the budget is finished");
        assertEquals(0, c.running() + c.waiting());
        List<Trial> done = s.finished(st);
        Set<String> archs = new HashSet<>();
        Set<Long> seqs = new HashSet<>();
        for (Trial t : done) {
          assertTrue(archs.add(t.architecture()), "committed once: " + t.architecture());
          seqs.add(t.finishSeq());
          assertFalse(t.worker().contains(":" + w1.pid() + ":") && t.id() == killedTrial);
        }
        for (long q = 1; q <= BUDGET; q++) {
          assertTrue(seqs.contains(q), "finish order has no gap or repeat at " + q + ": " + seqs);
        }
        Trial retried = s.trials(st).stream().filter(t -> t.id() == killedTrial).findFirst().orElseThrow();
        assertEquals(Status.COMPLETE, retried.status(), "the killed worker's evaluation was trained again");
        assertTrue(retried.attempt() >= 2, "claimed again after the lease: attempt " + retried.attempt());
        assertNotEquals(w1.pid(), pidOf(retried.worker()));

        StudyFinish f = s.finishRecord(st).orElseThrow(() -> new AssertionError("study finished: " + logs(dir)));
        assertTrue(f.by().endsWith(":" + w2.pid()) || f.by().endsWith(":" + w3.pid()), f.by());
      }
      String all = logs(dir);
      System.out.println("WorkerProcessesTest: killed trial " + killedTrial + ", ended " + ended + " session(s)"
          + all);
      int finals = all.split("final training of the best architecture", -1).length - 1;
      assertEquals(1, finals, "the final model is trained once: " + all);
      assertTrue(Files.isRegularFile(dir.resolve("nas4j-models/w/final.json")), "final model saved by its worker");
    } finally {
      pg.stop();
    }
  }

  /** Waits until the worker process holds a RUNNING evaluation (it is training), and returns its id. */
  private static long awaitRunning(String url, long pid, List<Process> ps, Path dir) throws Exception {
    long[] id = {-1};
    await(() -> {
      try (Connection c = DriverManager.getConnection(url);
          PreparedStatement p = c.prepareStatement("SELECT id FROM nas4j_evaluation WHERE status = 'RUNNING'"
              + " AND worker LIKE ?")) {
        p.setString(1, "%:" + pid + ":%");
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            id[0] = rs.getLong(1);
            return true;
          }
          return false;
        }
      } catch (java.sql.SQLException e) {
        return false;
      }
    }, ps, dir, "worker " + pid + " training");
    return id[0];
  }

  private static int finished(String url) {
    try (Store s = Store.open(url)) {
      return s.counts(s.study("w")).finished();
    }
  }

  /** Ends every PostgreSQL session of the worker process (the store names them {@code nas4j <pid>}). */
  private static int terminateSessions(String url, long pid) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement p = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = ?")) {
      p.setString(1, "nas4j " + pid);
      int n = 0;
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          n += rs.getBoolean(1) ? 1 : 0;
        }
      }
      return n;
    }
  }

  private static void await(BooleanSupplier condition, List<Process> ps, Path dir, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + ": " + logs(dir));
      }
      for (Process p : ps) {
        if (!p.isAlive() && p.exitValue() != 0 && p.exitValue() != 137) {
          throw new AssertionError("a worker failed while waiting for " + what + ": " + logs(dir));
        }
      }
      Thread.sleep(50);
    }
  }

  private static long pidOf(String worker) {
    return Long.parseLong(worker.split(":")[1]);
  }

  private static String logs(Path dir) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      try {
        b.append("\n--- worker ").append(i).append(":\n").append(Files.readString(dir.resolve("w" + i + ".log")));
      } catch (java.io.IOException e) {
        b.append("\n--- worker ").append(i).append(": no log");
      }
    }
    return b.toString();
  }
}
