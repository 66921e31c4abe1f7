package org.nas4j.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.Version;
import org.sqlite.SQLiteConfig;

/**
 * Read-only SQL access to an existing store, for pages that aggregate in the database (the dashboard) instead
 * of loading every evaluation through {@link Store}. It can never change the store: an SQLite file is opened
 * with {@code SQLITE_OPEN_READONLY} and {@code query_only}, a PostgreSQL session is {@code READ ONLY}; it never
 * migrates (a store of an older schema is read as it is, a newer one is refused) and never creates anything.
 *
 * <p>Readers do not block a search writing to the same store: SQLite's WAL lets a reader see the last commit
 * while a writer appends (the busy timeout covers the moments a checkpoint holds the WAL index), PostgreSQL
 * reads at READ COMMITTED without locks. Thread-safe; each {@link #read} takes a pooled connection.
 */
public final class StoreReader implements AutoCloseable {
  /** A query run on a read-only connection, inside one read transaction (one consistent snapshot). */
  @FunctionalInterface
  public interface Query<T> {
    T run(Connection c) throws SQLException;
  }

  private static final int IDLE = 4;
  private static final Duration BUSY = Duration.ofSeconds(10);

  private final String location;
  private final boolean postgres;
  private final String url;
  private final int schemaVersion;
  private final Deque<Connection> idle = new ArrayDeque<>();
  private boolean closed;

  private StoreReader(String location, boolean postgres, String url) {
    this.location = location;
    this.postgres = postgres;
    this.url = url;
    int v;
    try {
      v = read(c -> {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(version) FROM nas4j_schema")) {
          return rs.next() ? rs.getInt(1) : 0;
        }
      });
    } catch (StoreException e) {
      close();
      // no nas4j_schema table: an empty database, or someone else's
      throw new InputException("no nas4j store at " + location + ": check the path or URL, or run a search to "
          + "create one", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (v > Schema.CURRENT) {
      close();
      throw new InputException("store " + location + " has schema v" + v + " but this nas4j (" + Version.get()
          + ") knows up to v" + Schema.CURRENT + ": use a newer nas4j");
    }
    this.schemaVersion = v;
  }

  /** Opens an existing store (an SQLite file or a {@code jdbc:postgresql:} URL) for reading only. */
  public static StoreReader open(String urlOrPath) {
    Objects.requireNonNull(urlOrPath, "urlOrPath");
    String s = urlOrPath.strip();
    if (s.startsWith("jdbc:postgresql:")) {
      return new StoreReader(JdbcStore.maskPassword(s), true, s);
    }
    if (s.isEmpty() || s.equals(":memory:") || s.equals("jdbc:sqlite::memory:")) {
      throw new InputException("a read-only view needs an existing store: pass --store with a file path or a "
          + "jdbc:postgresql:// URL");
    }
    if (s.startsWith("jdbc:") && !s.startsWith("jdbc:sqlite:")) {
      throw new InputException("store URL " + JdbcStore.maskPassword(s) + " is not supported: pass a file path "
          + "(SQLite) or a jdbc:postgresql://host/db URL");
    }
    Path file = Path.of(s.startsWith("jdbc:sqlite:") ? s.substring("jdbc:sqlite:".length()) : s);
    JdbcStore.checkSqliteFile(file, true);
    if (!Files.isReadable(file)) {
      throw new InputException("cannot read store " + file + ": check its permissions");
    }
    return new StoreReader(file.toString(), false, "jdbc:sqlite:" + file);
  }

  /** Where the store is (a PostgreSQL password masked). */
  public String location() {
    return location;
  }

  /** True for PostgreSQL, false for SQLite: the few queries that differ ask. */
  public boolean isPostgres() {
    return postgres;
  }

  /** The schema version of the store (read as it is: never migrated). */
  public int schemaVersion() {
    return schemaVersion;
  }

  /** Runs a query in one read-only transaction; driver errors become the store's one-line errors. */
  public <T> T read(Query<T> query) {
    Connection c = take();
    boolean broken = false;
    boolean open = false;
    try {
      if (!postgres) {
        execute(c, "BEGIN"); // one snapshot for the whole query (SQLite runs in auto-commit otherwise)
      }
      open = true;
      T result = query.run(c);
      open = false;
      end(c);
      return result;
    } catch (SQLException e) {
      broken = !valid(c) || (open && !endQuietly(c));
      throw JdbcStore.StoreErrors.map(e, location, BUSY);
    } catch (RuntimeException | Error e) {
      broken = open && !endQuietly(c);
      throw e;
    } finally {
      give(c, broken);
    }
  }

  /** Ends the read transaction: nothing to keep, so PostgreSQL rolls back; SQLite commits its BEGIN. */
  private void end(Connection c) throws SQLException {
    if (postgres) {
      c.rollback();
    } else {
      execute(c, "COMMIT");
    }
  }

  private boolean endQuietly(Connection c) {
    try {
      end(c);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private synchronized Connection pooled() {
    if (closed) {
      throw new IllegalStateException("store reader " + location + " is closed");
    }
    return idle.pollFirst();
  }

  private Connection take() {
    Connection c = pooled();
    if (c != null) {
      return c;
    }
    try {
      if (postgres) {
        c = DriverManager.getConnection(url);
        execute(c, "SET lock_timeout = " + BUSY.toMillis());
        c.setAutoCommit(false);
        c.setReadOnly(true); // pgjdbc: every transaction BEGIN READ ONLY
        return c;
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      config.setBusyTimeout((int) BUSY.toMillis());
      c = DriverManager.getConnection(url, config.toProperties());
      execute(c, "PRAGMA query_only = 1"); // a second guard: SQLite refuses any write on this connection
      // pages scan a study's rows (counts, bests, sorts): read the file through the OS's mapping and keep a
      // larger cache than SQLite's 2 MB default, or a 50,000-row study is re-read from the file on every query
      execute(c, "PRAGMA mmap_size = " + (256L << 20));
      execute(c, "PRAGMA cache_size = -32768");
      return c;
    } catch (SQLException e) {
      if (c != null) {
        closeQuietly(c);
      }
      throw JdbcStore.StoreErrors.map(e, location, BUSY);
    }
  }

  private void give(Connection c, boolean broken) {
    synchronized (this) {
      if (!broken && !closed && idle.size() < IDLE) {
        idle.addFirst(c);
        return;
      }
    }
    closeQuietly(c);
  }

  private static boolean valid(Connection c) {
    try {
      return !c.isClosed() && c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // a broken connection: nothing more to do
    }
  }

  @Override
  public void close() {
    Deque<Connection> toClose;
    synchronized (this) {
      closed = true;
      toClose = new ArrayDeque<>(idle);
      idle.clear();
    }
    toClose.forEach(StoreReader::closeQuietly);
  }

  @Override
  public String toString() {
    return "StoreReader[" + location + ", schema v" + schemaVersion + "]";
  }
}
