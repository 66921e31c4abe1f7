package org.nas4j.store;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.nas4j.InputException;
import org.nas4j.Version;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Provenance;
import org.nas4j.evaluate.Seeds;
import org.nas4j.evaluate.Status;
import org.nas4j.util.Json;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * The {@link Store} on JDBC: an SQLite file (WAL mode, busy timeout, {@code BEGIN IMMEDIATE} for writes) or a
 * PostgreSQL database (row locks, {@code FOR UPDATE SKIP LOCKED}), with the same SQL for both; the few
 * differences are in {@link Dialect}. Every call is one short transaction on a pooled connection.
 */
public final class JdbcStore implements Store {

  /**
   * How a store is opened.
   *
   * @param busyTimeout how long a write waits for another process's lock before the store counts as locked
   * @param clock the time source for timestamps and heartbeats
   * @param mustExist refuse to create a store that does not exist yet
   * @param maxConnections connections per store object (SQLite {@code :memory:} always uses one)
   * @param reconnectFor how long a PostgreSQL call keeps retrying while the server cannot be reached (a restart, a
   *     terminated session) before it fails; zero fails at once, as a command on a wrong URL should
   */
  public record Settings(Duration busyTimeout, InstantSource clock, boolean mustExist, int maxConnections,
      Duration reconnectFor) {
    public Settings {
      Objects.requireNonNull(busyTimeout, "busyTimeout");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(reconnectFor, "reconnectFor");
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(10), InstantSource.system(), false, 4, Duration.ZERO);
    }

    public Settings existingOnly() {
      return new Settings(busyTimeout, clock, true, maxConnections, reconnectFor);
    }

    public Settings withBusyTimeout(Duration timeout) {
      return new Settings(timeout, clock, mustExist, maxConnections, reconnectFor);
    }

    public Settings withClock(InstantSource newClock) {
      return new Settings(busyTimeout, newClock, mustExist, maxConnections, reconnectFor);
    }

    /** Keeps retrying PostgreSQL calls this long while the server is unreachable (workers ride out a restart). */
    public Settings withReconnect(Duration d) {
      return new Settings(busyTimeout, clock, mustExist, maxConnections, d);
    }
  }

  /** What PostgreSQL sessions of this process are called in {@code pg_stat_activity}: an operator can see (and end) a worker's. */
  public static final String APPLICATION_NAME = "nas4j " + ProcessHandle.current().pid();
  /** First key of the advisory locks of studies (the second is the study id); 7342001 is the migration lock. */
  private static final int LOCK_NAMESPACE = 7342100;

  private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final Type METRICS = new TypeToken<Map<String, Double>>() {}.getType();

  private static final String STUDY_COLUMNS = "id, name, space, task, optimizer, seed, fidelity, max_evaluations,"
      + " max_cost_seconds, data_fingerprint, options, nas4j_version, created_at";
  private static final String TRIAL_COLUMNS = "e.id, e.study_id, e.number, e.architecture, e.fidelity, e.seed,"
      + " e.status, e.worker, e.attempt, e.finish_seq, e.enqueued_at, e.claimed_at, e.heartbeat_at, e.finished_at,"
      + " e.nas4j_version, e.objective, e.metrics, e.cost_seconds, e.params, e.error, s.task, e.provenance";
  private static final String TRIAL_FROM = " FROM nas4j_evaluation e JOIN nas4j_study s ON s.id = e.study_id ";

  /**
   * One fair lock per SQLite file for this JVM's write transactions. SQLite's own busy handler sleeps and
   * retries, which is unfair (a thread committing in a loop starves the others); threads of one process queue
   * here instead, and only other processes meet the busy handler.
   */
  private static final ConcurrentHashMap<String, ReentrantLock> FILE_LOCKS = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicLong MEMORY_STORES = new java.util.concurrent.atomic.AtomicLong();

  private final String location;
  private final Path file;
  private final Dialect dialect;
  private final ReentrantLock writeLock;
  private final Settings settings;
  private final Pool pool;
  private final int schemaVersion;
  /** PostgreSQL with the system clock: leases are timed by the server's clock, the same for every worker. */
  private final boolean serverClock;
  /** The connection that holds PostgreSQL advisory locks of studies (session locks: a dead process frees them). */
  private Connection lockConnection;
  private final ReentrantLock lockConnectionGuard = new ReentrantLock();
  /** SQLite's study locks: this JVM only (see {@link Store#lockStudy}). */
  private static final ConcurrentHashMap<String, ReentrantLock> LOCAL_STUDY_LOCKS = new ConcurrentHashMap<>();
  private final Pool.Factory factory;

  private JdbcStore(String location, Path file, Dialect dialect, Settings settings, Pool pool,
      List<Schema.Migration> migrations) {
    this.location = location;
    this.file = file;
    this.dialect = dialect;
    this.settings = settings;
    this.pool = pool;
    this.factory = pool.factory;
    this.serverClock = dialect == Dialect.POSTGRES && settings.clock().equals(InstantSource.system());
    this.writeLock = dialect == Dialect.SQLITE ? FILE_LOCKS.computeIfAbsent(
        location.equals(":memory:") ? ":memory:" + MEMORY_STORES.incrementAndGet() : canonical(location),
        k -> new ReentrantLock(true)) : null;
    try {
      this.schemaVersion = migrate(migrations);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Opens a store: a file path or {@code jdbc:sqlite:} URL (SQLite), {@code :memory:}, or a
   * {@code jdbc:postgresql:} URL.
   */
  public static JdbcStore open(String urlOrPath, Settings settings) {
    return open(urlOrPath, settings, Schema.MIGRATIONS);
  }

  /** {@link #open(String, Settings)} with another list of migrations (tests of the upgrade path). */
  static JdbcStore open(String urlOrPath, Settings settings, List<Schema.Migration> migrations) {
    Objects.requireNonNull(urlOrPath, "urlOrPath");
    String s = urlOrPath.strip();
    if (s.isEmpty()) {
      throw new InputException("no store given: pass --store with a file path or a jdbc:postgresql: URL");
    }
    if (s.startsWith("jdbc:postgresql:")) {
      String shown = maskPassword(s);
      return new JdbcStore(shown, null, Dialect.POSTGRES, settings, new Pool(settings.maxConnections(), () -> {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("ApplicationName", APPLICATION_NAME); // an ApplicationName in the URL wins
        Connection c = DriverManager.getConnection(s, props);
        Dialect.POSTGRES.prepare(c, settings.busyTimeout().toMillis());
        return c;
      }), migrations);
    }
    if (s.equals(":memory:") || s.equals("jdbc:sqlite::memory:")) {
      return new JdbcStore(":memory:", null, Dialect.SQLITE, settings, new Pool(1, sqlite("jdbc:sqlite::memory:", settings)),
          migrations);
    }
    if (s.startsWith("jdbc:") && !s.startsWith("jdbc:sqlite:")) {
      throw new InputException("store URL " + maskPassword(s) + " is not supported: pass a file path (SQLite) or a "
          + "jdbc:postgresql://host/db URL");
    }
    Path file = Path.of(s.startsWith("jdbc:sqlite:") ? s.substring("jdbc:sqlite:".length()) : s);
    checkSqliteFile(file, settings.mustExist());
    return new JdbcStore(file.toString(), file, Dialect.SQLITE, settings,
        new Pool(settings.maxConnections(), sqlite("jdbc:sqlite:" + file, settings)), migrations);
  }

  private static Pool.Factory sqlite(String url, Settings settings) {
    return () -> {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
      // FULL: a commit is on disk when it returns, so a finished evaluation survives a power cut
      config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
      config.enforceForeignKeys(true);
      Connection c = DriverManager.getConnection(url, config.toProperties());
      Dialect.SQLITE.prepare(c, 0);
      return c;
    };
  }

  private static String canonical(String file) {
    Path p = Path.of(file).toAbsolutePath().normalize();
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toString(); // not created yet
    }
  }

  /** Refuses, before SQLite touches it, a path that cannot be a store; the file is never modified. */
  static void checkSqliteFile(Path file, boolean mustExist) {
    if (Files.isDirectory(file)) {
      throw new InputException("store " + file + " is a directory: pass a file path such as " + file.resolve("nas4j.db"));
    }
    if (!Files.exists(file)) {
      if (mustExist) {
        throw new InputException("no store at " + file + ": check the path, or run a search to create it");
      }
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        throw new InputException("cannot create store " + file + ": directory " + parent + " does not exist");
      }
      return;
    }
    byte[] head = new byte[SQLITE_HEADER.length];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      throw new InputException("cannot read store " + file + ": " + e.getMessage() + ": check its permissions");
    }
    if (n > 0 && (n < head.length || !Arrays.equals(head, SQLITE_HEADER))) {
      throw notAStore(file.toString());
    }
  }

  private static InputException notAStore(String location) {
    return new InputException("store " + location + " is corrupt or not an SQLite database: pass another --store, "
        + "or restore it from a backup");
  }

  /** Applies missing migrations; refuses a newer schema or, for SQLite, a database that is not a nas4j store. */
  private int migrate(List<Schema.Migration> migrations) {
    int current = migrations.get(migrations.size() - 1).version();
    int found = read(this::storedVersion);
    if (found > current) {
      throw new InputException("store " + location + " has schema v" + found + " but this nas4j (" + Version.get()
          + ") knows up to v" + current + ": use a newer nas4j");
    }
    if (found == 0 && settings.mustExist()) {
      throw new InputException("no nas4j store at " + location + ": check the path or URL, or run a search to create "
          + "one");
    }
    if (dialect == Dialect.SQLITE && !location.equals(":memory:")) {
      // persistent, so later connections (and other processes) read and write concurrently
      Connection c = pool.take(this);
      boolean broken = false;
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=WAL"); // not inside a transaction: SQLite refuses that
      } catch (SQLException e) {
        broken = !isValid(c);
        throw StoreErrors.map(e, location, settings.busyTimeout());
      } finally {
        pool.give(c, broken);
      }
    }
    if (found == current) {
      return found;
    }
    return write(c -> {
      dialect.lockForMigration(c);
      int from = storedVersion(c); // again, under the lock: another process may have upgraded meanwhile
      if (from > current) {
        throw new InputException("store " + location + " has schema v" + from + " but this nas4j (" + Version.get()
            + ") knows up to v" + current + ": use a newer nas4j");
      }
      long now = settings.clock().millis();
      try (Statement s = c.createStatement()) {
        for (Schema.Migration m : migrations) {
          if (m.version() <= from) {
            continue;
          }
          for (String sql : m.statements()) {
            s.execute(Schema.sql(sql, dialect));
          }
          try (PreparedStatement p = c.prepareStatement(
              "INSERT INTO nas4j_schema (version, description, nas4j_version, applied_at) VALUES (?, ?, ?, ?)")) {
            p.setInt(1, m.version());
            p.setString(2, m.description());
            p.setString(3, Version.get());
            p.setLong(4, now);
            p.executeUpdate();
          }
        }
      }
      return current;
    });
  }

  /** The schema version in the database, 0 when it holds no nas4j tables. */
  private int storedVersion(Connection c) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(dialect.listTables())) {
      while (rs.next()) {
        tables.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    if (!tables.contains("nas4j_schema")) {
      if (dialect == Dialect.SQLITE && !tables.isEmpty()) {
        // someone else's database: adding our tables to it would change a file we were not meant to touch
        throw new InputException("store " + location + " is an SQLite database but not a nas4j store (it has tables "
            + String.join(", ", tables.subList(0, Math.min(5, tables.size()))) + "): pass another --store");
      }
      return 0;
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM nas4j_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  @Override
  public int schemaVersion() {
    return schemaVersion;
  }

  // ---------------------------------------------------------------- studies

  @Override
  public Study createStudy(StudySpec spec) {
    return write(c -> {
      if (findStudy(c, spec.name(), true) != null) {
        throw new InputException("study " + spec.name() + " already exists in store " + location
            + ": resume it, or pick another study name");
      }
      return insertStudy(c, spec);
    });
  }

  @Override
  public Study createOrLoadStudy(StudySpec spec) {
    return write(c -> {
      Study stored = findStudy(c, spec.name(), true);
      if (stored == null) {
        return insertStudy(c, spec);
      }
      List<String> diffs = stored.spec().identityDifferences(spec);
      if (!diffs.isEmpty()) {
        throw new InputException("study " + spec.name() + " in store " + location + " was started with a different "
            + String.join(", ", diffs) + ": resume with the same settings, or pick another study name");
      }
      return stored;
    });
  }

  @Override
  public Study setBudget(Study study, Budget budget) {
    return write(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "UPDATE nas4j_study SET max_evaluations = ?, max_cost_seconds = ? WHERE id = ?")) {
        p.setInt(1, budget.evaluations());
        p.setDouble(2, budget.seconds());
        p.setLong(3, study.id());
        p.executeUpdate();
      }
      return new Study(study.id(), study.spec().withBudget(budget), study.created(), study.nas4jVersion());
    });
  }

  @Override
  public Study study(String name) {
    return read(c -> {
      Study s = findStudy(c, name, false);
      if (s != null) {
        return s;
      }
      List<String> names = new ArrayList<>();
      for (Study known : allStudies(c)) {
        names.add(known.name());
      }
      String known = names.isEmpty() ? "it has no studies yet"
          : "its studies: " + String.join(", ", names.subList(0, Math.min(20, names.size())))
              + (names.size() > 20 ? ", ... (" + names.size() + " in all)" : "");
      throw new InputException("no study " + name + " in store " + location + " (" + known + "): check --study");
    });
  }

  @Override
  public List<Study> studies() {
    return read(this::allStudies);
  }

  private Study insertStudy(Connection c, StudySpec spec) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("INSERT INTO nas4j_study (name, space, task, optimizer, seed,"
        + " fidelity, max_evaluations, max_cost_seconds, data_fingerprint, options, nas4j_version, created_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, spec.name());
      p.setString(2, spec.space());
      p.setString(3, spec.task());
      p.setString(4, spec.optimizer());
      p.setLong(5, spec.seed());
      p.setInt(6, spec.fidelity());
      p.setInt(7, spec.budget().evaluations());
      p.setDouble(8, spec.budget().seconds());
      p.setString(9, spec.dataFingerprint());
      p.setString(10, spec.options());
      p.setString(11, Version.get());
      p.setLong(12, settings.clock().millis());
      p.executeUpdate();
    }
    return findStudy(c, spec.name(), false);
  }

  private Study findStudy(Connection c, String name, boolean lock) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(
        "SELECT " + STUDY_COLUMNS + " FROM nas4j_study WHERE name = ?" + (lock ? dialect.forUpdate : ""))) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? study(rs) : null;
      }
    }
  }

  private List<Study> allStudies(Connection c) throws SQLException {
    List<Study> out = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT " + STUDY_COLUMNS + " FROM nas4j_study ORDER BY id")) {
      while (rs.next()) {
        out.add(study(rs));
      }
    }
    return out;
  }

  private static Study study(ResultSet rs) throws SQLException {
    StudySpec spec = new StudySpec(rs.getString("name"), rs.getString("space"), rs.getString("task"),
        rs.getString("optimizer"), rs.getLong("seed"), rs.getInt("fidelity"),
        new Budget(rs.getInt("max_evaluations"), rs.getDouble("max_cost_seconds")), rs.getString("data_fingerprint"),
        rs.getString("options"));
    return new Study(rs.getLong("id"), spec, Instant.ofEpochMilli(rs.getLong("created_at")),
        rs.getString("nas4j_version"));
  }

  // ---------------------------------------------------------------- work queue

  /**
   * SQL for "now" in epoch milliseconds, with one parameter to bind to {@link #nowArg()}: on PostgreSQL the
   * server's clock (leases are compared across machines whose clocks may differ), otherwise the store's clock.
   */
  private String now() {
    return dialect == Dialect.POSTGRES
        ? "COALESCE(CAST(? AS BIGINT), CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))" : "?";
  }

  /** The parameter of {@link #now()}: null to use the server's clock. */
  private Long nowArg() {
    return serverClock ? null : settings.clock().millis();
  }

  @Override
  public Trial enqueue(Study study, String architecture, int fidelity) {
    Objects.requireNonNull(architecture, "architecture");
    if (fidelity < 0) {
      throw new IllegalArgumentException("fidelity must be >= 0 epochs, got " + fidelity);
    }
    return write(c -> {
      int next = lockStudy(c, study);
      Trial existing = single(c, "WHERE e.study_id = ? AND e.architecture = ? AND e.fidelity = ?",
          study.id(), architecture, fidelity);
      if (existing != null) {
        return existing;
      }
      insert(c, study, next, architecture, fidelity, settings.clock().millis());
      return single(c, "WHERE e.study_id = ? AND e.number = ?", study.id(), next);
    });
  }

  @Override
  public Added add(Study study, String architecture, String worker, int limit) {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(worker, "worker");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
    int fidelity = study.spec().fidelity();
    return write(c -> {
      int next = lockStudy(c, study);
      Trial existing = single(c, "WHERE e.study_id = ? AND e.architecture = ? AND e.fidelity = ?",
          study.id(), architecture, fidelity);
      if (existing != null) {
        return new Added(Added.Outcome.DUPLICATE, existing, null);
      }
      if (next >= limit) { // numbers are dense, so the next number is the count
        return new Added(Added.Outcome.FULL, null, null);
      }
      insert(c, study, next, architecture, fidelity, settings.clock().millis());
      update(c, "UPDATE nas4j_evaluation SET status = 'RUNNING', worker = ?, attempt = 1, claimed_at = " + now()
          + ", heartbeat_at = " + now() + " WHERE study_id = ? AND number = ?", worker, nowArg(), nowArg(), study.id(),
          next);
      Trial t = single(c, "WHERE e.study_id = ? AND e.number = ?", study.id(), next);
      return new Added(Added.Outcome.ADDED, t, new Claim(study, t.id(), t.number(), t.architecture(), t.fidelity(),
          t.seed(), worker, t.attempt()));
    });
  }

  @Override
  public List<Added> offer(Study study, List<String> architectures, int limit) {
    if (architectures.isEmpty()) {
      return List.of();
    }
    architectures.forEach(a -> Objects.requireNonNull(a, "architecture"));
    int fidelity = study.spec().fidelity();
    return write(c -> {
      int first = lockStudy(c, study);
      // the ones the study holds already, in one query
      Object[] args = new Object[architectures.size() + 2];
      args[0] = study.id();
      args[1] = fidelity;
      for (int i = 0; i < architectures.size(); i++) {
        args[i + 2] = architectures.get(i);
      }
      Map<String, Trial> held = new java.util.HashMap<>();
      for (Trial t : list(c, "WHERE e.study_id = ? AND e.fidelity = ? AND e.architecture IN ("
          + String.join(", ", java.util.Collections.nCopies(architectures.size(), "?")) + ")", args)) {
        held.put(t.architecture(), t);
      }
      // new ones numbered in order within the limit, inserted in one batch
      Map<String, Integer> numbered = new java.util.HashMap<>();
      int next = first;
      long now = settings.clock().millis();
      try (PreparedStatement p = c.prepareStatement("INSERT INTO nas4j_evaluation (study_id, number, architecture,"
          + " fidelity, seed, status, enqueued_at) VALUES (?, ?, ?, ?, ?, 'WAITING', ?)")) {
        for (String a : architectures) {
          if (held.containsKey(a) || numbered.containsKey(a) || next >= limit) {
            continue;
          }
          bind(p, study.id(), next, a, fidelity, Seeds.trial(study.spec().seed(), next), now);
          p.addBatch();
          numbered.put(a, next++);
        }
        if (next > first) {
          p.executeBatch();
        }
      }
      Map<Integer, Trial> added = new java.util.HashMap<>();
      if (next > first) {
        update(c, "UPDATE nas4j_study SET next_number = ? WHERE id = ?", next, study.id());
        for (Trial t : list(c, "WHERE e.study_id = ? AND e.number >= ? ORDER BY e.number", study.id(), first)) {
          added.put(t.number(), t);
        }
      }
      List<Added> out = new ArrayList<>();
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (String a : architectures) {
        Integer n = numbered.get(a);
        if (held.containsKey(a)) {
          out.add(new Added(Added.Outcome.DUPLICATE, held.get(a), null));
        } else if (n != null && seen.add(a)) {
          out.add(new Added(Added.Outcome.QUEUED, added.get(n), null));
        } else if (n != null) {
          out.add(new Added(Added.Outcome.DUPLICATE, added.get(n), null)); // named twice in this call
        } else {
          out.add(new Added(Added.Outcome.FULL, null, null));
        }
      }
      return List.copyOf(out);
    });
  }

  /** Locks the study row (serialising numbering) and returns the next evaluation number. */
  private int lockStudy(Connection c, Study study) throws SQLException {
    // after the lock, a concurrent enqueue of the same architecture is visible (READ COMMITTED takes a fresh
    // snapshot per statement)
    try (PreparedStatement p = c.prepareStatement(
        "SELECT next_number FROM nas4j_study WHERE id = ?" + dialect.forUpdate)) {
      p.setLong(1, study.id());
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new InputException("study " + study.name() + " is no longer in store " + location);
        }
        return rs.getInt(1);
      }
    }
  }

  private void insert(Connection c, Study study, int number, String architecture, int fidelity, long now)
      throws SQLException {
    update(c, "INSERT INTO nas4j_evaluation (study_id, number, architecture, fidelity, seed, status, enqueued_at)"
        + " VALUES (?, ?, ?, ?, ?, 'WAITING', ?)", study.id(), number, architecture, fidelity,
        Seeds.trial(study.spec().seed(), number), now);
    update(c, "UPDATE nas4j_study SET next_number = next_number + 1 WHERE id = ?", study.id());
  }

  @Override
  public boolean release(Trial running) {
    return write(c -> update(c, "UPDATE nas4j_evaluation SET status = 'WAITING' WHERE id = ? AND status = 'RUNNING'"
        + " AND attempt = ? AND worker = ?", running.id(), running.attempt(), running.worker()) > 0);
  }

  @Override
  public List<Trial> running(Study study) {
    return read(c -> list(c, "WHERE e.study_id = ? AND e.status = 'RUNNING' ORDER BY e.number", study.id()));
  }

  @Override
  public Optional<Claim> claim(Study study, String worker) {
    return claim(study, worker, null);
  }

  @Override
  public Optional<Claim> claim(Study study, String worker, Duration staleAfter) {
    Objects.requireNonNull(worker, "worker");
    return write(c -> {
      if (staleAfter != null) {
        releaseStale(c, study.id(), staleAfter);
      }
      Long id = null;
      try (PreparedStatement p = c.prepareStatement("SELECT id FROM nas4j_evaluation WHERE study_id = ? AND status ="
          + " 'WAITING' ORDER BY number LIMIT 1" + dialect.skipLocked)) {
        p.setLong(1, study.id());
        try (ResultSet rs = p.executeQuery()) {
          if (rs.next()) {
            id = rs.getLong(1);
          }
        }
      }
      return id == null ? Optional.<Claim>empty() : take(c, study, id, worker);
    });
  }

  @Override
  public Optional<Claim> claim(Trial trial, String worker) {
    Objects.requireNonNull(worker, "worker");
    return write(c -> {
      Study study = studyById(c, trial.studyId());
      return take(c, study, trial.id(), worker);
    });
  }

  /** WAITING to RUNNING for one evaluation, as a compare-and-set. */
  private Optional<Claim> take(Connection c, Study study, long id, String worker) throws SQLException {
    int n = update(c, "UPDATE nas4j_evaluation SET status = 'RUNNING', worker = ?, attempt = attempt + 1,"
        + " claimed_at = " + now() + ", heartbeat_at = " + now() + " WHERE id = ? AND status = 'WAITING'", worker,
        nowArg(), nowArg(), id);
    if (n == 0) {
      return Optional.empty();
    }
    Trial t = single(c, "WHERE e.id = ?", id);
    return Optional.of(new Claim(study, t.id(), t.number(), t.architecture(), t.fidelity(), t.seed(), worker,
        t.attempt()));
  }

  @Override
  public void heartbeat(Claim claim) {
    write(c -> {
      int n = update(c, "UPDATE nas4j_evaluation SET heartbeat_at = " + now() + " WHERE id = ? AND status = 'RUNNING'"
          + " AND attempt = ? AND worker = ?", nowArg(), claim.id(), claim.attempt(), claim.worker());
      if (n == 0) {
        throw new ClaimLostException(claim);
      }
      return null;
    });
  }

  @Override
  public Trial finish(Claim claim, Evaluation e) {
    return finish(claim, e, Map.of());
  }

  @Override
  public Trial finish(Claim claim, Evaluation e, Map<String, byte[]> files) {
    Objects.requireNonNull(e, "evaluation");
    if (!e.architecture().equals(claim.architecture()) || e.fidelity() != claim.fidelity()
        || !e.task().equals(claim.study().spec().task())) {
      throw new IllegalArgumentException("evaluation of " + e.architecture() + " on " + e.task() + " at "
          + e.fidelity() + " epochs does not match claim #" + claim.number() + " (" + claim.architecture() + " on "
          + claim.study().spec().task() + " at " + claim.fidelity() + " epochs)");
    }
    String metrics = Json.GSON.toJson(e.metrics());
    String provenance = e.provenance() == null ? null : Json.GSON.toJson(e.provenance());
    return write(c -> {
      // study row first (finish order counter), then the evaluation row: the same lock order as enqueue
      update(c, "UPDATE nas4j_study SET finish_seq = finish_seq + 1 WHERE id = ?", claim.study().id());
      long seq;
      try (PreparedStatement p = c.prepareStatement("SELECT finish_seq FROM nas4j_study WHERE id = ?")) {
        p.setLong(1, claim.study().id());
        try (ResultSet rs = p.executeQuery()) {
          rs.next();
          seq = rs.getLong(1);
        }
      }
      long now = settings.clock().millis();
      int n = update(c, "UPDATE nas4j_evaluation SET status = ?, objective = ?, metrics = ?, cost_seconds = ?,"
          + " params = ?, error = ?, seed = ?, finish_seq = ?, nas4j_version = ?, finished_at = ?, heartbeat_at = " + now()
          + ", provenance = ? WHERE id = ? AND status = 'RUNNING' AND attempt = ? AND worker = ?",
          e.status().name(), e.objective(), metrics, e.costSeconds(), e.params(), e.error(), e.seed(), seq, Version.get(), now,
          nowArg(), provenance, claim.id(), claim.attempt(), claim.worker());
      if (n == 0) {
        throw new ClaimLostException(claim); // rolls back the counter too
      }
      putFiles(c, claim.study().id(), files, List.of());
      return single(c, "WHERE e.id = ?", claim.id());
    });
  }

  @Override
  public boolean release(Claim claim) {
    return write(c -> update(c, "UPDATE nas4j_evaluation SET status = 'WAITING' WHERE id = ? AND status = 'RUNNING'"
        + " AND attempt = ? AND worker = ?", claim.id(), claim.attempt(), claim.worker()) > 0);
  }

  @Override
  public int releaseStale(Study study, Duration olderThan) {
    return write(c -> releaseStale(c, study.id(), olderThan));
  }

  /** An age in milliseconds, capped at 100 years so that {@code now - age} cannot overflow. */
  private static long ageMillis(Duration age) {
    if (age.isNegative()) {
      throw new IllegalArgumentException("a heartbeat age must be >= 0, got " + age);
    }
    long cap = Duration.ofDays(36_500).toMillis();
    return age.compareTo(Duration.ofMillis(cap)) > 0 ? cap : age.toMillis();
  }

  private int releaseStale(Connection c, long studyId, Duration olderThan) throws SQLException {
    return update(c, "UPDATE nas4j_evaluation SET status = 'WAITING' WHERE study_id = ? AND status = 'RUNNING'"
        + " AND heartbeat_at <= " + now() + " - ?", studyId, nowArg(), ageMillis(olderThan));
  }

  // ---------------------------------------------------------------- coordination

  @Override
  public StudyLock lockStudy(Study study, StudyLock.Purpose purpose) {
    long t0 = System.nanoTime();
    if (dialect == Dialect.SQLITE) {
      String key = (file == null ? "memory:" + System.identityHashCode(this) : canonical(location)) + "#" + study.id()
          + "#" + purpose;
      ReentrantLock l = LOCAL_STUDY_LOCKS.computeIfAbsent(key, k -> new ReentrantLock(true));
      l.lock(); // threads of this JVM queue here: a JVM may hold a file region only once
      if (file == null) {
        return held(System.nanoTime() - t0, l::getQueueLength, l::unlock);
      }
      // other processes on this file: one byte of <store>.lock per study and purpose, locked with fcntl, which the
      // operating system frees when the holding process dies (as PostgreSQL frees an advisory lock)
      java.nio.channels.FileChannel channel = null;
      java.nio.channels.FileLock region;
      try {
        channel = java.nio.channels.FileChannel.open(Path.of(file + ".lock"), java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.WRITE);
        region = channel.lock(study.id() * 8 + purpose.key, 1, false);
      } catch (IOException e) {
        closeQuietly(channel);
        l.unlock();
        throw new InputException("cannot lock " + file + ".lock for study " + study.name() + " (" + e.getMessage()
            + "): check that the store's directory is writable");
      }
      java.nio.channels.FileChannel open = channel;
      return held(System.nanoTime() - t0, l::getQueueLength, () -> {
        try {
          region.release();
        } catch (IOException ignored) {
          // closing the channel releases it too
        } finally {
          closeQuietly(open);
          l.unlock();
        }
      });
    }
    lockConnectionGuard.lock(); // one advisory lock at a time per store object: its connection is single-use
    try {
      long giveUp = System.nanoTime() + settings.reconnectFor().toNanos();
      for (int attempt = 1; ; attempt++) {
        try {
          Connection c = lockConnection();
          try (PreparedStatement p = c.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            p.setInt(1, LOCK_NAMESPACE + purpose.key);
            p.setInt(2, (int) study.id());
            p.execute();
          }
          break;
        } catch (SQLException e) {
          dropLockConnection();
          if ((unreachable(e) && System.nanoTime() < giveUp) || attempt == 1 && unreachable(e)) {
            pause(attempt);
            continue;
          }
          throw StoreErrors.map(e, location, settings.busyTimeout());
        }
      }
    } catch (RuntimeException e) {
      lockConnectionGuard.unlock();
      throw e;
    }
    long waited = System.nanoTime() - t0;
    return held(waited, () -> advisoryWaiters(purpose, study), () -> {
      try (PreparedStatement p = lockConnection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
        p.setInt(1, LOCK_NAMESPACE + purpose.key);
        p.setInt(2, (int) study.id());
        p.execute();
      } catch (SQLException | RuntimeException e) {
        dropLockConnection(); // the session is gone, and with it the lock
      } finally {
        lockConnectionGuard.unlock();
      }
    });
  }

  /** Sessions waiting for a study's advisory lock (in {@code pg_locks}, this database); 0 if it cannot tell. */
  private int advisoryWaiters(StudyLock.Purpose purpose, Study study) {
    try (PreparedStatement p = lockConnection.prepareStatement("SELECT COUNT(*) FROM pg_locks WHERE locktype ="
        + " 'advisory' AND NOT granted AND classid::bigint = ? AND objid::bigint = ? AND objsubid = 2 AND database = (SELECT oid"
        + " FROM pg_database WHERE datname = current_database())")) {
      p.setLong(1, LOCK_NAMESPACE + purpose.key);
      p.setLong(2, study.id());
      try (ResultSet rs = p.executeQuery()) {
        return rs.next() ? rs.getInt(1) : 0;
      }
    } catch (SQLException | RuntimeException e) {
      return 0; // only an optimisation: the waiters ask for themselves
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private static StudyLock held(long waitedNanos, java.util.function.IntSupplier waiting, Runnable unlock) {
    AtomicBoolean open = new AtomicBoolean(true);
    return new StudyLock() {
      @Override
      public long waitedNanos() {
        return waitedNanos;
      }

      @Override
      public int waiting() {
        return open.get() ? waiting.getAsInt() : 0;
      }

      @Override
      public void close() {
        if (open.compareAndSet(true, false)) {
          unlock.run();
        }
      }
    };
  }

  /** The connection for advisory locks: outside the pool, auto-commit, no lock timeout (a holder may train). */
  private Connection lockConnection() throws SQLException {
    if (lockConnection == null) {
      Connection c = factory.open();
      try (Statement st = c.createStatement()) {
        st.execute("SET lock_timeout = 0");
        c.setAutoCommit(true);
      } catch (SQLException e) {
        Pool.closeQuietly(c);
        throw e;
      }
      lockConnection = c;
    }
    return lockConnection;
  }

  private void dropLockConnection() {
    if (lockConnection != null) {
      Pool.closeQuietly(lockConnection);
      lockConnection = null;
    }
  }

  @Override
  public Optional<StudyFinish> finishRecord(Study study) {
    return read(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "SELECT finish_key, finished_by, finished_at FROM nas4j_study WHERE id = ?")) {
        p.setLong(1, study.id());
        try (ResultSet rs = p.executeQuery()) {
          if (!rs.next() || rs.getString(1) == null) {
            return Optional.<StudyFinish>empty();
          }
          return Optional.of(new StudyFinish(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))));
        }
      }
    });
  }

  @Override
  public void recordFinish(Study study, String key, String by) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(by, "by");
    write(c -> update(c, "UPDATE nas4j_study SET finish_key = ?, finished_by = ?, finished_at = ? WHERE id = ?", key,
        by, settings.clock().millis(), study.id()));
  }

  // ---------------------------------------------------------------- study files

  @Override
  public void putFiles(Study study, Map<String, byte[]> files, java.util.Collection<String> delete) {
    write(c -> {
      putFiles(c, study.id(), files, delete);
      return null;
    });
  }

  private void putFiles(Connection c, long studyId, Map<String, byte[]> files, java.util.Collection<String> delete)
      throws SQLException {
    for (String name : delete) {
      update(c, "DELETE FROM nas4j_study_file WHERE study_id = ? AND name = ?", studyId, name);
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      // delete + insert is the same text on both dialects (no upsert syntax needed); the row is new either way
      update(c, "DELETE FROM nas4j_study_file WHERE study_id = ? AND name = ?", studyId, f.getKey());
      try (PreparedStatement p = c.prepareStatement(
          "INSERT INTO nas4j_study_file (study_id, name, bytes, written_at) VALUES (?, ?, ?, ?)")) {
        p.setLong(1, studyId);
        p.setString(2, f.getKey());
        p.setBytes(3, f.getValue());
        p.setLong(4, settings.clock().millis());
        p.executeUpdate();
      }
    }
  }

  @Override
  public Optional<byte[]> file(Study study, String name) {
    return read(c -> {
      try (PreparedStatement p = c.prepareStatement(
          "SELECT bytes FROM nas4j_study_file WHERE study_id = ? AND name = ?")) {
        p.setLong(1, study.id());
        p.setString(2, name);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
        }
      }
    });
  }

  @Override
  public List<String> fileNames(Study study) {
    return read(c -> {
      List<String> out = new ArrayList<>();
      try (PreparedStatement p = c.prepareStatement(
          "SELECT name FROM nas4j_study_file WHERE study_id = ? ORDER BY name")) {
        p.setLong(1, study.id());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getString(1));
          }
        }
      }
      return out;
    });
  }

  // ---------------------------------------------------------------- reading

  @Override
  public List<Trial> trials(Study study) {
    return read(c -> list(c, "WHERE e.study_id = ? ORDER BY e.number", study.id()));
  }

  @Override
  public List<Trial> trialsFrom(Study study, int fromNumber) {
    return read(c -> list(c, "WHERE e.study_id = ? AND e.number >= ? ORDER BY e.number", study.id(), fromNumber));
  }

  @Override
  public List<Trial> finishedAfter(Study study, long finishSeq) {
    return read(c -> list(c, "WHERE e.study_id = ? AND e.finish_seq > ? ORDER BY e.finish_seq", study.id(),
        finishSeq));
  }

  @Override
  public List<Evaluation> completed(Study study) {
    return read(c -> evaluations(list(c, "WHERE e.study_id = ? AND e.status = 'COMPLETE' ORDER BY e.finish_seq",
        study.id())));
  }

  @Override
  public Optional<Trial> best(Study study) {
    return read(c -> Optional.ofNullable(single(c, "WHERE e.study_id = ? AND e.status = 'COMPLETE'"
        + " ORDER BY e.objective DESC, e.finish_seq LIMIT 1", study.id())));
  }

  @Override
  public Counts counts(Study study) {
    return read(c -> {
      int[] n = new int[Status.values().length];
      double cost = 0;
      try (PreparedStatement p = c.prepareStatement("SELECT status, COUNT(*), SUM(cost_seconds) FROM nas4j_evaluation"
          + " WHERE study_id = ? GROUP BY status")) {
        p.setLong(1, study.id());
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            Status s = Status.valueOf(rs.getString(1));
            n[s.ordinal()] = rs.getInt(2);
            if (s.isFinished()) {
              cost += rs.getDouble(3);
            }
          }
        }
      }
      return new Counts(n[Status.WAITING.ordinal()], n[Status.RUNNING.ordinal()], n[Status.COMPLETE.ordinal()],
          n[Status.FAILED.ordinal()], cost);
    });
  }

  @Override
  public Map<String, List<Evaluation>> evaluationsOnOtherTasks(String space, String excludingTask) {
    return read(c -> {
      Map<String, List<Evaluation>> byTask = new TreeMap<>();
      for (Trial t : list(c, "WHERE s.space = ? AND s.task <> ? AND e.status = 'COMPLETE'"
          + " ORDER BY s.task, s.id, e.finish_seq", space, excludingTask)) {
        byTask.computeIfAbsent(t.evaluation().task(), k -> new ArrayList<>()).add(t.evaluation());
      }
      Map<String, List<Evaluation>> out = new LinkedHashMap<>();
      byTask.forEach((task, evals) -> out.put(task, List.copyOf(evals)));
      return out;
    });
  }

  private Study studyById(Connection c, long id) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + STUDY_COLUMNS + " FROM nas4j_study WHERE id = ?")) {
      p.setLong(1, id);
      try (ResultSet rs = p.executeQuery()) {
        if (!rs.next()) {
          throw new InputException("no study with id " + id + " in store " + location);
        }
        return study(rs);
      }
    }
  }

  private static List<Evaluation> evaluations(List<Trial> trials) {
    List<Evaluation> out = new ArrayList<>(trials.size());
    for (Trial t : trials) {
      out.add(t.evaluation());
    }
    return List.copyOf(out);
  }

  private Trial single(Connection c, String where, Object... args) throws SQLException {
    List<Trial> l = list(c, where, args);
    return l.isEmpty() ? null : l.get(0);
  }

  private List<Trial> list(Connection c, String where, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement("SELECT " + TRIAL_COLUMNS + TRIAL_FROM + where)) {
      bind(p, args);
      List<Trial> out = new ArrayList<>();
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.add(trial(rs));
        }
      }
      return List.copyOf(out);
    }
  }

  /** A row of {@link #TRIAL_COLUMNS}, read by position (by name costs a lookup per column per row). */
  private Trial trial(ResultSet rs) throws SQLException {
    Status status = Status.valueOf(rs.getString(7));
    String arch = rs.getString(4);
    int fidelity = rs.getInt(5);
    long seed = rs.getLong(6);
    Evaluation evaluation = null;
    if (status.isFinished()) {
      double objective = rs.getDouble(16);
      if (rs.wasNull()) {
        objective = Double.NaN;
      }
      Map<String, Double> metrics;
      Provenance provenance;
      try {
        String json = rs.getString(17);
        metrics = json == null ? Map.of() : Json.GSON.fromJson(json, METRICS);
        String p = rs.getString(22);
        provenance = p == null ? null : Json.GSON.fromJson(p, Provenance.class);
      } catch (JsonParseException | NullPointerException bad) {
        throw new InputException("store " + location + " holds unreadable metrics or provenance for evaluation id "
            + rs.getLong(1) + ": " + StudySpec.oneLine(bad.getMessage()));
      }
      evaluation = new Evaluation(arch, rs.getString(21), fidelity, objective, metrics, rs.getDouble(18),
          rs.getLong(19), seed, status, rs.getString(20), provenance);
    }
    return new Trial(rs.getLong(1), rs.getLong(2), rs.getInt(3), arch, fidelity, seed, status, rs.getString(8),
        rs.getInt(9), rs.getLong(10), instant(rs, 11), instant(rs, 12), instant(rs, 13), instant(rs, 14),
        rs.getString(15), evaluation);
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      bind(p, args);
      return p.executeUpdate();
    }
  }

  private static void bind(PreparedStatement p, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        p.setNull(i + 1, Types.VARCHAR);
      } else if (a instanceof Double d) {
        // SQLite turns NaN into NULL anyway; store NULL on both so a failed objective reads back as NaN
        if (d.isNaN()) {
          p.setNull(i + 1, Types.DOUBLE);
        } else {
          p.setDouble(i + 1, d);
        }
      } else if (a instanceof Long l) {
        p.setLong(i + 1, l);
      } else if (a instanceof Integer n) {
        p.setInt(i + 1, n);
      } else if (a instanceof String s) {
        p.setString(i + 1, s);
      } else {
        throw new IllegalArgumentException("cannot bind " + a.getClass());
      }
    }
  }

  // ---------------------------------------------------------------- transactions

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T read(Work<T> work) {
    return transaction(false, work);
  }

  private <T> T write(Work<T> work) {
    return transaction(true, work);
  }

  /**
   * Runs one transaction. PostgreSQL may abort a transaction that raced another (deadlock, serialisation, a
   * unique key two processes inserted at once); it is retried, and the retry sees the other's commit.
   */
  private <T> T transaction(boolean write, Work<T> work) {
    long giveUp = System.nanoTime() + settings.reconnectFor().toNanos();
    for (int attempt = 1; ; attempt++) {
      Connection c = takeConnection(giveUp);
      boolean broken = false;
      boolean locked = false;
      // PostgreSQL reads run in auto-commit: each read is one statement (or statements that need no common
      // snapshot), and a COMMIT is one more round trip per call, a tenth of a worker's round trips
      boolean autoCommit = !write && dialect == Dialect.POSTGRES;
      try {
        if (write && writeLock != null) {
          writeLock.lock();
          locked = true;
        }
        if (autoCommit) {
          c.setAutoCommit(true);
        }
        dialect.begin(c, write);
        T result = work.run(c);
        if (!autoCommit) {
          dialect.commit(c);
        }
        return result;
      } catch (SQLException e) {
        dialect.rollbackQuietly(c);
        broken = !isValid(c);
        // a race PostgreSQL aborted, or a pooled connection that died while idle (server restart): a retry on
        // a fresh connection sees the other's commit; a commit that did land makes the retry's compare-and-set
        // fail, which callers already handle (ClaimLostException, DUPLICATE)
        if (attempt < 5 && dialect == Dialect.POSTGRES && (retryable(e) || (broken && attempt == 1))) {
          continue;
        }
        if (dialect == Dialect.POSTGRES && (broken || unreachable(e)) && System.nanoTime() < giveUp) {
          pause(attempt); // the server restarts or our session was ended: ride it out (Settings#reconnectFor)
          continue;
        }
        throw StoreErrors.map(e, location, settings.busyTimeout());
      } catch (RuntimeException | Error e) {
        dialect.rollbackQuietly(c);
        throw e;
      } finally {
        if (locked) {
          writeLock.unlock();
        }
        if (autoCommit && !broken) {
          try {
            c.setAutoCommit(false);
          } catch (SQLException e) {
            broken = true;
          }
        }
        pool.give(c, broken);
      }
    }
  }

  /** A pooled connection; while the server cannot be reached, retried until {@code giveUp} (System.nanoTime). */
  private Connection takeConnection(long giveUp) {
    for (int attempt = 1; ; attempt++) {
      try {
        return pool.take(this);
      } catch (RuntimeException e) {
        if (dialect == Dialect.POSTGRES && e.getCause() instanceof SQLException sql && unreachable(sql)
            && System.nanoTime() < giveUp) {
          pause(attempt);
          continue;
        }
        throw e;
      }
    }
  }

  /** The server is not there: no connection (08), shutting down or starting up (57P01-57P03). */
  private static boolean unreachable(SQLException e) {
    String state = e.getSQLState();
    return state == null || state.startsWith("08") || state.startsWith("57P");
  }

  /** Backs off 100 ms, 200 ms, ... up to 2 s between attempts to reach the server. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(2000, 100L * attempt));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the store", e);
    }
  }

  private static boolean retryable(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.equals("40001") || state.equals("40P01") || state.equals("23505"));
  }

  private static boolean isValid(Connection c) {
    try {
      return !c.isClosed() && c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    lockConnectionGuard.lock();
    try {
      dropLockConnection(); // ends the session: PostgreSQL frees any advisory lock still held
    } finally {
      lockConnectionGuard.unlock();
    }
    pool.close();
  }

  @Override
  public String toString() {
    return "JdbcStore[" + location + ", schema v" + schemaVersion + "]";
  }

  static String maskPassword(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** A few connections per store, opened on demand and kept while the store is open. */
  private static final class Pool {
    @FunctionalInterface
    interface Factory {
      Connection open() throws SQLException;
    }

    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final Factory factory;
    private final AtomicBoolean closed = new AtomicBoolean();

    Pool(int size, Factory factory) {
      this.permits = new Semaphore(size, true);
      this.factory = factory;
    }

    Connection take(JdbcStore store) {
      if (closed.get()) {
        throw new IllegalStateException("store " + (store == null ? "" : store.location) + " is closed");
      }
      permits.acquireUninterruptibly();
      Connection c = idle.pollFirst();
      if (c != null) {
        return c;
      }
      try {
        return factory.open();
      } catch (SQLException e) {
        permits.release();
        throw StoreErrors.map(e, store.location, store.settings.busyTimeout());
      } catch (RuntimeException e) {
        permits.release();
        throw e;
      }
    }

    void give(Connection c, boolean broken) {
      if (broken || closed.get()) {
        closeQuietly(c);
      } else {
        idle.addFirst(c);
      }
      permits.release();
    }

    void close() {
      if (closed.compareAndSet(false, true)) {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
          closeQuietly(c);
        }
      }
    }

    private static void closeQuietly(Connection c) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a broken connection: nothing more to do
      }
    }
  }

  /** Turns driver errors into one-line messages: the user's problems are {@link InputException}s. */
  static final class StoreErrors {
    private StoreErrors() {}

    static RuntimeException map(SQLException e, String location, Duration busyTimeout) {
      String msg = StudySpec.oneLine(e.getMessage());
      if (e instanceof SQLiteException s) {
        int primary = s.getResultCode().code & 0xff;
        switch (primary) {
          case 5, 6 -> { // SQLITE_BUSY, SQLITE_LOCKED
            return new InputException("store " + location + " is locked by another program (waited "
                + busyTimeout.toMillis() + " ms): close the program holding it, then retry", e);
          }
          case 11, 26 -> { // SQLITE_CORRUPT, SQLITE_NOTADB
            return new InputException(notAStore(location).getMessage(), e);
          }
          case 8 -> { // SQLITE_READONLY
            return new InputException("store " + location + " is read-only: check its permissions", e);
          }
          case 14 -> { // SQLITE_CANTOPEN
            return new InputException("cannot open store " + location + ": check the path and its permissions", e);
          }
          default -> {
            return new StoreException("store " + location + ": " + msg, e);
          }
        }
      }
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("08")) {
        return new InputException("cannot connect to store " + location + " (" + msg + "): check the URL and that "
            + "PostgreSQL is running", e);
      }
      if (state.startsWith("28")) {
        return new InputException("cannot log in to store " + location + " (" + msg + "): check user and password", e);
      }
      if (state.equals("3D000")) {
        return new InputException("store " + location + ": " + msg + ": create the database first (createdb)", e);
      }
      if (state.equals("55P03")) {
        return new InputException("store " + location + " is locked by another program (waited "
            + busyTimeout.toMillis() + " ms): " + msg, e);
      }
      if (state.equals("42501")) {
        return new InputException("store " + location + ": " + msg + ": grant the user rights on the schema", e);
      }
      return new StoreException("store " + location + ": " + msg, e);
    }
  }
}
