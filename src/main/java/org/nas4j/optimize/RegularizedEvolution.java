package org.nas4j.optimize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Regularized (aging) evolution (Real, Aggarwal, Huang &amp; Le, AAAI 2019), as run on NAS-Bench-201: the
 * first {@code population} asks are uniformly random; after that, each ask draws {@code sample} members of
 * the population uniformly (with replacement), takes the best, and mutates one gene (one edge of a cell).
 * Every tell joins the population as its youngest member and the oldest leaves once it is over size
 * ("aging": a member dies by age, not by fitness). Failed evaluations (NaN) do not join.
 *
 * <p>With a {@link Predictor} (XferNAS transfer, {@code rea-xfer}) two things change: each member of the first
 * population is the best unseen architecture under one draw from the predictor ({@link Predictor#bestUnseen}:
 * a source's favourite, or at random while the target-only model knows nothing yet), and each child is the
 * best of {@value #CHILD_CANDIDATES} unseen one-edge mutations of the tournament winner under another draw; the
 * predictor observes every tell and re-weights its sources by how well they rank the target.
 *
 * <p>A child that was already asked or told is re-drawn (up to {@value #MAX_RETRIES} mutations, then a random
 * unseen architecture), so no architecture is asked twice until the space runs out.
 */
public final class RegularizedEvolution implements Optimizer {
  /** The settings; the defaults are NAS-Bench-201's (population 10, tournament sample 3). */
  public record Config(int population, int sample) {
    public Config {
      if (population < 1 || sample < 1) {
        throw new IllegalArgumentException("population and sample must be >= 1, got " + population + ", " + sample);
      }
    }

    public static final Config NB201 = new Config(10, 3);
  }

  private record Member(Architecture architecture, double value) {}

  static final int MAX_RETRIES = 50;
  static final int CHILD_CANDIDATES = 8;

  private final Config config;
  private final SearchSpace space;
  private final SplittableRandom rng;
  private final Seen seen;
  private final Deque<Member> population = new ArrayDeque<>();
  private final Predictor predictor;
  private int asked;

  public RegularizedEvolution(OptimizerContext ctx) {
    this(ctx, Config.NB201);
  }

  public RegularizedEvolution(OptimizerContext ctx, Config config) {
    this(ctx, config, null);
  }

  /** With a predictor (may be null for plain REA). */
  public RegularizedEvolution(OptimizerContext ctx, Config config, Predictor predictor) {
    this.predictor = predictor;
    this.config = config;
    this.space = ctx.space();
    this.rng = new SplittableRandom(ctx.seed());
    this.seen = new Seen(space);
  }

  @Override
  public String name() {
    return predictor == null ? "rea" : "rea-xfer";
  }

  @Override
  public Architecture ask() {
    Architecture child;
    if (asked < config.population() || population.isEmpty()) {
      child = predictor == null ? seen.randomUnseen(rng) : predictor.bestUnseen(space, seen, rng);
    } else {
      Member[] members = population.toArray(new Member[0]);
      Member parent = null;
      for (int i = 0; i < config.sample(); i++) {
        Member m = members[rng.nextInt(members.length)];
        if (parent == null || m.value() > parent.value()) {
          parent = m;
        }
      }
      Architecture p = parent.architecture();
      child = seen.redraw(() -> space.mutate(p, rng), MAX_RETRIES, rng);
      if (predictor != null) {
        List<Architecture> candidates = new ArrayList<>(List.of(child));
        for (int r = 0; candidates.size() < CHILD_CANDIDATES && r < MAX_RETRIES; r++) {
          Architecture c = space.mutate(parent.architecture(), rng);
          if (!seen.contains(c) && !candidates.contains(c)) {
            candidates.add(c);
          }
        }
        child = predictor.best(candidates, rng);
      }
    }
    asked++;
    seen.add(child);
    return child;
  }

  @Override
  public void tell(Architecture architecture, double value) {
    seen.add(architecture);
    if (predictor != null) {
      predictor.observe(architecture, value);
    }
    if (Double.isNaN(value)) {
      return;
    }
    population.addLast(new Member(architecture, value));
    while (population.size() > config.population()) {
      population.removeFirst();
    }
  }

  @Override
  public String toString() {
    return "RegularizedEvolution[population=" + config.population() + ", sample=" + config.sample() + "]";
  }
}
