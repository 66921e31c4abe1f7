package org.nas4j.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and the store bench: {@code NAS4J_TEST_PG_URL} if set, otherwise a
 * throwaway cluster started with the installed {@code initdb}/{@code pg_ctl} (Debian's {@code postgresql}
 * package) in a temporary directory on a free port, stopped and deleted when the JVM exits. As root, the server
 * runs as user {@code postgres} (PostgreSQL refuses to run as root). Each {@link #newUrl()} is a fresh schema.
 */
final class PostgresFixture {
  private static PostgresFixture shared;
  private static final AtomicInteger SCHEMAS = new AtomicInteger();

  private final String baseUrl;
  private final Path dir;
  private final List<String> asPostgres;
  private final Path binDir;
  /** The server's {@code pg_ctl -o} options (port, socket directory, durability), to start it again the same. */
  private final String options;

  private PostgresFixture(String baseUrl, Path dir, List<String> asPostgres, Path binDir, String options) {
    this.baseUrl = baseUrl;
    this.dir = dir;
    this.asPostgres = asPostgres;
    this.binDir = binDir;
    this.options = options;
  }

  /** True when the PostgreSQL tests should be skipped ({@code NAS4J_SKIP_PG=1}). */
  static boolean skipped() {
    return "1".equals(System.getenv("NAS4J_SKIP_PG"));
  }

  /** The server shared by all tests of this JVM, started on first use (fsync off: tests need no durability). */
  static synchronized PostgresFixture shared() {
    if (shared == null) {
      shared = start(false);
    }
    return shared;
  }

  /**
   * Starts a server: the one at {@code NAS4J_TEST_PG_URL}, or a new cluster.
   *
   * @param durable keep fsync on (for measuring), otherwise off (for tests)
   */
  static PostgresFixture start(boolean durable) {
    return start(durable, "");
  }

  /**
   * {@link #start(boolean)} with more server options for a cluster it starts, e.g.
   * {@code -c max_connections=400 -c shared_preload_libraries=pg_stat_statements}.
   */
  static PostgresFixture start(boolean durable, String moreOptions) {
    String given = System.getenv("NAS4J_TEST_PG_URL");
    if (given != null && !given.isBlank()) {
      return new PostgresFixture(given.strip(), null, List.of(), null, null);
    }
    Path bin = findBinaries();
    try {
      boolean root = "root".equals(System.getProperty("user.name"));
      Path dir = Files.createTempDirectory("nas4j-pg-");
      List<String> as = root ? List.of("runuser", "-u", "postgres", "--") : List.of();
      if (root) {
        run(List.of("chown", "postgres:postgres", dir.toString()), dir, "chown");
      }
      Path data = dir.resolve("data");
      run(cmd(as, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
          "-E", "UTF8", "--no-locale", "--no-sync"), dir, "initdb");
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      String options = "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
          + (durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
          + (moreOptions.isBlank() ? "" : " " + moreOptions.strip());
      run(cmd(as, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
          "-w", "-t", "60", "-o", options, "start"), dir, "pg_ctl start");
      PostgresFixture f = new PostgresFixture("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
          dir, as, bin, options);
      Runtime.getRuntime().addShutdownHook(new Thread(f::stop, "nas4j-pg-stop"));
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a PostgreSQL test server: " + e.getMessage(), e);
    }
  }

  private static Path findBinaries() {
    List<Path> found = new ArrayList<>();
    Path root = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(root)) {
      try (Stream<Path> versions = Files.list(root)) {
        versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb"))).forEach(found::add);
      } catch (IOException ignored) {
        // fall through to PATH
      }
    }
    found.sort(Comparator.comparing((Path p) -> versionOf(p.getParent().getFileName().toString())).reversed());
    if (!found.isEmpty()) {
      return found.get(0);
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "initdb")) && Files.isExecutable(Path.of(dir, "pg_ctl"))) {
        return Path.of(dir);
      }
    }
    throw new IllegalStateException("no PostgreSQL server binaries (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or"
        + " on PATH: install the postgresql package, or set NAS4J_TEST_PG_URL to a server, or set NAS4J_SKIP_PG=1 to"
        + " skip the PostgreSQL tests");
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<String> cmd(List<String> prefix, String... args) {
    List<String> c = new ArrayList<>(prefix);
    c.addAll(List.of(args));
    return c;
  }

  private static void run(List<String> command, Path dir, String what) throws IOException {
    Path log = Files.createTempFile("nas4j-pg-" + what.replace(' ', '-'), ".log");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(what + " did not finish in 120 s");
      }
      if (p.exitValue() != 0) {
        String out = Files.readString(log);
        Path serverLog = dir.resolve("server.log");
        if (Files.exists(serverLog)) {
          out += "\nserver.log:\n" + Files.readString(serverLog);
        }
        throw new IOException(what + " failed (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(what + " interrupted", e);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** True when this fixture started the server itself (so a test may stop and start it). */
  boolean owned() {
    return dir != null;
  }

  /** Stops the server (fast: sessions are ended) and keeps its data, for {@link #startAgain()}. */
  synchronized void stopServer() throws IOException {
    run(cmd(asPostgres, binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
        "-w", "stop"), dir, "pg_ctl stop");
  }

  /** Starts a server stopped by {@link #stopServer()} again, on the same port and data. */
  synchronized void startAgain() throws IOException {
    run(cmd(asPostgres, binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-l",
        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", options, "start"), dir, "pg_ctl start");
  }

  /** The server's URL (the {@code postgres} database). */
  String baseUrl() {
    return baseUrl;
  }

  /** A URL whose tables live in a fresh, empty schema. */
  String newUrl() {
    String schema = "nas4j_t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
    try (Connection c = DriverManager.getConnection(baseUrl); Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema on test server " + baseUrl + ": " + e.getMessage(), e);
    }
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Stops and deletes a server this fixture started (nothing for {@code NAS4J_TEST_PG_URL}). */
  synchronized void stop() {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try {
      run(cmd(asPostgres, binDir.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
          "-w", "stop"), dir, "pg_ctl stop");
    } catch (IOException e) {
      System.err.println("nas4j: could not stop the PostgreSQL test server in " + dir + ": " + e.getMessage());
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
