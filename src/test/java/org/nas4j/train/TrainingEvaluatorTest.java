package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Provenance;
import org.nas4j.evaluate.Status;

class TrainingEvaluatorTest {
  @Test
  void digitsTrainingRisesWellAboveChanceAndReportsEverything() {
    DataSplit digits = DataSplit.load("digits", DataOptions.defaults().withSeed(3));
    TrainingEvaluator ev = new TrainingEvaluator(digits, TrainConfig.defaults().withNetwork(8, 1).withBatchSize(32));
    Evaluation e = ev.evaluate(TrainerTest.CONV, 3, 11);
    assertEquals(Status.COMPLETE, e.status(), e.error());
    assertTrue(e.objective() > 60, "valid accuracy % " + e.objective()); // chance is 10%
    assertEquals(e.objective(), e.metric("valid_accuracy"));
    assertTrue(e.metric("test_accuracy") > 60, "test " + e.metric("test_accuracy"));
    assertTrue(e.metric("train_seconds") > 0 && e.costSeconds() == e.metric("train_seconds"));
    assertEquals(3, e.fidelity());
    assertEquals(11, e.seed());
    assertTrue(e.params() > 0);
    Provenance p = e.provenance();
    assertEquals("0.1", p.recipe().get("learning_rate"));
    assertEquals("0.9", p.recipe().get("momentum"));
    assertEquals("5.0E-4", p.recipe().get("weight_decay"));
    assertEquals("true", p.recipe().get("nesterov"));
    assertEquals("true", p.recipe().get("cosine"));
    assertEquals("32", p.recipe().get("batch_size"));
    assertEquals("3", p.recipe().get("epochs"), "the fidelity's epochs, not the base recipe's");
    assertEquals("none", p.recipe().get("augmentation"));
    assertEquals("2.7.1", p.libtorch());
    assertEquals("cpu()", p.device());
    assertTrue(p.djl().matches("0\\.\\d+\\.\\d+"), p.djl());
  }

  @Test
  void divergingTrainingIsAFailedEvaluationWithTheReason() {
    TrainingEvaluator ev = new TrainingEvaluator(TrainerTest.data(), TrainerTest.small().withLearningRate(1e30));
    Evaluation e = ev.evaluate(TrainerTest.CONV, 1, 1);
    assertEquals(Status.FAILED, e.status());
    assertTrue(e.error().contains("loss became"), e.error());
    assertEquals("1.0E30", e.provenance().recipe().get("learning_rate"), "a failure records the recipe too");
  }
}
