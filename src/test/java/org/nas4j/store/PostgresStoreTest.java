package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;

/**
 * The store contract against a real PostgreSQL server ({@link PostgresFixture}): {@code NAS4J_TEST_PG_URL}, or a
 * throwaway cluster of the installed server. Skipped only with {@code NAS4J_SKIP_PG=1}.
 */
class PostgresStoreTest extends StoreContract {

  @BeforeAll
  static void server() {
    Assumptions.assumeFalse(PostgresFixture.skipped(), "NAS4J_SKIP_PG=1");
    PostgresFixture.shared();
  }

  @Override
  String newLocation() {
    return PostgresFixture.shared().newUrl();
  }

  @Test
  void newerSchemaIsRefusedAndLeftUnchanged() throws Exception {
    String url = newLocation();
    try (Store store = Store.open(url)) {
      store.createStudy(spec("keep"));
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("INSERT INTO nas4j_schema VALUES (99, 'from the future', '9.9', 0)");
    }
    InputException e = assertThrows(InputException.class, () -> Store.open(url));
    assertTrue(e.getMessage().contains("schema v99"), e.getMessage());
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT COUNT(*) FROM nas4j_study");
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  void aLockedStoreIsAOneLineErrorAfterTheLockTimeout() throws Exception {
    String url = newLocation();
    try (Store store = Store.open(url)) {
      store.createStudy(spec("s"));
    }
    try (Connection holder = DriverManager.getConnection(url); Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      s.execute("LOCK TABLE nas4j_schema, nas4j_study IN ACCESS EXCLUSIVE MODE");
      JdbcStore.Settings quick = JdbcStore.Settings.defaults().withBusyTimeout(java.time.Duration.ofMillis(300));
      InputException e = assertThrows(InputException.class, () -> JdbcStore.open(url, quick));
      assertTrue(e.getMessage().contains("is locked by another program (waited 300 ms)"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      holder.rollback();
    }
    try (Store store = Store.openExisting(url)) {
      assertEquals("s", store.study("s").name());
    }
  }

  @Test
  void aConnectionKilledWhileIdleIsReplaced() throws Exception {
    String url = newLocation();
    try (Store store = Store.open(url)) {
      Study s = store.createStudy(spec("idle"));
      store.enqueue(s, arch(0));
      try (Connection admin = DriverManager.getConnection(PostgresFixture.shared().baseUrl());
          Statement a = admin.createStatement()) {
        // what a server restart does to the pool's idle connections
        a.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
            + " AND query NOT LIKE '%pg_stat_activity%' AND datname = current_database()"
            + " AND application_name = 'PostgreSQL JDBC Driver' AND state = 'idle'");
      }
      Claim c = store.claim(s, "w", java.time.Duration.ofHours(1)).orElseThrow();
      store.finish(c, done(c, 1));
      assertEquals(1, store.counts(s).complete());
    }
  }

  @Test
  void anUnreachableServerIsAOneLineError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/nas4j?user=me&password=secret";
    InputException e = assertThrows(InputException.class, () -> Store.open(url));
    assertTrue(e.getMessage().startsWith("cannot connect to store"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), "password masked: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void twoStoresMigratingOneSchemaAtOnceAgree() throws Exception {
    String url = newLocation();
    Store[] opened = new Store[2];
    Thread[] ts = new Thread[2];
    for (int i = 0; i < 2; i++) {
      int k = i;
      ts[i] = new Thread(() -> opened[k] = Store.open(url));
      ts[i].start();
    }
    for (Thread t : ts) {
      t.join(60_000);
    }
    try (Store a = opened[0]; Store b = opened[1]) {
      a.createStudy(spec("one"));
      assertArrayEquals(new int[] {Schema.CURRENT, Schema.CURRENT}, new int[] {a.schemaVersion(), b.schemaVersion()});
      assertEquals("one", b.study("one").name());
    }
  }
}
