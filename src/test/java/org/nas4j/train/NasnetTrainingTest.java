package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.network.NetworkOptions;
import org.nas4j.space.Architecture;
import org.nas4j.space.NasnetSpace;

/** Sampled NASNet cells build and really train on Fashion-MNIST, with drop-path, auxiliary head and cutout. */
class NasnetTrainingTest {
  @Test
  void sampledCellsLearnFashionMnistFarAboveChance() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    DataSplit data = DataSplit.load("fashion-mnist", DataOptions.defaults().withTrainLimit(1500).withValidLimit(500)
        .withTestLimit(500).withSeed(0).withAugmentation(new org.nas4j.data.Augmentation(0, false, 8)));
    // N = 1, F = 8: the CPU size; NAO's regularisers on, so their code paths train too
    TrainConfig config = TrainConfig.defaults().withNetwork(8, 1).withBatchSize(32).withLearningRate(0.05)
        .withSeed(1).withOptions(new NetworkOptions(0.2, 0.4));
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < 2; i++) {
      Architecture a = NasnetSpace.NASNET.sample(r);
      try (TrainedModel m = new Trainer(config).fit(a, TrainData.from(data), null)) {
        TrainResult res = m.result();
        assertTrue(res.validAccuracy() > 0.4, a + ": valid " + res.validAccuracy() + " (chance 0.1)");
        assertTrue(res.params() > 0 && res.flops() > 0);
        // the saved model reloads as the same network and predicts the same
        Path dir = Files.createTempDirectory("nasnet-model");
        ModelFiles.save(dir, m);
        try (TrainedModel back = ModelFiles.load(dir)) {
          assertEquals(a, back.architecture());
          assertEquals(res.validAccuracy(), back.accuracy(data.valid()));
        }
        System.out.printf("nasnet %s: valid %.3f test %.3f params %d, %.1f s%n", a, res.validAccuracy(),
            res.testAccuracy(), res.params(), res.trainSeconds());
      }
    }
  }
}
