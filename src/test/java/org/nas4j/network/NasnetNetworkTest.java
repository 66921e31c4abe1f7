package org.nas4j.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.NasnetSpace;

class NasnetNetworkTest {
  static final String ALL_1X1 = "normal:conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1"
      + "|conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1;reduce:conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1"
      + "|conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1|conv_1x1~0+conv_1x1~1";

  /**
   * Counted on paper: F = 2, N = 0 (just the two reduction cells), 1x8x8 input, 2 classes, every branch a 1x1
   * ReLU-Conv-BN on a cell input, so every node is concatenated.
   * stem 1*6*9 + 2*6 = 66; cell 0 (C = 4, inputs 6 and 6): pre0 6*4+8 = 32, pre1 32, ten convs 4*4+8 = 24 each,
   * 304 in all, output 5*4 = 20 channels; cell 1 (C = 8, inputs 6 at twice the resolution and 20): pre0 a
   * factorized reduction 2*(6*4) + 16 = 64, pre1 20*8+16 = 176, ten convs 8*8+16 = 80 each, 1040 in all, output
   * 40 channels; classifier 40*2+2 = 82. Total 66 + 304 + 1040 + 82 = 1492.
   */
  @Test
  void paperCountOfATinyNetwork() {
    Architecture a = NasnetSpace.NASNET.parse(ALL_1X1);
    NasnetNetwork net = NasnetNetwork.build(a, new NetworkConfig(2, 0, 1, 8, 8, 2), NetworkOptions.NONE);
    assertEquals(1492, net.parameterCount());
    assertEquals(1492, held(net));
  }

  /** An independent count from the cell's definition (NAO's model.py), for any architecture and size. */
  static long handCount(Architecture a, int f, int n, int inCh, int side, int classes, boolean aux) {
    List<String> ops = ((NasnetSpace) a.space()).ops();
    long total = (long) inCh * 3 * f * 9 + 2L * 3 * f; // stem: 3x3 conv to 3F, BN
    long pp = 3L * f;
    long p = 3L * f;
    long c = f;
    boolean reductionPrev = false;
    for (int i = 0; i < 3 * n + 2; i++) {
      boolean red = i == n || i == 2 * n + 1;
      int cell = red ? 1 : 0;
      if (red) {
        c *= 2;
        side /= 2;
      }
      total += reductionPrev ? 2 * (pp * (c / 2)) + 2 * c : pp * c + 2 * c; // first input to C
      total += p * c + 2 * c; // second input to C
      boolean[] read = new boolean[5];
      for (int b = 0; b < 5; b++) {
        for (int j = 0; j < 2; j++) {
          int in = a.gene(NasnetSpace.position(cell, b, j, false));
          String op = ops.get(a.gene(NasnetSpace.position(cell, b, j, true)));
          boolean stride2 = red && in < 2;
          if (in >= 2) {
            read[in - 2] = true;
          }
          total += switch (op) {
            case "identity" -> stride2 ? c * c + 2 * c : 0; // a factorized reduction when it must halve
            case "conv_1x1" -> c * c + 2 * c;
            case "conv_3x3" -> 9 * c * c + 2 * c;
            case "conv_1x3_3x1" -> 2 * (3 * c * c + 2 * c);
            case "conv_1x7_7x1" -> 2 * (7 * c * c + 2 * c);
            case "sep_conv_3x3" -> 2 * (9 * c + c * c + 2 * c);
            case "sep_conv_5x5" -> 2 * (25 * c + c * c + 2 * c);
            default -> 0; // pooling
          };
        }
      }
      int concat = 0;
      for (boolean r : read) {
        concat += r ? 0 : 1;
      }
      pp = p;
      p = concat * c;
      reductionPrev = red;
      if (aux && i == 2 * n + 1) {
        long pooled = (side - Math.min(5, side)) / 3 + 1;
        total += p * 128 + 2 * 128 + 128 * 768 * pooled * pooled + 2 * 768 + 768L * classes + classes;
      }
    }
    return total + p * classes + classes;
  }

  /** Trainable values the built network really holds. */
  static long held(NasnetNetwork net) {
    Engines.pytorch();
    Autograd.inference();
    try (NDManager m = Engines.newManager()) {
      net.initialize(m, 1);
      long n = 0;
      for (Pair<String, Parameter> p : net.getParameters()) {
        if (p.getValue().requiresGradient()) {
          n += p.getValue().getArray().size();
        }
      }
      return n;
    }
  }

  @Test
  void builtNetworksHoldTheHandCountedParameters() {
    SplittableRandom r = new SplittableRandom(7);
    List<Architecture> archs = new ArrayList<>(List.of(NasnetSpace.NASNET.parse(ALL_1X1)));
    for (int i = 0; i < 4; i++) {
      archs.add(NasnetSpace.NASNET.sample(r));
      archs.add(NasnetSpace.NASNET_WS.sample(r));
    }
    for (Architecture a : archs) {
      for (int[] size : new int[][] {{8, 1, 1, 28, 10, 0}, {6, 2, 3, 32, 10, 1}}) {
        boolean aux = size[5] == 1;
        NasnetNetwork net = NasnetNetwork.build(a, new NetworkConfig(size[0], size[1], size[2], size[3], size[3], size[4]),
            aux ? new NetworkOptions(0.2, 0.4) : NetworkOptions.NONE);
        long hand = handCount(a, size[0], size[1], size[2], size[3], size[4], aux);
        assertEquals(hand, net.parameterCount(), a + " " + java.util.Arrays.toString(size));
        assertEquals(hand, held(net), a + " " + java.util.Arrays.toString(size));
      }
    }
  }

  /** NAO's final CIFAR networks (N = 6, F = 36 and F = 128, auxiliary head) build, counted by hand. */
  @Test
  void thePapersSizesBuild() {
    Architecture a = NasnetSpace.NASNET.sample(new SplittableRandom(13));
    for (int f : new int[] {36, 128}) {
      NasnetNetwork net = NasnetNetwork.build(a, new NetworkConfig(f, 6, 3, 32, 32, 10), new NetworkOptions(0.3, 0.4));
      assertEquals(handCount(a, f, 6, 3, 32, 10, true), net.parameterCount(), "F=" + f);
      System.out.printf("N=6 F=%d: %,d parameters, %,d multiply-accumulates per 32x32 image%n", f, net.parameterCount(),
          net.flops());
    }
  }

  @Test
  void forwardGivesLogitsAndInTrainingTheAuxiliaryLogits() {
    Architecture a = NasnetSpace.NASNET.sample(new SplittableRandom(11));
    NasnetNetwork net = NasnetNetwork.build(a, new NetworkConfig(4, 1, 1, 28, 28, 10), new NetworkOptions(0.3, 0.4));
    Engines.pytorch();
    Autograd.inference();
    try (NDManager m = Engines.newManager()) {
      net.initialize(m, 3);
      net.trainingProgress(1);
      ParameterStore ps = new ParameterStore(m, false);
      try (NDManager b = m.newSubManager()) {
        NDList eval = net.forward(ps, new NDList(b.randomNormal(new Shape(5, 1, 28, 28))), false);
        assertEquals(1, eval.size());
        assertEquals(new Shape(5, 10), eval.get(0).getShape());
        NDList train = net.forward(ps, new NDList(b.randomNormal(new Shape(5, 1, 28, 28))), true);
        assertEquals(2, train.size());
        assertEquals(new Shape(5, 10), train.get(1).getShape());
      }
    }
    assertEquals(0.4, net.auxiliaryWeight());
  }

  @Test
  void otherSpacesAndOddWidthsAreRefused() {
    Architecture cell = CellSpace.NB201.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
    assertThrows(InputException.class, () -> NasnetNetwork.build(cell, new NetworkConfig(8, 1, 1, 28, 28, 10), NetworkOptions.NONE));
    Architecture a = NasnetSpace.NASNET.parse(ALL_1X1);
    assertThrows(InputException.class, () -> NasnetNetwork.build(a, new NetworkConfig(7, 1, 1, 28, 28, 10), NetworkOptions.NONE));
  }
}
