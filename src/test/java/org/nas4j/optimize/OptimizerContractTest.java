package org.nas4j.optimize;

import org.nas4j.optimizers.Optimizers;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.TabularBenchmark;

/** The ask/tell contract for every built-in optimizer, and that the contract checks can fail. */
class OptimizerContractTest {
  @Test
  void randomSearch() {
    OptimizerContract.check(RandomSearch::new);
  }

  @Test
  void regularizedEvolution() {
    OptimizerContract.check(RegularizedEvolution::new);
  }

  @Test
  void reinforce() {
    OptimizerContract.check(Reinforce::new);
  }

  @Test
  void withSourcesInTheContext() {
    var sources = BenchSources.parse(TabularBenchmark.nb201(), "cifar100", "cifar10", 12);
    OptimizerContract.check(RegularizedEvolution::new, sources);
  }

  @Test
  void catchesAnOptimizerThatRepeatsItself() {
    // samples with its own seed but ignores what it has seen: repeats within 150 asks on 15,625 are near certain
    Optimizers.Factory repeating = ctx -> new Optimizer() {
      final java.util.SplittableRandom rng = new java.util.SplittableRandom(ctx.seed());

      @Override
      public String name() {
        return "repeating";
      }

      @Override
      public org.nas4j.space.Architecture ask() {
        return ctx.space().of(rng.nextInt(2), 0, 0, 0, 0, rng.nextInt(3));
      }

      @Override
      public void tell(org.nas4j.space.Architecture a, double v) {}
    };
    assertTrue(failsContract(repeating));
    // not seeded by the context: two instances disagree
    Optimizers.Factory unseeded = ctx -> new RandomSearch(ctx.withSeed(System.nanoTime()));
    assertTrue(failsContract(unseeded));
  }

  private static boolean failsContract(Optimizers.Factory f) {
    try {
      OptimizerContract.check(f, List.of());
      return false;
    } catch (AssertionError expected) {
      return true;
    }
  }
}
