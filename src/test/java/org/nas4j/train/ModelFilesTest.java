package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;
import org.nas4j.util.Json;

class ModelFilesTest {
  @TempDir Path dir;

  @Test
  void savedModelPredictsExactlyAsTheTrainedOne() throws Exception {
    TrainData d = TrainerTest.data();
    int[] before;
    TrainResult r;
    try (TrainedModel m = new Trainer(TrainerTest.small().withEpochs(1)).fit(TrainerTest.CONV, d, null)) {
      before = m.predict(d.test());
      r = m.result();
      ModelFiles.save(dir, m);
    }
    try (TrainedModel loaded = ModelFiles.load(dir)) {
      assertArrayEquals(before, loaded.predict(d.test()));
      assertEquals(TrainerTest.CONV, loaded.architecture());
      assertEquals(r, loaded.result());
      assertEquals(TrainingProvenance.of(TrainerTest.small().withEpochs(1), d), loaded.provenance());
      assertEquals(List.of("a", "b", "c", "d"), loaded.classNames());
      assertArrayEquals(d.normalization().mean(), loaded.normalization().mean());
      assertEquals(TrainerTest.small().withEpochs(1), loaded.config(), "the recipe comes back from the provenance");
    }
    Map<?, ?> train = (Map<?, ?>) ModelFiles.describe(dir).get("train");
    assertEquals(Set.of("seed", "eval_batch_size"), train.keySet(), "the recipe is written once, in the provenance");
  }

  @Test
  void aFolderSavedBeforeProvenanceKeepsItsRecipeInTheTrainSection() throws Exception {
    TrainConfig cfg = TrainerTest.small().withEpochs(1).withLearningRate(0.05);
    int[] before;
    try (TrainedModel m = new Trainer(cfg).fit(TrainerTest.CONV, TrainerTest.data(), null)) {
      before = m.predict(TrainerTest.data().test());
      ModelFiles.save(dir, m);
    }
    // the older format: no provenance, the epochs and recipe in "train"
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) ModelFiles.describe(dir);
    m.remove(ModelFiles.PROVENANCE);
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("epochs", 1);
    train.putAll(cfg.recipe().describe());
    train.putAll((Map<String, Object>) m.get("train"));
    m.put("train", train);
    Files.writeString(dir.resolve(ModelFiles.MODEL_JSON), Json.write(m));
    try (TrainedModel loaded = ModelFiles.load(dir)) {
      assertEquals(cfg, loaded.config());
      assertNull(loaded.provenance());
      assertArrayEquals(before, loaded.predict(TrainerTest.data().test()));
      ModelFiles.save(dir.resolve("again"), loaded);
    }
    assertEquals(Json.write(train), Json.write(ModelFiles.describe(dir.resolve("again")).get("train")),
        "without a provenance the recipe stays in the train section");
  }

  @Test
  void missingOrDamagedModelIsAnInputError() throws Exception {
    assertThrows(InputException.class, () -> ModelFiles.load(dir.resolve("nothing")));
    try (TrainedModel m = new Trainer(TrainerTest.small().withEpochs(1)).fit(TrainerTest.CONV, TrainerTest.data(), null)) {
      ModelFiles.save(dir, m);
    }
    Path w = dir.resolve(ModelFiles.WEIGHTS);
    byte[] bytes = Files.readAllBytes(w);
    Files.write(w, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    InputException e = assertThrows(InputException.class, () -> ModelFiles.load(dir));
    assertTrue(e.getMessage().contains("weights"), e.getMessage());
    Files.writeString(dir.resolve(ModelFiles.MODEL_JSON), "{\"format\": \"something else\"}");
    assertThrows(InputException.class, () -> ModelFiles.load(dir));
  }
}
