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
