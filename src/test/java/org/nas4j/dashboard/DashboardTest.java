package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;
import org.nas4j.cli.CliRun;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.store.Claim;
import org.nas4j.store.Store;
import org.nas4j.store.StoreReader;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

/**
 * The dashboard's server against a real SQLite store: its SQL answers equal the store's own reads, it escapes what
 * users named, it cannot write, it keeps other machines and other sites out, and it reads while a search writes.
 */
class DashboardTest {
  static final String EVIL = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">";

  @TempDir static Path dir;
  static Path db;
  static StoreReader reader;
  static Dashboard dashboard;
  static HttpClient http = HttpClient.newHttpClient();
  static long mainId;
  static long evilId;

  @BeforeAll
  static void start() {
    db = dir.resolve("d.db");
    try (Store s = Store.open(db.toString())) {
      mainId = Fill.study(s, "c10-rea", 80, 5, 1).id();
      evilId = Fill.study(s, EVIL, 4, 0, 2).id();
    }
    reader = StoreReader.open(db.toString());
    dashboard = Dashboard.start(reader, new Dashboard.Options("127.0.0.1", 0, null));
  }

  @AfterAll
  static void stop() {
    dashboard.close();
    reader.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonElement json(String path) throws Exception {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), r.body());
    return JsonParser.parseString(r.body());
  }

  @Test
  void everyStudyIsListedWithItsCountsAndBest() throws Exception {
    JsonArray studies = json("/api/studies").getAsJsonArray();
    assertEquals(2, studies.size());
    JsonObject s = studies.get(0).getAsJsonObject();
    try (Store st = Store.openExisting(db.toString())) {
      Study study = st.study("c10-rea");
      var counts = st.counts(study);
      assertEquals("c10-rea", s.get("name").getAsString());
      assertEquals(counts.total(), s.get("evaluations").getAsInt());
      assertEquals(counts.complete(), s.get("complete").getAsInt());
      assertEquals(counts.failed(), s.get("failed").getAsInt());
      assertEquals(st.best(study).orElseThrow().evaluation().objective(), s.get("best").getAsDouble(), 1e-12);
      assertEquals(counts.costSeconds(), s.get("cost_seconds").getAsDouble(), 1e-9);
      assertEquals(85, s.get("budget_evaluations").getAsInt());
      assertEquals("stopped", s.get("status").getAsString(), "80 of 85 finished, nothing running");
    }
  }

  @Test
  void aStudyNameThatIsMarkupReachesThePageAsTextOnly() throws Exception {
    for (String path : List.of("/api/studies", "/api/studies/" + evilId, "/api/studies/" + evilId + "/evaluations",
        "/api/compare?ids=" + evilId + "," + mainId)) {
      String body = get(path).body();
      assertFalse(body.contains("<script") || body.contains("<img") || body.contains("<b>"), path + ": " + body);
    }
    // the JSON still carries the exact name: the page shows it as text
    JsonObject s = json("/api/studies/" + evilId).getAsJsonObject();
    assertEquals(EVIL, s.get("name").getAsString());
    // the pages are static, with no inline script, under a policy that runs only nas4j's own script
    HttpResponse<String> page = get("/study?id=" + evilId);
    assertEquals(200, page.statusCode());
    assertEquals(get("/").body(), page.body(), "one page shell for every view");
    assertFalse(page.body().contains(EVIL));
    assertTrue(page.body().contains("<script src=\"/dash.js\" defer></script>"));
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), csp);
    // the script builds every element with createTextNode/textContent/setAttribute, never from markup
    String js = get("/dash.js").body();
    assertFalse(js.contains("innerHTML") || js.contains("outerHTML") || js.contains("insertAdjacentHTML")
        || js.contains("document.write") || js.contains("eval("), "no markup from data in dash.js");
  }

  @Test
  void theEvaluationsTableIsSortedFilteredAndPagedByTheDatabase() throws Exception {
    List<Trial> trials;
    try (Store st = Store.openExisting(db.toString())) {
      trials = st.trials(st.study("c10-rea"));
    }
    // by objective, best first, unfinished and failed (no objective) last, ties by number
    List<Integer> expected = trials.stream().sorted(Comparator
            .comparing((Trial t) -> t.evaluation() == null || !t.evaluation().ok())
            .thenComparing(t -> t.evaluation() == null || !t.evaluation().ok() ? 0 : -t.evaluation().objective())
            .thenComparing(Trial::number))
        .map(Trial::number).toList();
    List<Integer> seen = new ArrayList<>();
    for (int offset = 0; offset < expected.size(); offset += 20) {
      JsonObject page = json("/api/studies/" + mainId + "/evaluations?sort=objective&dir=desc&limit=20&offset=" + offset)
          .getAsJsonObject();
      assertEquals(85, page.get("total").getAsInt());
      page.getAsJsonArray("rows").forEach(r -> seen.add(r.getAsJsonObject().get("number").getAsInt()));
    }
    assertEquals(expected, seen);
    // filtered by status and a substring of the architecture, counted by the database
    long want = trials.stream().filter(t -> t.evaluation() != null && t.evaluation().ok()
        && t.architecture().contains("nor_conv_3x3~1")).count();
    JsonObject f = json("/api/studies/" + mainId + "/evaluations?status=COMPLETE&q=nor_conv_3x3~1&limit=200")
        .getAsJsonObject();
    assertEquals(want, f.get("total").getAsLong());
    assertEquals(want, f.getAsJsonArray("rows").size());
    // a filter's SQL wildcards are literal characters
    assertEquals(0, json("/api/studies/" + mainId + "/evaluations?q=%25").getAsJsonObject().get("total").getAsInt());
    // unknown sort columns fall back to the number (nothing reaches SQL but the whitelist)
    JsonObject bad = json("/api/studies/" + mainId + "/evaluations?sort=number;DROP%20TABLE%20x&limit=3")
        .getAsJsonObject();
    assertEquals(0, bad.getAsJsonArray("rows").get(0).getAsJsonObject().get("number").getAsInt());
    // the export link gives the architecture as JSON, as a download
    HttpResponse<String> ex = get("/api/studies/" + mainId + "/evaluations/7/architecture.json");
    assertEquals(200, ex.statusCode());
    assertTrue(ex.headers().firstValue("Content-Disposition").orElseThrow().contains("attachment"));
    assertEquals(trials.get(7).architecture(), JsonParser.parseString(ex.body()).getAsJsonObject()
        .get("architecture").getAsString());
    assertEquals(404, get("/api/studies/" + mainId + "/evaluations/999/architecture.json").statusCode());
  }

  @Test
  void bestSoFarIsTheRunningMaximumInFinishOrder() throws Exception {
    List<double[]> expected = new ArrayList<>();
    long last;
    try (Store st = Store.openExisting(db.toString())) {
      double best = Double.NEGATIVE_INFINITY;
      List<Trial> finished = st.finished(st.study("c10-rea"));
      for (Trial t : finished) {
        Evaluation e = t.evaluation();
        if (e.ok() && e.objective() > best) {
          best = e.objective();
          expected.add(new double[] {t.finishSeq(), best});
        }
      }
      last = finished.get(finished.size() - 1).finishSeq();
    }
    JsonObject b = json("/api/studies/" + mainId + "/best").getAsJsonObject();
    assertEquals(last, b.get("last_seq").getAsLong());
    JsonArray pts = b.getAsJsonArray("points");
    assertEquals(expected.size(), pts.size());
    for (int i = 0; i < pts.size(); i++) {
      JsonArray p = pts.get(i).getAsJsonArray();
      assertArrayEquals(expected.get(i), new double[] {p.get(0).getAsDouble(), p.get(2).getAsDouble()}, 1e-12);
      assertTrue(p.get(1).getAsDouble() >= 0, "seconds since the study started");
    }
  }

  @Test
  void theParameterScatterBinsLargeStudiesInTheDatabase() throws Exception {
    JsonObject points = json("/api/studies/" + mainId + "/scatter").getAsJsonObject();
    assertEquals("points", points.get("mode").getAsString());
    int n = points.get("n").getAsInt();
    assertEquals(n, points.getAsJsonArray("data").size());
    JsonObject bins = new Queries(reader, 10).scatter(mainId, "params");
    assertEquals("bins", bins.get("mode").getAsString());
    long sum = 0;
    for (JsonElement e : bins.getAsJsonArray("data")) {
      JsonArray b = e.getAsJsonArray();
      assertTrue(b.get(0).getAsInt() >= 0 && b.get(0).getAsInt() < Queries.BINS_X, b.toString());
      assertTrue(b.get(1).getAsInt() >= 0 && b.get(1).getAsInt() < Queries.BINS_Y, b.toString());
      sum += b.get(2).getAsLong();
    }
    assertEquals(n, sum, "every evaluation in exactly one bin");
  }

  @Test
  void theFlopsScatterReadsTheMetricsAndLeavesOutEvaluationsWithout() throws Exception {
    JsonObject flops = json("/api/studies/" + mainId + "/scatter?x=flops").getAsJsonObject();
    assertEquals("points", flops.get("mode").getAsString());
    int withParams = json("/api/studies/" + mainId + "/scatter").getAsJsonObject().get("n").getAsInt();
    int n = flops.get("n").getAsInt();
    assertTrue(n > 0 && n < withParams, n + " of " + withParams + ": every fifth has no FLOPs");
    try (Store s = Store.open(db.toString())) {
      java.util.Map<Integer, Evaluation> byNumber = new java.util.HashMap<>();
      s.finished(s.study("c10-rea")).forEach(t -> byNumber.put(t.number(), t.evaluation()));
      for (JsonElement e : flops.getAsJsonArray("data")) {
        JsonArray p = e.getAsJsonArray();
        Evaluation ev = byNumber.get(p.get(2).getAsInt());
        assertEquals(ev.metrics().get("flops"), p.get(0).getAsDouble(), 1e-9, "FLOPs of #" + p.get(2));
      }
    }
    JsonObject bins = new Queries(reader, 10).scatter(mainId, "flops");
    assertEquals("bins", bins.get("mode").getAsString());
    long sum = 0;
    for (JsonElement e : bins.getAsJsonArray("data")) {
      sum += e.getAsJsonArray().get(2).getAsLong();
    }
    assertEquals(n, sum, "every evaluation with FLOPs in exactly one bin");
    HttpResponse<String> bad = get("/api/studies/" + mainId + "/scatter?x=loss");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("params") && bad.body().contains("flops"), bad.body());
  }

  @Test
  void nothingCanWriteTheStore() throws Exception {
    String before = sha256(db);
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port()
          + "/api/studies/" + mainId)).method(method, HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(r.statusCode() >= 400, method + " answered " + r.statusCode());
    }
    for (String path : List.of("/", "/api/studies", "/api/studies/" + mainId, "/api/studies/" + mainId + "/best",
        "/api/studies/" + mainId + "/evaluations?sort=cost", "/api/compare?ids=1,2")) {
      get(path);
    }
    // the reader's own connections refuse writes
    RuntimeException refused = assertThrows(RuntimeException.class, () -> reader.read(c -> c.createStatement()
        .executeUpdate("DELETE FROM nas4j_evaluation")));
    assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
    assertEquals(before, sha256(db), "the store file is byte for byte the same");
  }

  @Test
  void anotherAddressNeedsATokenAndEveryRequestThenCarriesIt() throws Exception {
    InputException e = assertThrows(InputException.class,
        () -> Dashboard.start(reader, new Dashboard.Options("0.0.0.0", 0, null)));
    assertTrue(e.getMessage().contains("--token"), e.getMessage());
    try (Dashboard open = Dashboard.start(reader, new Dashboard.Options("0.0.0.0", 0, "s3cret-tok"))) {
      String base = "http://127.0.0.1:" + open.port();
      assertEquals(401, send(base + "/api/studies", null, null).statusCode());
      assertEquals(401, send(base + "/", null, null).statusCode(), "pages too");
      assertEquals(401, send(base + "/dash.js", null, null).statusCode(), "and assets");
      assertEquals(401, send(base + "/api/studies?token=wrong", null, null).statusCode());
      assertEquals(200, send(base + "/api/studies", "Bearer s3cret-tok", null).statusCode());
      HttpResponse<String> first = send(base + "/?token=s3cret-tok", null, null);
      assertEquals(200, first.statusCode());
      String cookie = first.headers().firstValue("Set-Cookie").orElseThrow();
      assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
      assertEquals(200, send(base + "/api/studies", null, cookie.substring(0, cookie.indexOf(';'))).statusCode());
      assertTrue(open.url().endsWith("/?token=s3cret-tok"), open.url());
    }
  }

  static HttpResponse<String> send(String url, String auth, String cookie) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onLoopbackARequestForAnotherHostIsRefused() throws Exception {
    // what a web page reaching the port through DNS rebinding sends: its own host name
    assertTrue(rawStatus("evil.example:" + dashboard.port()).startsWith("HTTP/1.1 403"));
    assertTrue(rawStatus("localhost:" + dashboard.port()).startsWith("HTTP/1.1 200"));
  }

  private static String rawStatus(String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", dashboard.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /api/info HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return all.lines().findFirst().orElse("");
    }
  }

  @Test
  void pagesReadWhileASearchWritesTheSameFile() throws Exception {
    long id;
    AtomicReference<Throwable> failed = new AtomicReference<>();
    try (Store writer = Store.openExisting(db.toString())) {
      Study s = Fill.study(writer, "live", 0, 0, 9);
      id = s.id();
      Thread t = new Thread(() -> {
        try {
          var archs = Fill.architectures(9);
          for (int i = 0; i < 60; i++) {
            String a = archs.get(i).toString();
            Claim c = writer.add(s, a, "w", Integer.MAX_VALUE).claim();
            writer.finish(c, Evaluation.complete(a, "digits", 1, i, java.util.Map.of(), 0.1, 100 + i, 9));
          }
        } catch (Throwable e) {
          failed.set(e);
        }
      });
      t.start();
      int lastSeen = -1;
      int reads = 0;
      while (t.isAlive() || reads == 0) {
        JsonObject st = json("/api/studies/" + id).getAsJsonObject();
        int done = st.getAsJsonObject("counts").get("complete").getAsInt();
        assertTrue(done >= lastSeen, "counts never go back: " + done + " after " + lastSeen);
        lastSeen = done;
        JsonObject b = json("/api/studies/" + id + "/best").getAsJsonObject();
        assertTrue(b.get("last_seq").getAsInt() >= 0);
        reads++;
      }
      t.join();
    }
    if (failed.get() != null) {
      throw new AssertionError("the writer failed while the dashboard read", failed.get());
    }
    assertEquals(60, json("/api/studies/" + id).getAsJsonObject().getAsJsonObject("counts").get("complete").getAsInt());
    JsonArray pts = json("/api/studies/" + id + "/best").getAsJsonObject().getAsJsonArray("points");
    assertEquals(60, pts.size(), "every evaluation raised the best (objective = its number)");
  }

  @Test
  void anOlderStoreIsReadAsItIsAndBadStoresAreOneLineErrors() throws Exception {
    Path v1 = dir.resolve("v1.db");
    try (InputStream in = DashboardTest.class.getResourceAsStream("/org/nas4j/store/store-v1.sqlite")) {
      assertNotNull(in);
      Files.copy(in, v1);
    }
    String before = sha256(v1);
    try (StoreReader r = StoreReader.open(v1.toString())) {
      assertEquals(1, r.schemaVersion(), "never migrated");
      Queries q = new Queries(r);
      JsonArray studies = q.studies();
      assertEquals(1, studies.size());
      long id = studies.get(0).getAsJsonObject().get("id").getAsLong();
      assertEquals(4, q.evaluations(id, 0, 50, "objective", true, "", "").get("total").getAsInt());
    }
    assertEquals(before, sha256(v1));
    // the command: a missing store, a non-loopback bind without a token: one line each, exit 2
    String err = CliRun.of("dashboard", "--store", dir.resolve("none.db").toString()).expect(2).err();
    assertTrue(err.contains("no store at") && err.strip().lines().count() == 1, err);
    err = CliRun.of("dashboard", "--store", db.toString(), "--bind", "0.0.0.0", "--port", "0").expect(2).err();
    assertTrue(err.contains("pass --token") && err.strip().lines().count() == 1, err);
    err = CliRun.of("dashboard", "--store", db.toString(), "--port", "" + dashboard.port()).expect(2).err();
    assertTrue(err.contains("Address already in use") && err.contains("pass another --port")
        && err.strip().lines().count() == 1, err);
    Path notAStore = dir.resolve("text.db");
    Files.writeString(notAStore, "hello, not a database");
    err = CliRun.of("dashboard", "--store", notAStore.toString()).expect(2).err();
    assertTrue(err.contains("corrupt or not an SQLite database"), err);
    assertEquals("hello, not a database", Files.readString(notAStore));
  }

  static String sha256(Path p) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
  }
}
