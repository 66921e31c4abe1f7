package org.nas4j.optimize.nao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.OptimizerContract;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/** NAO and XferNAO keep the ask/tell contract; without sources XferNAO is NAO. */
class NaoTest {

  @Test
  void naoKeepsTheOptimizerContract() {
    OptimizerContract.check(Nao::create);
  }

  @Test
  void xferNaoKeepsTheOptimizerContract() {
    var sources = BenchSources.parse(TabularBenchmark.nb201(), "cifar10,imagenet16", "cifar100", 12);
    OptimizerContract.check(Optimizers.get("xfernao")::create, sources);
  }

  @Test
  void registeredByName() {
    OptimizerContext ctx = OptimizerContext.of(CellSpace.NB201, 1);
    assertEquals("nao", Optimizers.create("nao", ctx).name());
    assertEquals("xfernao", Optimizers.create("xfernao", ctx).name());
  }

  private static List<Architecture> drive(Optimizer o, int n) {
    TabularBenchmark b = TabularBenchmark.nb201();
    List<Architecture> asks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Architecture a = o.ask();
      asks.add(a);
      o.tell(a, b.value(a, "cifar100_valid12"));
    }
    return asks;
  }

  @Test
  void xferNaoWithoutSourceEvaluationsIsNao() {
    OptimizerContext none = OptimizerContext.of(CellSpace.NB201, 5);
    OptimizerContext empty = none.withSources(List.of(
        new SourceObservations("cifar10", List.of(), new double[0])));
    List<Architecture> nao = drive(Nao.create(none), 40);
    assertEquals(nao, drive(xfer(none), 40));
    assertEquals(nao, drive(xfer(empty), 40));
    // a source the predictor does not trust (it cannot predict its own held-out data) is no source either
    var shuffled = BenchSources.parse(TabularBenchmark.nb201(), "shuffled:cifar10", "cifar100", 12);
    assertEquals(nao, drive(xfer(none.withSources(shuffled)), 40));
    // and the sources do change XferNAO (so the equality above is not vacuous)
    var sources = BenchSources.parse(TabularBenchmark.nb201(), "cifar10", "cifar100", 12);
    assertNotEquals(nao, drive(xfer(none.withSources(sources)), 40));
  }

  @Test
  void xferNaoWithoutSourcesHasNaosPredictor() {
    OptimizerContext ctx = OptimizerContext.of(CellSpace.NB201, 9);
    Nao plain = Nao.create(ctx);
    Nao xfer = xfer(ctx);
    drive(plain, 30);
    drive(xfer, 30);
    assertEquals(0, xfer.model().heads.length, "no transfer heads without sources");
    for (Architecture a : List.of(CellSpace.NB201.of(3, 3, 3, 1, 3, 3), CellSpace.NB201.of(0, 1, 2, 4, 0, 1))) {
      int[] tok = plain.model().tokens(a.genes());
      assertEquals(plain.model().predict(tok), xfer.model().predict(tok), 0.0);
    }
  }

  static Nao xfer(OptimizerContext ctx) {
    return Nao.xfer(ctx, org.nas4j.transfer.TransferPredictor.forContext(ctx));
  }

  @Test
  void ranksAndMinMaxNormaliseIntoTheUnitInterval() {
    double[] r = Nao.normalise(new double[] {5, 1, Double.NaN, 3, 3}, Nao.Targets.RANK);
    assertEquals(1.0, r[0]);
    assertEquals(0.0, r[1]);
    assertTrue(Double.isNaN(r[2]));
    assertEquals(0.5, r[3]);
    assertEquals(0.5, r[4]);
    double[] m = Nao.normalise(new double[] {5, 1, 3}, Nao.Targets.MINMAX);
    assertEquals(List.of(1.0, 0.0, 0.5), List.of(m[0], m[1], m[2]));
  }
}
