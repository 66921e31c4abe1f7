package org.nas4j.optimize;

import java.util.List;
import java.util.Objects;
import org.nas4j.space.SearchSpace;

/**
 * Everything an optimizer is built from: the space, the seed that fixes all its randomness, and the source
 * observations transfer-capable optimizers learn from (empty for a search without transfer).
 */
public record OptimizerContext(SearchSpace space, long seed, List<SourceObservations> sources) {
  public OptimizerContext {
    Objects.requireNonNull(space, "space");
    sources = List.copyOf(sources);
  }

  public static OptimizerContext of(SearchSpace space, long seed) {
    return new OptimizerContext(space, seed, List.of());
  }

  public OptimizerContext withSeed(long newSeed) {
    return new OptimizerContext(space, newSeed, sources);
  }

  public OptimizerContext withSources(List<SourceObservations> newSources) {
    return new OptimizerContext(space, seed, newSources);
  }
}
