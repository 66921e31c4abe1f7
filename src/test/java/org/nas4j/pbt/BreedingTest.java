package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.pbt.space.LayerNetwork;
import org.nas4j.pbt.space.LayerSpace;
import org.nas4j.space.Architecture;

class BreedingTest {
  static final LayerSpace SPACE = new LayerSpace(2, 3);
  static final NetworkLayout LAYOUT = new NetworkLayout(a -> LayerNetwork.build(a, 8, new Shape(1, 8, 8), 3));

  /** A "trained" parent: fresh weights with a member-specific offset, and non-zero momentum. */
  static Breeding.Parent parent(int id, String arch) {
    Architecture a = SPACE.parse(arch);
    Weights w = LAYOUT.fresh(a, 1000 + id);
    Map<String, Weights.Tensor> t = new java.util.LinkedHashMap<>();
    Map<String, Weights.Tensor> m = new java.util.LinkedHashMap<>();
    for (var e : w.tensors().entrySet()) {
      float[] v = e.getValue().data().clone();
      float[] mv = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        v[i] += 0.01f * id + 0.001f * i; // distinct per member and per entry
        mv[i] = 0.5f + id;
      }
      t.put(e.getKey(), e.getValue().with(v));
      m.put(e.getKey(), e.getValue().with(mv));
    }
    return new Breeding.Parent(id, a, new Weights(t), new Weights(m));
  }

  static final Breeding.Parent BASE = parent(1, "conv_3x3,sep_conv_3x3,identity/residual_3x3,conv_5x5,max_pool_3x3");
  static final Breeding.Parent DONOR = parent(2, "dil_conv_3x3,sep_conv_3x3,conv_3x3/avg_pool_3x3,conv_3x3,conv_5x5");

  @Test
  void childGenesComeFromBothParentsAndWeightsFollowTheRule() {
    boolean[] mask = {true, true, false, false, false, true}; // gene 1: same op in both parents, still mixed
    long seed = 77;
    Breeding.Child c = Breeding.mix(BASE, DONOR, mask, 0.4, 0.1, PbtConfig.BnStats.RESET, seed, LAYOUT);
    assertEquals("dil_conv_3x3,sep_conv_3x3,identity/residual_3x3,conv_5x5,conv_5x5", c.architecture().toString());
    assertEquals(List.of(0, 1, 5), c.donorGenes());
    Weights fresh = LAYOUT.fresh(c.architecture(), seed);
    Map<String, Integer> genes = LAYOUT.genes(c.architecture());
    int donorTensors = 0;
    int baseTensors = 0;
    for (var e : c.weights().tensors().entrySet()) {
      String key = e.getKey();
      int g = genes.get(key);
      float[] got = e.getValue().data();
      if (g >= 0 && mask[g]) {
        float[] d = DONOR.weights().get(key).data();
        float[] f = fresh.get(key).data();
        Weights.Kind kind = e.getValue().kind();
        for (int i = 0; i < got.length; i++) {
          float want = kind == Weights.Kind.RUNNING_MEAN || kind == Weights.Kind.RUNNING_VAR
              ? f[i] : 0.4f * d[i] + 0.1f * f[i];
          assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(got[i]), key + "[" + i + "]");
        }
        assertFalse(c.momentum().has(key), "momentum of changed layer " + key + " must be reset");
        donorTensors++;
      } else {
        assertArrayEquals(BASE.weights().get(key).data(), got, "base tensor " + key + " must be copied exactly");
        if (e.getValue().kind() == Weights.Kind.WEIGHT) {
          assertArrayEquals(BASE.momentum().get(key).data(), c.momentum().get(key).data(), key);
        }
        baseTensors++;
      }
    }
    assertTrue(donorTensors >= 8 && baseTensors >= 8, donorTensors + " donor and " + baseTensors + " base tensors");
    // the fresh part really is the seeded initialisation: another seed gives other donor values
    Breeding.Child other = Breeding.mix(BASE, DONOR, mask, 0.4, 0.1, PbtConfig.BnStats.RESET, seed + 1, LAYOUT);
    String conv = "s0p0/02Conv2d_weight";
    assertFalse(java.util.Arrays.equals(c.weights().get(conv).data(), other.weights().get(conv).data()));
  }

  @Test
  void copyAndReinitAreTheEndsOfShrinkPerturb() {
    boolean[] mask = {true, false, false, false, false, false};
    String conv = "s0p0/02Conv2d_weight";
    Breeding.Child copy = Breeding.mix(BASE, DONOR, mask, 1, 0, PbtConfig.BnStats.MIX, 5, LAYOUT);
    assertArrayEquals(DONOR.weights().get(conv).data(), copy.weights().get(conv).data());
    assertArrayEquals(DONOR.weights().get("s0p0/03BatchNorm_runningVar").data(),
        copy.weights().get("s0p0/03BatchNorm_runningVar").data(), "MIX treats BN statistics like weights");
    Breeding.Child reinit = Breeding.mix(BASE, DONOR, mask, 0, 1, PbtConfig.BnStats.RESET, 5, LAYOUT);
    assertArrayEquals(LAYOUT.fresh(reinit.architecture(), 5).get(conv).data(), reinit.weights().get(conv).data());
  }

  @Test
  void donorMaskUsesTheProbability() {
    SplittableRandom rng = new SplittableRandom(3);
    int hits = 0;
    for (int i = 0; i < 4000; i++) {
      for (boolean b : Breeding.donorMask(6, 0.25, rng)) {
        hits += b ? 1 : 0;
      }
    }
    assertEquals(0.25, hits / 24000.0, 0.02);
  }

  @Test
  void mutationMakesCopiesNoiseAndGeneChanges() {
    Set<String> kinds = new HashSet<>();
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 30; i++) {
      Breeding.Child c = Breeding.mutate(BASE, 100 + i, LAYOUT, rng);
      kinds.add(c.kind());
      switch (c.kind()) {
        case "copy" -> assertEquals(BASE.weights().tensors().keySet(), c.weights().tensors().keySet());
        case "weight-noise" -> {
          assertEquals(BASE.architecture(), c.architecture());
          boolean differs = c.weights().tensors().keySet().stream()
              .anyMatch(k -> !java.util.Arrays.equals(BASE.weights().get(k).data(), c.weights().get(k).data()));
          assertTrue(differs, "weight noise changed nothing");
        }
        case "gene-mutation" -> {
          assertEquals(1, c.donorGenes().size());
          int g = c.donorGenes().get(0);
          assertNotEquals(BASE.architecture().gene(g), c.architecture().gene(g));
          Weights fresh = LAYOUT.fresh(c.architecture(), 100 + i);
          Map<String, Integer> genes = LAYOUT.genes(c.architecture());
          for (var e : c.weights().tensors().entrySet()) {
            float[] want = genes.get(e.getKey()) == g ? fresh.get(e.getKey()).data() : BASE.weights().get(e.getKey()).data();
            assertArrayEquals(want, e.getValue().data(), e.getKey());
          }
        }
        default -> throw new AssertionError(c.kind());
      }
    }
    assertEquals(Set.of("copy", "weight-noise", "gene-mutation"), kinds);
  }

  @Test
  void checkpointRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path f = dir.resolve("c.bin");
    new Checkpoint(BASE.weights(), BASE.momentum()).save(f);
    Checkpoint back = Checkpoint.load(f);
    for (String k : BASE.weights().tensors().keySet()) {
      assertArrayEquals(BASE.weights().get(k).data(), back.weights().get(k).data());
      assertEquals(BASE.weights().get(k).kind(), back.weights().get(k).kind());
    }
    assertEquals(BASE.momentum().tensors().keySet(), back.momentum().tensors().keySet());
  }
}
