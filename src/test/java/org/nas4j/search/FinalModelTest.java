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
    assertEquals(0.8225, m.validAccuracy(), 1e-12, "older files kept accuracies in %");
    assertTrue(Double.isNaN(m.testAccuracy()));
    assertEquals(3.5, m.trainSeconds());
    assertEquals(-7046029254386353131L, m.seed());
    assertEquals(List.of("cifar10"), m.sources());
  }

  @Test
  void accuraciesAreFractionsAndRoundTrip(@TempDir Path dir) throws IOException {
    FinalModel m = new FinalModel(dir, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", "digits", 1, 81.5, 0.8225,
        0.81, 10, 2.0, 3, List.of());
    Files.writeString(dir.resolve(FinalModel.FILE), org.nas4j.util.Json.write(m.fields()));
    assertTrue(Files.readString(dir.resolve(FinalModel.FILE)).contains("\"format\": 2"));
    FinalModel back = FinalModel.read(dir).orElseThrow();
    assertEquals(0.8225, back.validAccuracy());
    assertEquals(0.81, back.testAccuracy());
  }
}
