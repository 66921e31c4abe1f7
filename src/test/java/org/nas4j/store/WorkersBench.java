package org.nas4j.store;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.bench.TabularEvaluator;
import org.nas4j.cli.Main;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.runner.SearchResult;
import org.nas4j.runner.SearchRunner;

/**
 * Measures {@code nas4j worker}'s coordination on one PostgreSQL study (docs/workers.md), on a throwaway server
 * started here (fsync on, {@code pg_stat_statements} loaded, 400 connections):
 * <ul>
 *   <li>{@code sim N MS PER_WORKER}: N simulated workers, each a {@link SearchRunner} with its own store object
 *   (own connections, as a process would have) and a fake evaluator that sleeps MS then looks the architecture
 *   up in NAS-Bench-201: the real claim, suggestion-lock, heartbeat and commit path without training. Prints
 *   evaluations per second against the ideal N/MS, lock waits, and the statements per evaluation the server saw.</li>
 *   <li>{@code sims MS PER_WORKER N...}: one {@code sim} row per N.</li>
 *   <li>{@code speedup DATA BUDGET ARGS...}: a real search ({@code nas4j search --workers K --processes}) with K = 1
 *   and K = 2 worker processes, wall time of each.</li>
 * </ul>
 * Run with {@code bench/workers/run.sh}.
 */
public final class WorkersBench {
  private WorkersBench() {}

  public static void main(String[] args) throws Exception {
    PostgresFixture pg = PostgresFixture.start(true,
        "-c max_connections=400 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all");
    try (Connection c = DriverManager.getConnection(pg.baseUrl()); Statement s = c.createStatement()) {
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
    }
    System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load " + load()
        + ", PostgreSQL " + version(pg) + " (fsync on)");
    switch (args.length > 0 ? args[0] : "sims") {
      case "sim" -> {
        header();
        sim(pg, Integer.parseInt(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), true);
      }
      case "sims" -> {
        long ms = args.length > 1 ? Long.parseLong(args[1]) : 200;
        int per = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        header();
        List<Integer> ns = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
          ns.add(Integer.parseInt(args[i]));
        }
        if (ns.isEmpty()) {
          ns = List.of(1, 2, 8, 32, 64);
        }
        for (int n : ns) {
          sim(pg, n, ms, per, n == ns.get(0) || n == ns.get(ns.size() - 1));
        }
      }
      case "speedup" -> speedup(pg, args[1], Integer.parseInt(args[2]), List.of(args).subList(3, args.length));
      default -> throw new IllegalArgumentException("usage: sim N MS PER_WORKER | sims MS PER_WORKER [N...] | "
          + "speedup DATA BUDGET [search args...]");
    }
    pg.stop();
  }

  private static void header() {
    System.out.println("| workers | eval ms | evaluations | wall s | evals/s | ideal evals/s | efficiency "
        + "| suggestion lock: waits total s / mean ms per suggestion | client store ms per eval "
        + "| statements per eval (server) | server ms per eval |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
  }

  /** One simulated run: N runners on one study, each trains PER evaluations' worth of the budget. */
  static void sim(PostgresFixture pg, int n, long ms, int per, boolean showStatements) throws Exception {
    String url = pg.newUrl();
    int budget = n * per;
    TabularBenchmark nb = TabularBenchmark.nb201();
    TabularEvaluator lookup = new TabularEvaluator(nb, "cifar10");
    Evaluator fake = (a, fidelity, seed) -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return lookup.evaluate(a, fidelity, seed);
    };
    Study study;
    try (Store s = Store.open(url)) {
      study = s.createStudy(StudySpec.of("sim", "nb201", "cifar10", "rea", 7, 12)
          .withBudget(Budget.ofEvaluations(budget)));
    }
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      stores.add(Store.open(url));
    }
    resetStatements(pg);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    List<Future<SearchResult>> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Store s = stores.get(i);
      String name = "sim" + i;
      Study st = study;
      results.add(pool.submit(() -> {
        go.await();
        return SearchRunner.builder().space(nb.space()).study(s, st)
            .optimizer(() -> Optimizers.create("rea", OptimizerContext.of(nb.space(), 7))).evaluator(fake)
            .workerPrefix(name).build().run();
      }));
    }
    long t0 = System.nanoTime();
    go.countDown();
    double lockWait = 0;
    double store = 0;
    int suggestions = 0;
    int trained = 0;
    for (Future<SearchResult> f : results) {
      SearchResult r = f.get();
      lockWait += r.lockWaitSeconds();
      store += r.storeSeconds();
      suggestions += r.suggestions();
      trained += r.trainedHere();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    Map<String, double[]> stmts = statements(pg);
    stores.forEach(Store::close);
    double calls = 0;
    double serverMs = 0;
    for (double[] v : stmts.values()) {
      calls += v[0];
      serverMs += v[1];
    }
    double ideal = n * 1000.0 / ms;
    System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.1f | %.0f%% | %.2f / %.2f | %.1f | %.1f | %.2f |%n",
        n, ms, trained, wall, trained / wall, ideal, 100 * trained / wall / ideal, lockWait,
        suggestions == 0 ? 0 : 1000 * lockWait / suggestions, 1000 * store / trained, calls / trained,
        serverMs / trained);
    if (showStatements) {
      int perEval = trained;
      System.out.println();
      System.out.println("statements of the " + n + "-worker run, per evaluation (calls, server ms):");
      stmts.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0])).limit(24)
          .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f calls %7.3f ms  %s%n", e.getValue()[0] / perEval,
              e.getValue()[1] / perEval, e.getKey()));
      System.out.println();
    }
  }

  /** A real search with K = 1 and K = 2 worker processes: wall time of each. */
  static void speedup(PostgresFixture pg, String data, int budget, List<String> more) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Path dir = Files.createTempDirectory("nas4j-workers-bench");
    System.out.println("| worker processes | evaluations | wall s (search --processes, incl. JVM starts) | speed-up |");
    System.out.println("|---|---|---|---|");
    double one = 0;
    for (int k : new int[] {1, 2}) {
      String url = pg.newUrl();
      // absolute: the search runs in a scratch directory (its model folders go there)
      String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
          .map(e -> Path.of(e).toAbsolutePath().toString()).reduce((x, y) -> x + File.pathSeparator + y).orElse("");
      List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-cp", cp, Main.class.getName(), "search", "--data", data, "--store", url,
          "--study", "speed", "--budget-evals", Integer.toString(budget), "--final-epochs", "0", "--sources", "none",
          "--workers", Integer.toString(k), "--processes"));
      cmd.addAll(more);
      long t0 = System.nanoTime();
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("speed" + k + ".log").toFile());
      pb.environment().putIfAbsent("OMP_WAIT_POLICY", "passive"); // as the launcher: spinning threads collapse
      Process p = pb.start();
      int status = p.waitFor();
      double wall = (System.nanoTime() - t0) / 1e9;
      if (status != 0) {
        throw new IllegalStateException("search with " + k + " processes failed: "
            + Files.readString(dir.resolve("speed" + k + ".log")));
      }
      if (k == 1) {
        one = wall;
      }
      System.out.printf(Locale.ROOT, "| %d | %d | %.1f | %.2fx |%n", k, budget, wall, one / wall);
      System.out.println("  (load after: " + load() + "; " + lastLines(dir.resolve("speed" + k + ".log")) + ")");
    }
  }

  private static String lastLines(Path log) throws Exception {
    List<String> lines = Files.readAllLines(log);
    return lines.stream().filter(l -> l.contains("search: ")).map(l -> l.replaceAll("^\\[worker \\d+\\] ", ""))
        .reduce((a, b) -> a + " / " + b).orElse("");
  }

  private static void resetStatements(PostgresFixture pg) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.baseUrl()); Statement s = c.createStatement()) {
      s.execute("SELECT pg_stat_statements_reset()");
    }
  }

  /** Statements the server ran since the reset, by text: calls and total execution ms (ours only). */
  private static Map<String, double[]> statements(PostgresFixture pg) throws Exception {
    Map<String, double[]> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(pg.baseUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT query, calls, total_exec_time FROM pg_stat_statements"
            + " WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE 'SET application_name%'")) {
      while (rs.next()) {
        String q = rs.getString(1).replaceAll("\\s+", " ");
        q = q.length() > 110 ? q.substring(0, 110) + "..." : q;
        double[] v = out.computeIfAbsent(q, k -> new double[2]);
        v[0] += rs.getLong(2);
        v[1] += rs.getDouble(3);
      }
    }
    return out;
  }

  private static String version(PostgresFixture pg) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.baseUrl()); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }
}
