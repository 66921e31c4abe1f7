package org.nas4j.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Store throughput: committed finishes per second on an SQLite file (WAL, synchronous=FULL) and on a
 * PostgreSQL server with fsync on, by 1 and 4 workers each with its own store object (own connections, as
 * separate processes would have). Run with {@code bench/store/run.sh [evaluations] [repeats]}; prints medians.
 */
public final class StoreBench {
  private StoreBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("scale")) {
      scale(args.length > 1 ? Integer.parseInt(args[1]) : 20_000);
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("nas4j-store-bench");
    PostgresFixture pg = PostgresFixture.skipped() ? null : PostgresFixture.start(true);
    System.out.printf(Locale.ROOT, "| backend | workers | finish/s (finish call only) | claim+finish/s | add/s |%n");
    System.out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
    int[] counter = {0};
    for (int workers : new int[] {1, 4}) {
      row("SQLite file (WAL, synchronous=FULL)", workers, n, repeats,
          () -> dir.resolve("bench" + (counter[0]++) + ".db").toString());
      if (pg != null) {
        row("PostgreSQL " + serverVersion(pg) + " (fsync on)", workers, n, repeats, pg::newUrl);
      }
    }
    if (pg != null) {
      pg.stop();
    }
  }

  /**
   * The calls a runner makes per step, timed on an SQLite study that already holds {@code n} finished
   * evaluations (written in one transaction, not through the API, to be quick); medians of 5.
   */
  private static void scale(int n) throws Exception {
    Path file = Files.createTempDirectory("nas4j-store-scale").resolve("big.db");
    Study study;
    try (Store store = Store.open(file.toString())) {
      study = store.createStudy(StoreContract.spec("big"));
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
      c.setAutoCommit(false);
      try (var p = c.prepareStatement("INSERT INTO nas4j_evaluation (study_id, number, architecture, fidelity, seed,"
          + " status, worker, attempt, objective, metrics, cost_seconds, params, finish_seq, nas4j_version,"
          + " enqueued_at, claimed_at, heartbeat_at, finished_at) VALUES (?, ?, ?, 12, 0, 'COMPLETE', 'w', 1, ?,"
          + " '{\"valid_accuracy\":1.0}', 1.0, 100, ?, 'dev', 0, 0, 0, 0)")) {
        for (int i = 0; i < n; i++) {
          p.setLong(1, study.id());
          p.setInt(2, i);
          p.setString(3, StoreContract.arch(i));
          p.setDouble(4, i % 97);
          p.setLong(5, i + 1);
          p.addBatch();
        }
        p.executeBatch();
      }
      try (var s = c.createStatement()) {
        s.execute("UPDATE nas4j_study SET next_number = " + n + ", finish_seq = " + n);
      }
      c.commit();
    }
    String[] names = {"counts", "finishedAfter(last 5)", "add (new)", "finish", "add (duplicate)", "best",
        "finished() of all"};
    double[][] ms = new double[names.length][5];
    try (Store store = Store.open(file.toString())) {
      for (int r = 0; r < 5; r++) {
        long t0 = System.nanoTime();
        store.counts(study);
        long t1 = System.nanoTime();
        store.finishedAfter(study, n - 5);
        long t2 = System.nanoTime();
        Added a = store.add(study, "new" + r, "w", Integer.MAX_VALUE);
        long t3 = System.nanoTime();
        store.finish(a.claim(), StoreHammer.result(a.claim()));
        long t4 = System.nanoTime();
        store.add(study, StoreContract.arch(n / 2), "w", Integer.MAX_VALUE);
        long t5 = System.nanoTime();
        store.best(study);
        long t6 = System.nanoTime();
        store.finished(study);
        long t7 = System.nanoTime();
        long[] t = {t0, t1, t2, t3, t4, t5, t6, t7};
        for (int k = 0; k < names.length; k++) {
          ms[k][r] = (t[k + 1] - t[k]) / 1e6;
        }
      }
    }
    System.out.printf(Locale.ROOT, "| call on a study of %d finished evaluations (SQLite) | median ms |%n|---|---|%n", n);
    for (int k = 0; k < names.length; k++) {
      System.out.printf(Locale.ROOT, "| %s | %.1f |%n", names[k], median(ms[k]));
    }
  }

  private static String serverVersion(PostgresFixture pg) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(pg.baseUrl()); var s = c.createStatement();
        var rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1).replaceAll(" .*", "");
    }
  }

  private interface Location {
    String next() throws Exception;
  }

  private static void row(String backend, int workers, int n, int repeats, Location where) throws Exception {
    double[] finish = new double[repeats];
    double[] loop = new double[repeats];
    double[] add = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      double[] m = once(where.next(), workers, n);
      finish[r] = m[0];
      loop[r] = m[1];
      add[r] = m[2];
    }
    System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f |%n", backend, workers, median(finish),
        median(loop), median(add));
  }

  /** One run: returns finishes/s counting only finish calls, claim+finish loop rate, and add rate. */
  private static double[] once(String location, int workers, int n) throws Exception {
    Study study;
    try (Store store = Store.open(location)) {
      study = store.createStudy(StoreContract.spec("bench"));
      for (int i = 0; i < n; i++) {
        store.enqueue(study, StoreContract.arch(i));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long[] finishNanos = new long[workers];
    List<Future<?>> jobs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int k = w;
      jobs.add(pool.submit(() -> {
        try (Store store = Store.open(location)) {
          while (true) {
            var c = store.claim(study, "w" + k, Duration.ofHours(1));
            if (c.isEmpty()) {
              break;
            }
            long f0 = System.nanoTime();
            store.finish(c.get(), StoreHammer.result(c.get()));
            finishNanos[k] += System.nanoTime() - f0;
          }
        }
        return null;
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    double loopSeconds = (System.nanoTime() - t0) / 1e9;
    // add-and-claim, as a runner asking its optimizer does it
    jobs.clear();
    long a0 = System.nanoTime();
    for (int w = 0; w < workers; w++) {
      int k = w;
      jobs.add(pool.submit(() -> {
        try (Store store = Store.open(location)) {
          for (int i = 0; i < n / workers; i++) {
            store.add(study, StoreContract.arch(100_000 * (k + 1) + i), "w" + k, Integer.MAX_VALUE);
          }
        }
        return null;
      }));
    }
    for (Future<?> f : jobs) {
      f.get();
    }
    double addSeconds = (System.nanoTime() - a0) / 1e9;
    pool.shutdown();
    double finishSeconds = Arrays.stream(finishNanos).sum() / 1e9 / workers; // per worker, in parallel
    return new double[] {n / finishSeconds, n / loopSeconds, (n / workers) * workers / addSeconds};
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
