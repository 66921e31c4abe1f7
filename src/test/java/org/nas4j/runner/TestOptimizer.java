package org.nas4j.runner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.nas4j.optimize.Optimizer;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Seeded random search that records its tells, for runner tests. Like every optimizer it avoids
 * architectures it was told about; its random stream restarts on rebuild, as a real one's does.
 */
class TestOptimizer implements Optimizer {
  final SearchSpace space;
  final Random rng;
  final Set<Architecture> known = new HashSet<>();
  final List<Architecture> told = new ArrayList<>();
  final List<Double> values = new ArrayList<>();

  TestOptimizer(SearchSpace space, long seed) {
    this.space = space;
    this.rng = new Random(seed);
  }

  @Override
  public String name() {
    return "test-rs";
  }

  @Override
  public synchronized Architecture ask() {
    for (int i = 0; i < 10_000; i++) {
      Architecture a = space.sample(rng);
      if (known.add(a)) {
        return a;
      }
    }
    return space.sample(rng);
  }

  @Override
  public synchronized void tell(Architecture architecture, double value) {
    known.add(architecture);
    told.add(architecture);
    values.add(value);
  }
}
