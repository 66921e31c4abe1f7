package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class FinalModelTest {
  /** final.json as nas4j wrote it before its one JSON configuration: camelCase keys, NaN as a literal. */
  @Test
  void readsAnOlderFinalJson(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(FinalModel.FILE), """
        {
          "architecture": "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
          "task": "digits",
          "epochs": 2,
          "searchObjective": 81.5,
          "validAccuracy": 82.25,
          "testAccuracy": NaN,
          "params": 1234,
          "trainSeconds": 3.5,
          "seed": -7046029254386353131,
          "sources": ["cifar10"]
        }""");
    FinalModel m = FinalModel.read(dir).orElseThrow();
    assertEquals(81.5, m.searchObjective());
    assertEquals(82.25, m.validAccuracy());
    assertTrue(Double.isNaN(m.testAccuracy()));
    assertEquals(3.5, m.trainSeconds());
    assertEquals(-7046029254386353131L, m.seed());
    assertEquals(List.of("cifar10"), m.sources());
  }
}
