package org.nas4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.data.ImageSet;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

class TrainerTest {
  static final Architecture CONV = CellSpace.NB201.parse(
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  static final Architecture NONE = CellSpace.NB201.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");

  /** 8x8 grey images of 4 classes: a bright 3x3 square in one quadrant, on noise. */
  static ImageSet blobs(int n, long seed, String name) {
    SplittableRandom r = new SplittableRandom(seed);
    byte[] px = new byte[n * 64];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = r.nextInt(4);
      labels[i] = c;
      for (int p = 0; p < 64; p++) {
        px[i * 64 + p] = (byte) r.nextInt(90);
      }
      int y0 = (c / 2) * 4 + r.nextInt(2);
      int x0 = (c % 2) * 4 + r.nextInt(2);
      for (int y = y0; y < y0 + 3; y++) {
        for (int x = x0; x < x0 + 3; x++) {
          px[i * 64 + y * 8 + x] = (byte) (150 + r.nextInt(100));
        }
      }
    }
    return new ImageSet(name, px, labels, 8, 8, 1, List.of("a", "b", "c", "d"));
  }

  static TrainData data() {
    return TrainData.of("blobs", blobs(512, 1, "train"), blobs(256, 2, "valid"), blobs(256, 3, "test"));
  }

  static TrainConfig small() {
    return TrainConfig.defaults().withNetwork(8, 1).withBatchSize(32).withEpochs(2).withLearningRate(0.05).withSeed(5);
  }

  @Test
  void trainingLearnsFarAboveChance() {
    TrainResult r = new Trainer(small()).train(CONV, data(), null);
    assertTrue(r.validAccuracy() > 0.85, "valid " + r.validAccuracy());
    assertTrue(r.testAccuracy() > 0.85, "test " + r.testAccuracy());
    assertTrue(r.trainSeconds() > 0 && r.params() > 0 && r.flops() > 0);
    assertEquals(CONV.toString(), r.architecture());
  }

  @Test
  void sameSeedSameResultOtherSeedOtherResult() {
    TrainData d = data();
    TrainResult a = new Trainer(small()).train(CONV, d, null);
    TrainResult b = new Trainer(small()).train(CONV, d, null);
    TrainResult c = new Trainer(small().withSeed(6)).train(CONV, d, null);
    assertEquals(a.finalLoss(), b.finalLoss());
    assertEquals(a.validAccuracy(), b.validAccuracy());
    assertEquals(a.testAccuracy(), b.testAccuracy());
    assertTrue(a.finalLoss() != c.finalLoss());
  }

  @Test
  void allNoneCellTrainsAtChance() {
    TrainResult r = new Trainer(small()).train(NONE, data(), null);
    assertTrue(r.validAccuracy() < 0.4, "valid " + r.validAccuracy());
    assertEquals(CellNetworkCounts.ALL_NONE_8_1, r.params());
  }

  @Test
  void nanLossFailsWithAMessage() {
    TrainConfig wild = small().withLearningRate(1e30);
    TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(wild).train(CONV, data(), null));
    assertTrue(e.getMessage().contains("loss became"), e.getMessage());
  }

  @Test
  void progressIsReportedForEveryBatch() {
    int[] calls = new int[1];
    new Trainer(small().withEpochs(1)).train(CONV, data(), p -> {
      calls[0]++;
      assertEquals(16, p.batches());
      assertTrue(p.imagesPerSecond() > 0);
    });
    assertEquals(16, calls[0]);
  }

  /** Parameter counts worked out by hand for C=8, N=1, 1 input channel, 4 classes. */
  static final class CellNetworkCounts {
    // stem 1*8*9+16; reductions 8->16: 9*8*16+32+9*16*16+32+8*16 = 3648, 16->32: 9*16*32+64+9*32*32+64+16*32 = 14464;
    // head 2*32 + 32*4 + 4
    static final long ALL_NONE_8_1 = 88 + 3648 + 14464 + 64 + 128 + 4;
  }
}
