package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.util.Json;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainedModel;

class TrainCommandTest {
  static final String ARCH = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

  @TempDir Path dir;


  @Test
  void trainsDigitsAndWritesTheJsonSummaryAndTheModel() throws Exception {
    Path json = dir.resolve("r.json");
    Path model = dir.resolve("model");
    CliRun r = CliRun.of("train", "--arch", ARCH, "--data", "digits", "--epochs", "2", "--channels", "8", "--cells", "1",
        "--batch-size", "32", "--seed", "4", "--json", json.toString(), "--save", model.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("test accuracy"), r.out());
    assertTrue(r.err().contains("img/s"), r.err());
    Map<?, ?> m = (Map<?, ?>) Json.parse(Files.readString(json));
    for (String k : new String[] {"arch", "valid_accuracy", "test_accuracy", "params", "flops", "train_seconds", "seed"}) {
      assertTrue(m.containsKey(k), "json lacks " + k + ": " + m);
    }
    assertEquals(ARCH, m.get("arch"));
    assertEquals(4L, m.get("seed"));
    double test = ((Number) m.get("test_accuracy")).doubleValue();
    assertTrue(test > 0.5 && test <= 1.0, "test accuracy is a fraction well above chance: " + test);
    try (TrainedModel loaded = ModelFiles.load(model)) {
      assertEquals(ARCH, loaded.architecture().toString());
    }
  }

  @Test
  void aModelThatCannotBeSavedWhereAskedIsSavedInATemporaryFolderAndSaysWhere() throws Exception {
    Path model = dir.resolve("model");
    CliRun.of("train", "--arch", ARCH, "--data", "digits", "--channels", "4", "--cells", "1", "--train-limit", "200",
        "--quiet", "--save", model.toString()).expect(0);
    Path unwritable = Path.of("/proc/nas4j-model"); // the check before training passed, then writing failed
    try (TrainedModel trained = ModelFiles.load(model)) {
      TrainCommand.Saved saved = TrainCommand.save(unwritable, trained);
      try {
        assertTrue(saved.failure().startsWith("could not save the model in " + unwritable), saved.failure());
        assertTrue(saved.failure().contains("it is saved in " + saved.dir() + " instead"), saved.failure());
        try (TrainedModel back = ModelFiles.load(saved.dir())) {
          assertEquals(ARCH, back.architecture().toString());
        }
      } finally {
        for (String f : new String[] {ModelFiles.MODEL_JSON, ModelFiles.WEIGHTS, ""}) {
          Files.deleteIfExists(saved.dir().resolve(f));
        }
      }
    }
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    String unknownOp = "|nor_conv_5x5~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    String fiveEdges = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|";
    for (String[] args : new String[][] {
        {"train", "--arch", unknownOp, "--data", "digits"},
        {"train", "--arch", fiveEdges, "--data", "digits"},
        {"train", "--arch", ARCH, "--data", "fashion-mnist:" + dir.resolve("missing")},
        {"train", "--arch", ARCH, "--data", "digits", "--epochs", "0"},
    }) {
      CliRun r = CliRun.of(args);
      assertEquals(2, r.status(), String.join(" ", args) + "\n" + r.err());
      String[] lines = r.err().strip().split("\n");
      assertEquals(1, lines.length, r.err());
      assertTrue(lines[0].startsWith("nas4j: error: "), lines[0]);
    }
  }

  @Test
  void helpWorks() {
    CliRun r = CliRun.of("train", "--help");
    assertEquals(0, r.status());
    assertTrue(r.out().contains("--train-limit"), r.out());
  }
}
