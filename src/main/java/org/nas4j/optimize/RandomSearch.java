package org.nas4j.optimize;

import java.util.SplittableRandom;
import org.nas4j.space.Architecture;

/** Random search: uniformly random architectures, without repeats until the space runs out. */
public final class RandomSearch implements Optimizer {
  private final SplittableRandom rng;
  private final Seen seen;

  public RandomSearch(OptimizerContext ctx) {
    this.rng = new SplittableRandom(ctx.seed());
    this.seen = new Seen(ctx.space());
  }

  @Override
  public String name() {
    return "rs";
  }

  @Override
  public Architecture ask() {
    Architecture a = seen.randomUnseen(rng);
    seen.add(a);
    return a;
  }

  @Override
  public void tell(Architecture architecture, double value) {
    seen.add(architecture);
  }

  @Override
  public String toString() {
    return "RandomSearch";
  }
}
