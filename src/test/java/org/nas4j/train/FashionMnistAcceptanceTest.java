package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;

/** The check: one epoch on 10,000 Fashion-MNIST images reaches test accuracy 0.80 (minutes on 2 cores). */
@Tag("slow")
class FashionMnistAcceptanceTest {
  @Test
  void oneEpochOnTenThousandImagesReachesEightyPercent() {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    DataSplit data = DataSplit.load("fashion-mnist", DataOptions.defaults().withTrainLimit(10_000).withSeed(0));
    TrainResult r = new Trainer(TrainConfig.defaults().withSeed(0)).train(TrainerTest.CONV, data, null);
    assertTrue(r.testAccuracy() >= 0.80, "test accuracy " + r.testAccuracy());
    assertTrue(r.validAccuracy() >= 0.78, "valid accuracy " + r.validAccuracy());
  }
}
