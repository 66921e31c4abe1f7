package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.data.Loader;
import org.nas4j.network.NetworkConfig;
import org.nas4j.pbt.space.CellGenes;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.train.Recipe;

/** PBT-NAS mixing on NAS-Bench-201 cells: each edge a gene. */
class CellGenesTest {
  static final NetworkConfig NET = new NetworkConfig(4, 1, 1, 8, 8, 10);
  static final NetworkLayout LAYOUT = new NetworkLayout(a -> CellGenes.build(a, NET));

  @Test
  void edgesAreGenesAndMixingFollowsTheRule() {
    Architecture base = CellSpace.NB201.parse(
        "|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
    Architecture donor = CellSpace.NB201.parse(
        "|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_1x1~2|");
    Map<String, Integer> genes = LAYOUT.genes(base);
    // conv edges 0, 1, 4, 5 own parameters in each of the 3 cells; stem, reductions and head are fixed
    assertTrue(genes.entrySet().stream().anyMatch(e -> e.getValue() == 0 && e.getKey().startsWith("s2c0_e0_")), genes.toString());
    assertEquals(java.util.Set.of(-1, 0, 1, 4, 5), new java.util.HashSet<>(genes.values()));
    Breeding.Parent a = new Breeding.Parent(1, base, LAYOUT.fresh(base, 1), new Weights(Map.of()));
    Breeding.Parent b = new Breeding.Parent(2, donor, LAYOUT.fresh(donor, 2), new Weights(Map.of()));
    boolean[] mask = {false, false, true, false, false, true}; // edges 2->1 (skip -> conv3) and 3<-2 (conv3 -> conv1)
    Breeding.Child c = Breeding.mix(a, b, mask, 0.4, 0.1, PbtConfig.BnStats.RESET, 9, LAYOUT);
    assertEquals("|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|nor_conv_1x1~2|",
        c.architecture().toString());
    Weights fresh = LAYOUT.fresh(c.architecture(), 9);
    Map<String, Integer> childGenes = LAYOUT.genes(c.architecture());
    int mixed = 0;
    for (var e : c.weights().tensors().entrySet()) {
      int g = childGenes.get(e.getKey());
      if (g >= 0 && mask[g]) {
        if (e.getValue().kind() == Weights.Kind.WEIGHT) {
          float[] d = b.weights().get(e.getKey()).data();
          float[] f = fresh.get(e.getKey()).data();
          for (int i = 0; i < d.length; i++) {
            assertEquals(0.4f * d[i] + 0.1f * f[i], e.getValue().data()[i]);
          }
          mixed++;
        }
      } else {
        assertArrayEquals(a.weights().get(e.getKey()).data(), e.getValue().data(), e.getKey());
      }
    }
    assertEquals(6, mixed, "two mixed conv edges in each of 3 cells");
  }

  @Test
  void aMixedCellChildTrains() {
    DataSplit d = DataSplit.load("digits", DataOptions.defaults().withSeed(3).withTrainLimit(256).withValidLimit(100));
    Loader train = d.trainLoader(32);
    Loader valid = d.evalLoader(d.valid(), 100);
    Architecture base = CellSpace.NB201.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
    Architecture donor = CellSpace.NB201.parse("|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_1x1~2|");
    MemberTrainer t = new MemberTrainer(a -> CellGenes.build(a, NET), new Recipe(32, 0.05, 0.9, 5e-4, true, true),
        train, valid, 16);
    MemberTrainer.Result ra = t.train(base, LAYOUT.fresh(base, 1), new Weights(Map.of()), 1, 0, 8);
    MemberTrainer.Result rb = t.train(donor, LAYOUT.fresh(donor, 2), new Weights(Map.of()), 2, 0, 8);
    Breeding.Child c = Breeding.mix(new Breeding.Parent(1, base, ra.weights(), ra.momentum()),
        new Breeding.Parent(2, donor, rb.weights(), rb.momentum()), new boolean[] {true, false, true, false, true, false},
        0.4, 0.1, PbtConfig.BnStats.RESET, 5, LAYOUT);
    MemberTrainer.Result rc = t.train(c.architecture(), c.weights(), c.momentum(), 5, 8, 16);
    assertTrue(Double.isFinite(rc.trainLoss()) && rc.validAccuracy() > 0.1, "child trains: " + rc);
  }

  @Test
  void aDivergingMemberKeepsItsStartWithFitnessZero() {
    DataSplit d = DataSplit.load("digits", DataOptions.defaults().withSeed(3).withTrainLimit(256).withValidLimit(100));
    Architecture a = CellSpace.NB201.parse("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|");
    MemberTrainer t = new MemberTrainer(x -> CellGenes.build(x, NET), new Recipe(32, 1e30, 0.9, 5e-4, true, true),
        d.trainLoader(32), d.evalLoader(d.valid(), 100), 8);
    Weights start = LAYOUT.fresh(a, 1);
    MemberTrainer.Result r = t.train(a, start, new Weights(Map.of()), 1, 0, 8);
    assertTrue(r.diverged() != null && r.diverged().contains("loss became"), "diverged: " + r.diverged());
    assertEquals(0, r.validAccuracy());
    assertEquals(start, r.weights());
  }
}
