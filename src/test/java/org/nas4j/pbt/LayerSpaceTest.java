package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.pbt.space.LayerNetwork;
import org.nas4j.pbt.space.LayerSpace;
import org.nas4j.space.Architecture;

class LayerSpaceTest {
  final LayerSpace space = new LayerSpace(3, 2);

  @Test
  void canonicalStringRoundTrips() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 200; i++) {
      Architecture a = space.sample(rng);
      assertEquals(a, space.parse(a.toString()));
    }
    assertEquals("identity,conv_3x3/conv_5x5,sep_conv_3x3/dil_conv_3x3,residual_3x3",
        space.of(0, 1, 2, 3, 4, 5).toString());
    assertEquals(262_144, space.size());
  }

  @Test
  void badStringsAreInputErrors() {
    assertThrows(InputException.class, () -> space.parse("conv_3x3,conv_3x3/conv_3x3,conv_3x3"));
    assertThrows(InputException.class, () -> space.parse("conv_3x3/conv_3x3/conv_3x3"));
    InputException e = assertThrows(InputException.class, () -> space.parse("conv_7x7,identity/identity,identity/identity,identity"));
    assertTrue(e.getMessage().contains("conv_7x7"));
  }

  @Test
  void everyOpKeepsTheShapeSoAnyOpFitsAnyPosition() {
    // one network per op, that op at every position: the output is one logit per class, so every op maps
    // C -> C at the same resolution (a shape mismatch would throw in forward)
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      Autograd.inference();
      for (int op = 0; op < LayerSpace.OPS.size(); op++) {
        int[] g = new int[space.positions()];
        java.util.Arrays.fill(g, op);
        GeneNetwork net = LayerNetwork.build(space.of(g), 4, new Shape(1, 12, 12), 5);
        net.initialize(m);
        NDArray out = net.block().forward(new ParameterStore(m, false), new NDList(m.randomNormal(new Shape(2, 1, 12, 12))), false)
            .singletonOrThrow();
        assertEquals(new Shape(2, 5), out.getShape(), LayerSpace.OPS.get(op));
        long geneParams = net.parameters().keySet().stream().filter(k -> net.geneOf(k) >= 0).count();
        boolean weightless = LayerSpace.OPS.get(op).equals("identity") || LayerSpace.OPS.get(op).endsWith("pool_3x3");
        assertEquals(weightless, geneParams == 0, LayerSpace.OPS.get(op));
      }
    }
  }
}
