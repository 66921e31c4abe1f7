package org.nas4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.NasnetSpace;
import org.nas4j.space.SearchSpace;

/**
 * Every registered optimizer (RS, REA, REINFORCE, NAO and their transfer variants) runs on the NASNet spaces through
 * the same code as on NAS-Bench-201: only the space differs. A cheap deterministic objective stands in for training.
 */
class NasnetOptimizersTest {
  /** Higher for more convolutions in the normal cell and fewer cell inputs read by later nodes: smooth and seeded. */
  static double objective(Architecture a) {
    NasnetSpace s = (NasnetSpace) a.space();
    double v = 50;
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      for (int j = 0; j < 2; j++) {
        String op = s.ops().get(a.gene(NasnetSpace.position(0, b, j, true)));
        v += op.contains("conv") ? 2 : 0;
        v += a.gene(NasnetSpace.position(0, b, j, false)) >= 2 ? 0.5 : 0;
      }
    }
    return v + (a.hashCode() & 0xff) / 256.0;
  }

  static List<SourceObservations> source(SearchSpace space) {
    SplittableRandom r = new SplittableRandom(9);
    List<Architecture> archs = new ArrayList<>();
    Set<Architecture> seen = new HashSet<>();
    while (archs.size() < 60) {
      Architecture a = space.sample(r);
      if (seen.add(a)) {
        archs.add(a);
      }
    }
    double[] v = archs.stream().mapToDouble(a -> objective(a) + 0.5 * Math.sin(a.hashCode())).toArray();
    return List.of(new SourceObservations("src", archs, v));
  }

  static List<Architecture> drive(Optimizer o, int n) {
    List<Architecture> asks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Architecture a = o.ask();
      asks.add(a);
      o.tell(a, objective(a));
    }
    return asks;
  }

  @Test
  void everyOptimizerAsksNewCanonicalArchitecturesOfTheNasnetSpace() {
    for (NasnetSpace space : List.of(NasnetSpace.NASNET, NasnetSpace.NASNET_WS)) {
      List<SourceObservations> sources = source(space);
      for (Optimizers.Entry e : Optimizers.all()) {
        long t0 = System.nanoTime();
        OptimizerContext ctx = new OptimizerContext(space, 3, e.base() != null ? sources : List.of());
        List<Architecture> asks = drive(e.create(ctx), 30);
        assertEquals(30, new HashSet<>(asks).size(), e.name() + " repeats itself on " + space.name());
        for (Architecture a : asks) {
          assertEquals(space, a.space(), e.name());
          assertEquals(a, space.parse(a.toString()), e.name() + ": canonical form");
        }
        System.out.printf("%s on %s: 30 asks in %.1f s, best %.2f%n", e.name(), space.name(),
            (System.nanoTime() - t0) / 1e9, asks.stream().mapToDouble(NasnetOptimizersTest::objective).max().orElseThrow());
      }
    }
  }

  @Test
  void sameSeedSameAsksOnTheNasnetSpace() {
    List<SourceObservations> sources = source(NasnetSpace.NASNET);
    for (String name : List.of("rea", "reinforce-xfer", "nao")) {
      OptimizerContext ctx = new OptimizerContext(NasnetSpace.NASNET, 7, sources);
      assertEquals(drive(Optimizers.create(name, ctx), 25), drive(Optimizers.create(name, ctx), 25), name);
    }
  }

  @Test
  void evolutionBeatsItsStartOnTheCheapObjective() {
    // REA's mutations work in the NASNet genes: after 150 asks its best beats the best of its 10 random ones
    List<Architecture> asks = drive(Optimizers.create("rea", OptimizerContext.of(NasnetSpace.NASNET, 1)), 150);
    double start = asks.subList(0, 10).stream().mapToDouble(NasnetOptimizersTest::objective).max().orElseThrow();
    double end = asks.stream().mapToDouble(NasnetOptimizersTest::objective).max().orElseThrow();
    assertTrue(end > start + 2, start + " -> " + end);
  }
}
