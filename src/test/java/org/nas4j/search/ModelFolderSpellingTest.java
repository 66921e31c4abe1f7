package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.Store;

/** A store's final models are found whichever way the store was spelled (they were not: issue 12). */
class ModelFolderSpellingTest {
  @Test
  void pathAndJdbcUrlOfOneFileShareTheModelFolder(@TempDir Path tmp) {
    Path file = tmp.resolve("x.db");
    Path plain;
    try (Store s = Store.open(file.toString())) {
      plain = FinalModel.dir(s, "study");
    }
    try (Store s = Store.open("jdbc:sqlite:" + file)) {
      assertEquals(plain, FinalModel.dir(s, "study"));
    }
    assertEquals(Path.of(file + ".models", "study"), plain);
  }

  @Test
  void storesWithoutAFileUseTheSharedFolder() {
    for (String memory : new String[] {":memory:", "jdbc:sqlite::memory:"}) {
      try (Store s = Store.open(memory)) {
        assertEquals(Path.of("nas4j-models", "study"), FinalModel.dir(s, "study"));
      }
    }
  }
}
