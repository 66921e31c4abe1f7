package org.nas4j.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nas4j.evaluate.Budget;
import org.nas4j.space.Architecture;
import org.nas4j.store.PostgresForTests;
import org.nas4j.store.Store;
import org.nas4j.store.StoreReader;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.util.Stats;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * How the dashboard scales: a study of 1k, 10k and 50k finished evaluations, the server's time per request for
 * each endpoint a study page calls (median of 15 after 3 warm-ups, measured by an HTTP client on loopback), and
 * the time headless Chromium takes to load the study page and the studies page until they are drawn (median of
 * 7). Run with {@code bench/dashboard/run.sh [sizes...]}; prints a Markdown table.
 *
 * <p>The evaluations are written in one batched transaction, not through the store's API (which commits each one
 * durably: minutes for 50k); they are rows as a search leaves them (numbers, finish order, params, objectives,
 * every seventh failed). On PostgreSQL ({@code NAS4J_SKIP_PG=1} to leave it out) the server times are measured too.
 */
public final class DashboardBench {
  private static final int REPEATS = 15;
  private static final int PAGE_REPEATS = 7;

  private DashboardBench() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = args.length == 0 ? new int[] {1_000, 10_000, 50_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    Path dir = Files.createTempDirectory("nas4j-dashboard-bench");
    List<String> rows = new ArrayList<>();
    String header = null;
    WebDriver web = browser(dir);
    try {
      for (int n : sizes) {
        String file = dir.resolve("bench-" + n + ".db").toString();
        Map<String, Double> m = measure(file, n, web);
        if (header == null) {
          header = "| store | evaluations | " + String.join(" | ", m.keySet()) + " |";
        }
        rows.add("| SQLite | " + String.format(Locale.ROOT, "%,d", n) + " | " + values(m) + " |");
        if (!PostgresForTests.skipped()) {
          Map<String, Double> p = measure(PostgresForTests.newUrl(), n, web);
          rows.add("| PostgreSQL | " + String.format(Locale.ROOT, "%,d", n) + " | " + values(p) + " |");
        }
      }
    } finally {
      if (web != null) {
        web.quit();
      }
    }
    System.out.println(header);
    System.out.println("|---|---|" + "---|".repeat(header.split("\\|").length - 3));
    rows.forEach(System.out::println);
    System.exit(0); // the PostgreSQL test cluster's shutdown hook stops it
  }

  private static String values(Map<String, Double> m) {
    List<String> out = new ArrayList<>();
    m.values().forEach(v -> out.add(Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v)));
    return String.join(" | ", out);
  }

  private static WebDriver browser(Path dir) {
    try {
      return DashboardBrowserTest.chromium(dir.resolve("profile"));
    } catch (org.opentest4j.TestAbortedException | AssertionError absent) {
      System.err.println("no Chromium: page load times are left out (" + absent.getMessage() + ")");
      return null;
    }
  }

  /** Fills a store with a study of {@code n} evaluations, then times the endpoints and the pages (ms). */
  static Map<String, Double> measure(String store, int n, WebDriver web) throws Exception {
    long id = fill(store, n);
    Map<String, Double> out = new LinkedHashMap<>();
    try (StoreReader reader = StoreReader.open(store);
        Dashboard d = Dashboard.start(reader, new Dashboard.Options("127.0.0.1", 0, null))) {
      String base = "http://127.0.0.1:" + d.port();
      HttpClient http = HttpClient.newHttpClient();
      Map<String, String> endpoints = new LinkedHashMap<>();
      endpoints.put("all studies", "/api/studies");
      endpoints.put("study", "/api/studies/" + id);
      endpoints.put("best so far", "/api/studies/" + id + "/best");
      endpoints.put("params scatter", "/api/studies/" + id + "/scatter");
      endpoints.put("FLOPs scatter", "/api/studies/" + id + "/scatter?x=flops");
      endpoints.put("table page 1", "/api/studies/" + id + "/evaluations?limit=25&sort=number&dir=desc");
      endpoints.put("table by objective, middle page", "/api/studies/" + id + "/evaluations?limit=25&sort=objective&dir=desc"
          + "&offset=" + (n / 2));
      endpoints.put("table filtered", "/api/studies/" + id + "/evaluations?limit=25&q=nor_conv_3x3~2&status=COMPLETE");
      for (Map.Entry<String, String> e : endpoints.entrySet()) {
        out.put(e.getKey() + " (ms)", time(http, base + e.getValue()));
      }
      out.put("study page in Chromium (ms)", web == null ? Double.NaN : pageLoad(web, base + "/study?id=" + id,
          () -> web.findElements(By.cssSelector("#evaluations tbody tr")).size() == 25
              && !web.findElements(By.cssSelector("svg#scatter")).isEmpty()));
      out.put("studies page in Chromium (ms)", web == null ? Double.NaN : pageLoad(web, base + "/",
          () -> !web.findElements(By.cssSelector("#studies td.name a")).isEmpty()));
    }
    return out;
  }

  private static double time(HttpClient http, String url) throws Exception {
    HttpRequest r = HttpRequest.newBuilder(URI.create(url)).build();
    double[] ms = new double[REPEATS];
    for (int i = -3; i < REPEATS; i++) {
      long t = System.nanoTime();
      HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IllegalStateException(url + ": " + resp.statusCode() + " " + resp.body());
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    return Stats.of(ms).median();
  }

  /** From asking for the page to the moment the condition holds (the page drawn with its data), median of 7. */
  private static double pageLoad(WebDriver web, String url, java.util.function.BooleanSupplier drawn)
      throws InterruptedException {
    double[] ms = new double[PAGE_REPEATS];
    for (int i = -1; i < PAGE_REPEATS; i++) {
      web.get("about:blank");
      long t = System.nanoTime();
      web.get(url);
      while (!drawn.getAsBoolean()) {
        Thread.sleep(5);
      }
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t) / 1e6;
      }
    }
    return Stats.of(ms).median();
  }

  /** A study with {@code n} finished evaluations, written in one transaction; returns its id. */
  static long fill(String store, int n) throws Exception {
    Study study;
    try (Store s = Store.open(store)) {
      study = s.createStudy(StudySpec.of("bench-" + n, "nb201", "cifar10", "rea", 0, 1)
          .withBudget(Budget.ofEvaluations(n)));
    }
    List<Architecture> archs = Fill.architectures(n);
    Random rng = new Random(n);
    String url = store.startsWith("jdbc:") ? store : "jdbc:sqlite:" + store;
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      long t0 = 1_700_000_000_000L;
      try (PreparedStatement p = c.prepareStatement("INSERT INTO nas4j_evaluation (study_id, number, architecture,"
          + " fidelity, seed, status, worker, attempt, objective, metrics, cost_seconds, params, error, finish_seq,"
          + " nas4j_version, enqueued_at, claimed_at, heartbeat_at, finished_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, 'w0', 1, ?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?)")) {
        for (int i = 0; i < n; i++) {
          boolean failed = i % 7 == 3;
          double acc = 50 + 40 * (1 - Math.exp(-i / (n / 5.0))) * rng.nextDouble();
          long at = t0 + i * 1000L;
          p.setLong(1, study.id());
          p.setInt(2, i);
          p.setString(3, archs.get(i % archs.size()).toString());
          p.setInt(4, 1 + i / archs.size()); // each architecture once per fidelity
          p.setLong(5, i);
          p.setString(6, failed ? "FAILED" : "COMPLETE");
          if (failed) {
            p.setNull(7, java.sql.Types.DOUBLE);
            p.setNull(8, java.sql.Types.VARCHAR);
          } else {
            p.setDouble(7, acc);
          }
          long params = failed ? -1 : 1000 + rng.nextInt(1_000_000);
          if (!failed) {
            p.setString(8, "{\"valid_accuracy\":" + acc + ",\"flops\":" + 90 * params + "}");
          }
          p.setDouble(9, 0.5 + rng.nextDouble());
          p.setLong(10, params);
          p.setString(11, failed ? "out of memory" : null);
          p.setLong(12, i + 1);
          p.setLong(13, at - 900);
          p.setLong(14, at - 800);
          p.setLong(15, at);
          p.setLong(16, at);
          p.addBatch();
          if (i % 5000 == 4999) {
            p.executeBatch();
          }
        }
        p.executeBatch();
      }
      try (PreparedStatement p = c.prepareStatement("UPDATE nas4j_study SET next_number = ?, finish_seq = ? WHERE id = ?")) {
        p.setInt(1, n);
        p.setLong(2, n);
        p.setLong(3, study.id());
        p.executeUpdate();
      }
      c.commit();
    }
    return study.id();
  }
}
