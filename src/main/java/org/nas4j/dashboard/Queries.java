package org.nas4j.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.store.StoreReader;

/**
 * The dashboard's reads, each one SQL query (or a few) on a read-only connection, aggregated in the database so
 * that a page costs the same with 50 or 50,000 evaluations: counts and best values by {@code GROUP BY}, the
 * best-so-far line as the rows that raise a running maximum (a window function), scatter plots as 2-D bins once
 * a study has more evaluations than a browser draws comfortably, and the evaluations table one page at a time.
 * The same SQL runs on SQLite and PostgreSQL; the one difference (rounding down) is {@link #floor}.
 */
final class Queries {
  /** Up to this many evaluations a scatter plot gets every point; above, bins. */
  static final int SCATTER_POINTS = 3000;
  static final int BINS_X = 48;
  static final int BINS_Y = 32;
  static final int MAX_PAGE = 200;
  /** A study whose last heartbeat is older than this while it holds RUNNING evaluations is shown as stalled. */
  static final long STALE_MILLIS = 120_000;

  /** Columns the evaluations table may be sorted by, and their SQL (a whitelist: nothing else reaches SQL). */
  private static final Map<String, String> SORTS = Map.of(
      "number", "e.number", "objective", "e.objective", "params", "e.params", "cost", "e.cost_seconds",
      "finished", "e.finished_at", "status", "e.status", "architecture", "e.architecture");
  private static final java.util.Set<String> NOT_NULL = java.util.Set.of("e.number", "e.status", "e.architecture");
  private static final List<String> STATUSES = List.of("WAITING", "RUNNING", "COMPLETE", "FAILED");

  private final StoreReader db;
  private final int scatterPoints;

  Queries(StoreReader db) {
    this(db, SCATTER_POINTS);
  }

  /** With another point limit for scatter plots (tests reach the binned form with few evaluations). */
  Queries(StoreReader db, int scatterPoints) {
    this.db = db;
    this.scatterPoints = scatterPoints;
  }

  // ------------------------------------------------------------------ all studies

  /** Every study with its counts, best objective, cost and times, in one grouped query. */
  JsonArray studies() {
    return db.read(c -> studyRows(c, null));
  }

  /**
   * Studies with their counts by state, best objective, cost and times, one {@code GROUP BY} over their
   * evaluations: every study, or the one with {@code id}.
   */
  private static JsonArray studyRows(Connection c, Long id) throws SQLException {
    JsonArray out = new JsonArray();
    try (PreparedStatement p = c.prepareStatement("SELECT s.id, s.name, s.space, s.task, s.optimizer,"
        + " s.max_evaluations, s.max_cost_seconds, s.created_at, s.options, s.seed, s.fidelity, s.nas4j_version,"
        + " COUNT(e.id), SUM(CASE WHEN e.status = 'COMPLETE' THEN 1 ELSE 0 END),"
        + " SUM(CASE WHEN e.status = 'FAILED' THEN 1 ELSE 0 END), SUM(CASE WHEN e.status = 'RUNNING' THEN 1 ELSE 0 END),"
        + " MAX(e.objective), SUM(e.cost_seconds), MIN(e.enqueued_at), MAX(e.finished_at), MAX(e.heartbeat_at)"
        + " FROM nas4j_study s LEFT JOIN nas4j_evaluation e ON e.study_id = s.id"
        + (id == null ? "" : " WHERE s.id = ?") + " GROUP BY s.id ORDER BY s.id")) {
      if (id != null) {
        p.setLong(1, id);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          JsonObject s = new JsonObject();
          s.addProperty("id", rs.getLong(1));
          s.addProperty("name", rs.getString(2));
          s.addProperty("space", rs.getString(3));
          s.addProperty("task", rs.getString(4));
          s.addProperty("optimizer", rs.getString(5));
          int budget = rs.getInt(6);
          double maxSeconds = rs.getDouble(7);
          s.addProperty("budget_evaluations", budget);
          s.add("budget_seconds", num(maxSeconds));
          s.addProperty("created", rs.getLong(8));
          String options = rs.getString(9);
          kind(s, options);
          s.addProperty("options", options);
          s.addProperty("seed", rs.getLong(10));
          s.addProperty("fidelity", rs.getInt(11));
          s.addProperty("nas4j_version", rs.getString(12));
          int total = rs.getInt(13);
          int complete = rs.getInt(14);
          int failed = rs.getInt(15);
          int running = rs.getInt(16);
          JsonObject counts = new JsonObject();
          counts.addProperty("waiting", total - complete - failed - running);
          counts.addProperty("running", running);
          counts.addProperty("complete", complete);
          counts.addProperty("failed", failed);
          s.addProperty("evaluations", total);
          s.addProperty("complete", complete);
          s.addProperty("failed", failed);
          s.addProperty("running", running);
          s.add("counts", counts);
          s.add("best", nullable(rs, 17));
          double cost = rs.getDouble(18);
          s.add("cost_seconds", num(cost));
          s.add("started", nullableLong(rs, 19));
          s.add("last_finished", nullableLong(rs, 20));
          s.add("last_heartbeat", nullableLong(rs, 21));
          long heartbeat = rs.getLong(21);
          int finished = complete + failed;
          boolean done = (budget > 0 && finished >= budget) || (maxSeconds > 0 && cost >= maxSeconds);
          // a killed search leaves claims whose heartbeat stopped: not running, and worth seeing
          boolean alive = heartbeat > 0 && System.currentTimeMillis() - heartbeat < STALE_MILLIS;
          s.addProperty("status", running > 0 ? (alive ? "running" : "stalled")
              : done ? "finished" : finished == 0 ? "new" : "stopped");
          out.add(s);
        }
      }
    }
    return out;
  }

  /** Marks PBT studies and studies with transfer sources (from the options), so pages link their views. */
  private static void kind(JsonObject s, String options) {
    String kind = "search";
    JsonArray sources = new JsonArray();
    try {
      JsonElement o = JsonParser.parseString(options == null ? "{}" : options);
      if (o.isJsonObject()) {
        JsonObject oo = o.getAsJsonObject();
        if (oo.has("kind") && oo.get("kind").isJsonPrimitive() && "pbt".equals(oo.get("kind").getAsString())) {
          kind = "pbt";
        }
        if (oo.has("source_counts") && oo.get("source_counts").isJsonObject()) {
          for (Map.Entry<String, JsonElement> e : oo.getAsJsonObject("source_counts").entrySet()) {
            JsonObject src = new JsonObject();
            src.addProperty("task", e.getKey());
            src.add("evaluations", e.getValue());
            sources.add(src);
          }
        }
      }
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException bad) {
      // options another tool wrote: the study is still listed, as a plain search
    }
    s.addProperty("kind", kind);
    s.add("sources", sources);
  }

  // ------------------------------------------------------------------ one study

  /** A study's spec, counts, best evaluation and options (the study page's header). */
  JsonObject study(long id) {
    return db.read(c -> {
      JsonArray rows = studyRows(c, id);
      if (rows.isEmpty()) {
        throw new InputException("no study with id " + id + " in store " + db.location());
      }
      JsonObject s = rows.get(0).getAsJsonObject();
      try (PreparedStatement p = c.prepareStatement(ROW + " WHERE e.study_id = ? AND e.status = 'COMPLETE'"
          + " ORDER BY e.objective DESC, e.finish_seq LIMIT 1")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            s.add("best_evaluation", row(rs));
          }
        }
      }
      return s;
    });
  }

  /**
   * The best-so-far line: only the evaluations that raised the best (a running maximum over the finish order,
   * computed by the database), plus the last finished evaluation so the line reaches the present. Each point is
   * {@code [finish_seq, seconds since the study started, objective]}.
   */
  JsonObject bestSoFar(long id) {
    return db.read(c -> {
      JsonObject out = new JsonObject();
      long start = 0;
      try (PreparedStatement p = c.prepareStatement("SELECT MIN(enqueued_at), MAX(finish_seq), MAX(finished_at)"
          + " FROM nas4j_evaluation WHERE study_id = ?")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          start = rs.getLong(1);
          out.addProperty("last_seq", rs.getLong(2));
          long last = rs.getLong(3);
          out.addProperty("last_seconds", last == 0 ? 0 : (last - start) / 1000.0);
        }
      }
      JsonArray points = new JsonArray();
      try (PreparedStatement p = c.prepareStatement("SELECT finish_seq, finished_at, objective FROM ("
          + " SELECT finish_seq, finished_at, objective, MAX(objective) OVER (ORDER BY finish_seq"
          + " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before"
          + " FROM nas4j_evaluation WHERE study_id = ? AND status = 'COMPLETE') t"
          + " WHERE before IS NULL OR objective > before ORDER BY finish_seq")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            JsonArray pt = new JsonArray();
            pt.add(rs.getLong(1));
            pt.add((rs.getLong(2) - start) / 1000.0);
            pt.add(rs.getDouble(3));
            points.add(pt);
          }
        }
      }
      out.add("points", points);
      return out;
    });
  }

  /** The x axes of {@link #scatter}: a column, or a value the training evaluator keeps in the metrics JSON. */
  static final List<String> SCATTER_AXES = List.of("params", "flops");

  /**
   * Every complete evaluation against its parameter count or its FLOPs ({@link #SCATTER_AXES}; evaluations
   * without the value, e.g. tabular ones without FLOPs, are left out): the points themselves up to
   * {@value #SCATTER_POINTS}, else counts in a {@value #BINS_X} x {@value #BINS_Y} grid computed by the database.
   */
  JsonObject scatter(long id, String axis) {
    String x = switch (axis) {
      case "params" -> "params";
      // FLOPs are in the metrics JSON; both databases read JSON in SQL, so the binning stays in the database
      case "flops" -> db.isPostgres() ? "CAST(CAST(metrics AS json) ->> 'flops' AS DOUBLE PRECISION)"
          : "json_extract(metrics, '$.flops')";
      default -> throw new IllegalArgumentException("unknown scatter axis '" + axis + "': use one of " + SCATTER_AXES);
    };
    String where = " FROM nas4j_evaluation WHERE study_id = ? AND status = 'COMPLETE' AND " + x + " > 0";
    return db.read(c -> {
      JsonObject out = new JsonObject();
      long n;
      double loX;
      double hiX;
      double loY;
      double hiY;
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*), MIN(" + x + "), MAX(" + x + "),"
          + " MIN(objective), MAX(objective)" + where)) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          n = rs.getLong(1);
          loX = rs.getDouble(2);
          hiX = rs.getDouble(3);
          loY = rs.getDouble(4);
          hiY = rs.getDouble(5);
        }
      }
      out.addProperty("n", n);
      out.add("x", range(loX, hiX));
      out.add("y", range(loY, hiY));
      JsonArray data = new JsonArray();
      if (n <= scatterPoints) {
        out.addProperty("mode", "points");
        try (PreparedStatement p = c.prepareStatement("SELECT " + x + ", objective, number" + where
            + " ORDER BY number")) {
          p.setLong(1, id);
          arrays(p, data);
        }
      } else {
        out.addProperty("mode", "bins");
        out.addProperty("bins_x", BINS_X);
        out.addProperty("bins_y", BINS_Y);
        double wx = Math.max(hiX - loX, 1e-9) / BINS_X;
        double wy = Math.max(hiY - loY, 1e-9) / BINS_Y;
        String bx = "LEAST(" + floor("(" + x + " - ?) / ?") + ", " + (BINS_X - 1) + ")";
        String by = "LEAST(" + floor("(objective - ?) / ?") + ", " + (BINS_Y - 1) + ")";
        String sql = "SELECT bin_x, bin_y, COUNT(*) FROM (SELECT " + bx + " AS bin_x, " + by + " AS bin_y" + where
            + ") t GROUP BY bin_x, bin_y";
        try (PreparedStatement p = c.prepareStatement(leastFor(sql))) {
          p.setDouble(1, loX);
          p.setDouble(2, wx);
          p.setDouble(3, loY);
          p.setDouble(4, wy);
          p.setLong(5, id);
          arrays(p, data);
        }
      }
      out.add("data", data);
      return out;
    });
  }

  /** The largest integer not above {@code expr}: PostgreSQL's FLOOR; SQLite's CAST truncates, fine for x >= 0. */
  private String floor(String expr) {
    return db.isPostgres() ? "CAST(FLOOR(" + expr + ") AS INTEGER)" : "CAST(" + expr + " AS INTEGER)";
  }

  /** SQLite's two-argument MIN is PostgreSQL's LEAST. */
  private String leastFor(String sql) {
    return db.isPostgres() ? sql : sql.replace("LEAST(", "MIN(");
  }

  private static JsonArray range(double lo, double hi) {
    JsonArray a = new JsonArray();
    a.add(num(lo));
    a.add(num(hi));
    return a;
  }

  /**
   * One page of the evaluations table, sorted and filtered by the database.
   *
   * @param sort a column of {@link #SORTS} (anything else: by number)
   * @param status one of WAITING, RUNNING, COMPLETE, FAILED, or blank for all
   * @param filter a substring of the architecture (or the worker, or the error), or blank
   */
  JsonObject evaluations(long id, int offset, int limit, String sort, boolean descending, String status,
      String filter) {
    String column = SORTS.getOrDefault(sort == null ? "" : sort, "e.number");
    int lim = Math.max(1, Math.min(MAX_PAGE, limit));
    int off = Math.max(0, offset);
    List<Object> args = new ArrayList<>();
    StringBuilder where = new StringBuilder(" WHERE e.study_id = ?");
    args.add(id);
    if (status != null && STATUSES.contains(status.toUpperCase(Locale.ROOT))) {
      where.append(" AND e.status = ?");
      args.add(status.toUpperCase(Locale.ROOT));
    }
    if (filter != null && !filter.isBlank()) {
      where.append(" AND (e.architecture LIKE ? ESCAPE '!' OR e.worker LIKE ? ESCAPE '!' OR e.error LIKE ? ESCAPE '!')");
      String like = "%" + filter.strip().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
      args.add(like);
      args.add(like);
      args.add(like);
    }
    // NULLs (unfinished, failed) last in both directions and on both databases, then a stable tie-break; columns
    // that are never NULL sort plainly, so the number order walks the (study_id, number) index
    String dir = descending ? " DESC" : " ASC";
    String order = NOT_NULL.contains(column) ? " ORDER BY " + column + dir + (column.equals("e.number") ? "" : ", e.number")
        : " ORDER BY (" + column + " IS NULL), " + column + dir + ", e.number";
    return db.read(c -> {
      JsonObject out = new JsonObject();
      try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM nas4j_evaluation e" + where)) {
        bind(p, args);
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          out.addProperty("total", rs.getLong(1));
        }
      }
      JsonArray rows = new JsonArray();
      try (PreparedStatement p = c.prepareStatement(ROW + where + order + " LIMIT ? OFFSET ?")) {
        List<Object> all = new ArrayList<>(args);
        all.add(lim);
        all.add(off);
        bind(p, all);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows.add(row(rs));
          }
        }
      }
      out.addProperty("offset", off);
      out.addProperty("limit", lim);
      out.add("rows", rows);
      return out;
    });
  }

  /** The columns of a table row, read by {@link #row}. */
  private static final String ROW = "SELECT e.number, e.architecture, e.status, e.objective, e.params, e.cost_seconds,"
      + " e.worker, e.attempt, e.fidelity, e.finished_at, e.error, e.seed FROM nas4j_evaluation e";

  private static JsonObject row(ResultSet rs) throws SQLException {
    JsonObject r = new JsonObject();
    r.addProperty("number", rs.getInt(1));
    r.addProperty("architecture", rs.getString(2));
    r.addProperty("status", rs.getString(3));
    r.add("objective", nullable(rs, 4));
    r.add("params", nullableLong(rs, 5));
    r.add("cost_seconds", nullable(rs, 6));
    r.addProperty("worker", rs.getString(7));
    r.addProperty("attempt", rs.getInt(8));
    r.addProperty("fidelity", rs.getInt(9));
    r.add("finished", nullableLong(rs, 10));
    r.addProperty("error", rs.getString(11));
    r.addProperty("seed", rs.getLong(12));
    return r;
  }

  /** One evaluation with its study, space and task, for the export link; null when the study has no such number. */
  JsonObject evaluation(long id, int number) {
    return db.read(c -> {
      JsonObject o = new JsonObject();
      try (PreparedStatement p = c.prepareStatement("SELECT name, space, task FROM nas4j_study WHERE id = ?")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          o.addProperty("study", rs.getString(1));
          o.addProperty("space", rs.getString(2));
          o.addProperty("task", rs.getString(3));
        }
      }
      try (PreparedStatement p = c.prepareStatement(ROW + " WHERE e.study_id = ? AND e.number = ?")) {
        p.setLong(1, id);
        p.setInt(2, number);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            return null;
          }
          row(rs).entrySet().forEach(e -> o.add(e.getKey(), e.getValue()));
          return o;
        }
      }
    });
  }

  /**
   * The member-steps of a PBT study: one row per member per step with its lineage, as {@code PbtStudy} records
   * them in the metrics (member, slot, step, born, base, donor, donor_genes_mask, valid_accuracy).
   */
  JsonArray pbtRows(long id) {
    return db.read(c -> {
      JsonArray out = new JsonArray();
      try (PreparedStatement p = c.prepareStatement("SELECT number, architecture, status, objective, metrics, fidelity"
          + " FROM nas4j_evaluation WHERE study_id = ? AND metrics IS NOT NULL ORDER BY finish_seq")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            JsonObject r = new JsonObject();
            String arch = rs.getString(2);
            int hash = arch.lastIndexOf(" #m");
            r.addProperty("architecture", hash < 0 ? arch : arch.substring(0, hash));
            r.add("fitness", nullable(rs, 4));
            r.addProperty("fidelity", rs.getInt(6));
            JsonElement m = parseOrNull(rs.getString(5));
            if (m != null && m.isJsonObject()) {
              for (String k : List.of("member", "slot", "step", "born", "base", "donor", "donor_genes_mask",
                  "test_accuracy", "train_loss")) {
                JsonElement v = m.getAsJsonObject().get(k);
                r.add(k, v == null ? JsonNull.INSTANCE : v);
              }
            }
            if (r.has("member") && !r.get("member").isJsonNull()) {
              out.add(r);
            }
          }
        }
      }
      return out;
    });
  }

  /**
   * Target evaluations in finish order and the completed evaluations of every other task in the same space,
   * grouped by task: what the transfer view replays.
   */
  TransferInputs transferInputs(long id) {
    return db.read(c -> {
      String space;
      String task;
      try (PreparedStatement p = c.prepareStatement("SELECT space, task FROM nas4j_study WHERE id = ?")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next()) {
            throw new InputException("no study with id " + id + " in store " + db.location());
          }
          space = rs.getString(1);
          task = rs.getString(2);
        }
      }
      List<TransferInputs.Row> target = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT architecture, objective, status, finish_seq, fidelity"
          + " FROM nas4j_evaluation WHERE study_id = ? AND finish_seq > 0 ORDER BY finish_seq")) {
        p.setLong(1, id);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            double v = rs.getDouble(2);
            boolean ok = !rs.wasNull() && "COMPLETE".equals(rs.getString(3));
            target.add(new TransferInputs.Row(task, rs.getString(1), ok ? v : Double.NaN, rs.getInt(5)));
          }
        }
      }
      List<TransferInputs.Row> others = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement("SELECT s.task, e.architecture, e.objective, e.fidelity"
          + " FROM nas4j_evaluation e JOIN nas4j_study s ON s.id = e.study_id WHERE s.space = ? AND s.task <> ?"
          + " AND e.status = 'COMPLETE' ORDER BY s.task, s.id, e.finish_seq")) {
        p.setString(1, space);
        p.setString(2, task);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            others.add(new TransferInputs.Row(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getInt(4)));
          }
        }
      }
      return new TransferInputs(space, task, target, others);
    });
  }

  private static JsonElement parseOrNull(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JsonParser.parseString(json);
    } catch (JsonParseException bad) {
      return null;
    }
  }

  /** Each row of the query as a JSON array of its columns (numbers, or null), added to {@code into}. */
  private static void arrays(PreparedStatement p, JsonArray into) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        JsonArray row = new JsonArray();
        for (int i = 1; i <= columns; i++) {
          Object v = rs.getObject(i);
          row.add(v instanceof Number n ? new JsonPrimitive(n) : JsonNull.INSTANCE);
        }
        into.add(row);
      }
    }
  }

  private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (a instanceof Long l) {
        p.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        p.setInt(i + 1, n);
      } else {
        p.setString(i + 1, (String) a);
      }
    }
  }

  static JsonElement num(double v) {
    return Double.isFinite(v) ? new JsonPrimitive(v) : JsonNull.INSTANCE;
  }

  private static JsonElement nullable(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? JsonNull.INSTANCE : num(v);
  }

  private static JsonElement nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? JsonNull.INSTANCE : new JsonPrimitive(v);
  }
}
