package org.nas4j.store;

/** The test PostgreSQL server for tests of other packages (the dashboard's): one fresh schema per call. */
public final class PostgresForTests {
  private PostgresForTests() {}

  /** True when PostgreSQL tests are skipped ({@code NAS4J_SKIP_PG=1}). */
  public static boolean skipped() {
    return PostgresFixture.skipped();
  }

  /** A URL whose tables live in a fresh, empty schema of the shared test server (started on first use). */
  public static String newUrl() {
    return PostgresFixture.shared().newUrl();
  }
}
