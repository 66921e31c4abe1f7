package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;
import org.nas4j.evaluate.Status;

/** The store contract on SQLite files, and what can go wrong with a file: corrupt, foreign, locked, too new. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;
  private int files;

  @Override
  String newLocation() {
    return dir.resolve("store" + (files++) + ".db").toString();
  }

  @Test
  void anEmptyFileIsMigratedToTheCurrentSchemaInWalMode() throws Exception {
    Path f = dir.resolve("empty.db");
    Files.createFile(f);
    try (Store store = Store.open(f.toString())) {
      assertEquals(Schema.CURRENT, store.schemaVersion());
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("PRAGMA journal_mode");
      rs.next();
      assertEquals("wal", rs.getString(1));
      rs = s.executeQuery("SELECT version, nas4j_version FROM nas4j_schema");
      assertTrue(rs.next());
      assertEquals(1, rs.getInt(1));
      assertFalse(rs.getString(2).isBlank());
    }
  }

  @Test
  void inMemoryStoreWorks() {
    try (Store store = Store.open(":memory:")) {
      Study s = store.createStudy(spec("mem"));
      store.enqueue(s, arch(0));
      assertEquals(1, store.counts(s).waiting());
    }
  }

  @Test
  void aCorruptFileIsAOneLineErrorAndStaysUnchanged() throws Exception {
    byte[] junk = new byte[8192];
    new Random(1).nextBytes(junk);
    assertRefusedUnchanged(junk, "corrupt or not an SQLite database");
    assertRefusedUnchanged("hello, I am a text file\n".getBytes(), "corrupt or not an SQLite database");
    // a real header over garbage pages
    byte[] lying = junk.clone();
    System.arraycopy("SQLite format 3\0".getBytes(), 0, lying, 0, 16);
    lying[16] = 0x10; // page size 4096
    lying[17] = 0x00;
    assertRefusedUnchanged(lying, "corrupt or not an SQLite database");
  }

  @Test
  void someoneElsesDatabaseIsRefusedUnchanged() throws Exception {
    Path f = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)");
    }
    assertRefusedUnchanged(Files.readAllBytes(f), "not a nas4j store");
  }

  @Test
  void aNewerSchemaIsRefusedUnchanged() throws Exception {
    Path f = dir.resolve("future.db");
    try (Store store = Store.open(f.toString())) {
      store.createStudy(spec("s"));
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
      s.execute("INSERT INTO nas4j_schema VALUES (99, 'from the future', '9.9', 0)");
    }
    assertRefusedUnchanged(Files.readAllBytes(f), "has schema v99 but this nas4j");
  }

  @Test
  void aLockedStoreIsAOneLineErrorAndStaysUnchanged() throws Exception {
    Path f = dir.resolve("locked.db");
    try (Store store = Store.open(f.toString())) {
      store.createStudy(spec("s"));
    }
    byte[] before = Files.readAllBytes(f);
    try (Connection holder = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = holder.createStatement()) {
      s.execute("PRAGMA locking_mode = EXCLUSIVE");
      s.execute("BEGIN EXCLUSIVE");
      s.execute("UPDATE nas4j_study SET task = 'changed by the holder'");
      JdbcStore.Settings quick = JdbcStore.Settings.defaults().withBusyTimeout(Duration.ofMillis(200));
      InputException e = assertThrows(InputException.class, () -> JdbcStore.open(f.toString(), quick));
      assertTrue(e.getMessage().contains("is locked by another program"), e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      s.execute("ROLLBACK");
    }
    assertArrayEquals(before, Files.readAllBytes(f));
    try (Store store = Store.openExisting(f.toString())) {
      assertEquals("cifar10", store.study("s").spec().task());
    }
  }

  @Test
  void aMissingFileIsNotCreatedByOpenExisting() {
    Path f = dir.resolve("nope.db");
    InputException e = assertThrows(InputException.class, () -> Store.openExisting(f.toString()));
    assertTrue(e.getMessage().startsWith("no store at"), e.getMessage());
    assertFalse(Files.exists(f));
    InputException d = assertThrows(InputException.class, () -> Store.open(dir.toString()));
    assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
    InputException p = assertThrows(InputException.class, () -> Store.open(dir.resolve("no/such/dir/x.db").toString()));
    assertTrue(p.getMessage().contains("does not exist"), p.getMessage());
  }

  /** A store written by schema v1 (nas4j 0.1.0), committed as a test resource: it opens and resumes. */
  @Test
  void aVersionOneStoreFileOpensAndResumes() throws Exception {
    Path f = dir.resolve("v1.db");
    try (InputStream in = SqliteStoreTest.class.getResourceAsStream("store-v1.sqlite")) {
      assertTrue(in != null, "test resource store-v1.sqlite");
      Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
    }
    try (Store store = Store.openExisting(f.toString())) {
      Study s = store.study("fixture-v1");
      assertEquals("fashion-mnist", s.spec().task());
      List<Trial> trials = store.trials(s);
      assertEquals(List.of(Status.COMPLETE, Status.FAILED, Status.WAITING, Status.RUNNING),
          trials.stream().map(Trial::status).toList());
      assertEquals(91.5, store.best(s).orElseThrow().evaluation().objective());
      assertEquals(Schema.CURRENT, store.schemaVersion(), "upgraded on open");
      assertNull(store.best(s).orElseThrow().evaluation().provenance(), "v1 recorded none");
      assertEquals(1, store.releaseStale(s, Duration.ZERO));
      Claim c = store.claim(s, "now", Duration.ofHours(1)).orElseThrow();
      assertEquals(trials.get(2).architecture(), c.architecture());
      store.finish(c, done(c, 80).withProvenance(provenance(0.1)));
      assertEquals(3, store.finished(s).size());
      assertEquals(provenance(0.1), store.trials(s).get(2).evaluation().provenance());
    }
  }

  private void assertRefusedUnchanged(byte[] content, String expected) throws IOException {
    Path f = Files.createTempFile(dir, "bad", ".db");
    Files.write(f, content);
    for (Supplier<Store> attempt : List.<Supplier<Store>>of(() -> Store.open(f.toString()),
        () -> Store.openExisting(f.toString()))) {
      InputException e = assertThrows(InputException.class, attempt::get);
      assertTrue(e.getMessage().contains(expected), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
      assertArrayEquals(content, Files.readAllBytes(f), "file unchanged");
      assertFalse(Files.exists(Path.of(f + "-wal")) && sizeOf(Path.of(f + "-wal")) > 0, "no WAL written");
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
