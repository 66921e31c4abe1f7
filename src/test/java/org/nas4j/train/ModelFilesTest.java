package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;

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
      assertEquals(TrainerTest.CONV, loaded.network().architecture());
      assertEquals(r, loaded.result());
      assertEquals(TrainingProvenance.of(TrainerTest.small().withEpochs(1), d), loaded.provenance());
      assertEquals(List.of("a", "b", "c", "d"), loaded.classNames());
      assertArrayEquals(d.normalization().mean(), loaded.normalization().mean());
    }
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
