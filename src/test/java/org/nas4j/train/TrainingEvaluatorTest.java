package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.evaluate.Evaluation;
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
  }

  @Test
  void divergingTrainingIsAFailedEvaluationWithTheReason() {
    TrainingEvaluator ev = new TrainingEvaluator(TrainerTest.data(), TrainerTest.small().withLearningRate(1e30));
    Evaluation e = ev.evaluate(TrainerTest.CONV, 1, 1);
    assertEquals(Status.FAILED, e.status());
    assertTrue(e.error().contains("loss became"), e.error());
  }
}
