package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrentTrainingTest {
  @Test
  void twoThreadsTrainingAtOnceGetWhatEachGetsAlone() throws Exception {
    TrainData d = TrainerTest.data();
    TrainConfig a = TrainerTest.small().withEpochs(1).withSeed(21);
    TrainConfig b = TrainerTest.small().withEpochs(1).withSeed(22);
    TrainResult aloneA = new Trainer(a).train(TrainerTest.CONV, d, null);
    TrainResult aloneB = new Trainer(b).train(TrainerTest.NONE, d, null);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 2; round++) {
        List<Future<TrainResult>> f = List.of(
            pool.submit(() -> new Trainer(a).train(TrainerTest.CONV, d, null)),
            pool.submit(() -> new Trainer(b).train(TrainerTest.NONE, d, null)));
        TrainResult ra = f.get(0).get();
        TrainResult rb = f.get(1).get();
        assertEquals(aloneA.finalLoss(), ra.finalLoss());
        assertEquals(aloneA.validAccuracy(), ra.validAccuracy());
        assertEquals(aloneB.finalLoss(), rb.finalLoss());
        assertEquals(aloneB.testAccuracy(), rb.testAccuracy());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
