package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.junit.jupiter.api.Test;

class TransferModelTest {
  static final TabularBenchmark NB201 = TabularBenchmark.nb201();

  static double tau(TransferModel u, SourceObservations truth, int n) {
    double[] p = new double[n];
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      p[i] = u.predict(truth.architectures().get(i * 7 % truth.size()));
      t[i] = truth.values()[i * 7 % truth.size()];
    }
    return Ranks.kendall(p, t);
  }

  @Test
  void sourcesPredictTheLeftOutTaskAndFitFast() {
    List<SourceObservations> sources =
        List.of(NB201.sourceObservations("cifar10", 200), NB201.sourceObservations("imagenet16", 200));
    TransferModel.fit(NB201.space(), sources, 1); // warm up the JIT
    long t0 = System.nanoTime();
    TransferModel u = TransferModel.fit(NB201.space(), sources, 2);
    double seconds = (System.nanoTime() - t0) / 1e9;
    assertTrue(seconds < 2.5, "fit on 2 x 15,625 took " + seconds + " s");
    assertEquals(31_250, u.observations());
    assertTrue(u.sourceFit() > 0.85, u.toString());
    double tau = tau(u, NB201.sourceObservations("cifar100", 200), 2000);
    assertTrue(tau > 0.7, "Kendall tau of u on cifar100 = " + tau);
    TransferModel one = TransferModel.fit(NB201.space(), sources.subList(0, 1), 2);
    assertEquals("cifar10", one.name());
    assertTrue(tau(one, NB201.sourceObservations("cifar100", 200), 2000) > 0.7);
    // the table of predictions equals computing them
    var a = NB201.space().of(3, 3, 3, 1, 3, 3);
    assertEquals(one.predict(a), one.predict(a), 0.0);
  }

  @Test
  void shuffledSourceIsNotTrusted() {
    TransferModel u = TransferModel.fit(NB201.space(), org.nas4j.bench.BenchSources.parse(NB201, "shuffled:cifar10", "cifar100", 200), 3);
    assertTrue(u.sourceFit() < 0.1, u.toString());
    assertTrue(Math.abs(tau(u, NB201.sourceObservations("cifar100", 200), 2000)) < 0.1);
  }

  /** Another op set and a synthetic pair of related tasks: the model is generic over spaces. */
  @Test
  void worksForAnotherOpSet() {
    CellSpace space = new CellSpace("tiny", List.of("a", "b", "c"));
    List<Architecture> all = space.enumerate().toList();
    SplittableRandom rng = new SplittableRandom(5);
    double[] effect = new double[space.positions() * 3];
    for (int i = 0; i < effect.length; i++) {
      effect[i] = rng.nextGaussian();
    }
    double[] source = new double[all.size()];
    double[] target = new double[all.size()];
    for (int i = 0; i < all.size(); i++) {
      double s = 0;
      for (int p = 0; p < space.positions(); p++) {
        s += effect[p * 3 + all.get(i).gene(p)];
      }
      source[i] = s + 0.3 * rng.nextGaussian();
      target[i] = 50 + 5 * s + rng.nextGaussian(); // other units
    }
    TransferModel u = TransferModel.fit(space, List.of(new SourceObservations("s", all, source)), 1);
    assertTrue(tau(u, new SourceObservations("t", all, target), all.size()) > 0.7, u.toString());
    assertTrue(u.features().hasPairs());
  }

  @Test
  void rejectsArchitecturesOfAnotherSpace() {
    CellSpace other = new CellSpace("other", List.of("a", "b"));
    List<Architecture> archs = new ArrayList<>(other.enumerate().limit(10).toList());
    SourceObservations s = new SourceObservations("x", archs, new double[10]);
    assertThrows(InputException.class, () -> TransferModel.fit(NB201.space(), List.of(s), 1));
    SourceObservations empty = new SourceObservations("y", List.of(), new double[0]);
    assertThrows(InputException.class, () -> TransferModel.fit(NB201.space(), List.of(empty), 1));
  }

  @Test
  void ranksAndCorrelations() {
    assertEquals(1.0, Ranks.kendall(new double[] {1, 2, 3}, new double[] {10, 20, 30}), 1e-12);
    assertEquals(-1.0, Ranks.spearman(new double[] {1, 2, 3}, new double[] {3, 2, 1}), 1e-12);
    double[] z = Ranks.normalScores(new double[] {5, 1, 3});
    assertTrue(z[1] < z[2] && z[2] < z[0] && Math.abs(z[2]) < 1e-9);
    assertEquals(1.959964, Ranks.inverseNormal(0.975), 1e-5);
  }
}
