package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.PostgresForTests;
import org.nas4j.store.Store;
import org.nas4j.store.StoreReader;

/**
 * The dashboard's SQL on a real PostgreSQL gives what it gives on SQLite for the same studies (the same rows
 * written through the store's API): counts, best-so-far, table pages in every order, bins; and its session is
 * read-only there too.
 */
class DashboardPostgresTest {
  @Test
  void postgresAnswersAsSqliteDoes(@TempDir Path dir) throws Exception {
    Assumptions.assumeFalse(PostgresForTests.skipped(), "NAS4J_SKIP_PG=1");
    String pg = PostgresForTests.newUrl();
    String sqlite = dir.resolve("s.db").toString();
    long pgId;
    long liteId;
    try (Store a = Store.open(pg); Store b = Store.open(sqlite)) {
      pgId = Fill.study(a, "same", 120, 7, 5).id();
      liteId = Fill.study(b, "same", 120, 7, 5).id();
    }
    try (StoreReader p = StoreReader.open(pg); StoreReader l = StoreReader.open(sqlite)) {
      assertTrue(p.isPostgres());
      Queries qp = new Queries(p, 10);
      Queries ql = new Queries(l, 10);
      JsonObject sp = qp.studies().get(0).getAsJsonObject();
      JsonObject sl = ql.studies().get(0).getAsJsonObject();
      for (String k : new String[] {"name", "evaluations", "complete", "failed", "running", "best", "status",
          "budget_evaluations"}) {
        assertEquals(sl.get(k), sp.get(k), k);
      }
      assertEquals(sl.get("cost_seconds").getAsDouble(), sp.get("cost_seconds").getAsDouble(), 1e-9);
      assertEquals(seqAndValue(ql.bestSoFar(liteId)), seqAndValue(qp.bestSoFar(pgId)));
      for (String sort : new String[] {"number", "objective", "params", "cost", "status", "architecture"}) {
        for (boolean desc : new boolean[] {false, true}) {
          for (int offset = 0; offset < 127; offset += 50) {
            assertEquals(withoutTimes(ql.evaluations(liteId, offset, 50, sort, desc, "", "")),
                withoutTimes(qp.evaluations(pgId, offset, 50, sort, desc, "", "")), sort + " " + desc + " " + offset);
          }
        }
      }
      assertEquals(ql.evaluations(liteId, 0, 200, "objective", true, "COMPLETE", "skip_connect~2").get("total"),
          qp.evaluations(pgId, 0, 200, "objective", true, "COMPLETE", "skip_connect~2").get("total"));
      for (String axis : Queries.SCATTER_AXES) {
        JsonObject bp = qp.scatter(pgId, axis);
        JsonObject bl = ql.scatter(liteId, axis);
        assertEquals("bins", bp.get("mode").getAsString());
        assertEquals(sorted(bl.getAsJsonArray("data")), sorted(bp.getAsJsonArray("data")), "the same bins, " + axis);
      }
      RuntimeException refused = assertThrows(RuntimeException.class,
          () -> p.read(c -> c.createStatement().executeUpdate("DELETE FROM nas4j_evaluation")));
      assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
      assertEquals(127, qp.evaluations(pgId, 0, 1, "number", false, "", "").get("total").getAsInt());
    }
  }

  /** The rows of a page without their finish times (the two stores were written a moment apart). */
  private static String withoutTimes(JsonObject page) {
    JsonArray rows = page.getAsJsonArray("rows").deepCopy();
    rows.forEach(r -> r.getAsJsonObject().remove("finished"));
    return rows.toString();
  }

  private static String seqAndValue(JsonObject best) {
    StringBuilder b = new StringBuilder();
    for (JsonElement e : best.getAsJsonArray("points")) {
      b.append(e.getAsJsonArray().get(0)).append(':').append(e.getAsJsonArray().get(2)).append(' ');
    }
    return b.append(best.get("last_seq")).toString();
  }

  private static java.util.List<String> sorted(JsonArray a) {
    java.util.List<String> out = new java.util.ArrayList<>();
    a.forEach(e -> out.add(e.toString()));
    java.util.Collections.sort(out);
    return out;
  }
}
