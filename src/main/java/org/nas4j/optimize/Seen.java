package org.nas4j.optimize;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * The architectures an optimizer has asked for or been told about, so it can avoid repeats until the space
 * runs out (the {@link Optimizer#ask()} contract). Not thread-safe: one per optimizer.
 */
public final class Seen {
  private final SearchSpace space;
  private final Set<Architecture> seen = new HashSet<>();

  public Seen(SearchSpace space) {
    this.space = space;
  }

  /** Records an architecture; returns true when it was new. */
  public boolean add(Architecture a) {
    return seen.add(a);
  }

  public boolean contains(Architecture a) {
    return seen.contains(a);
  }

  public int size() {
    return seen.size();
  }

  /** Whether every architecture of the space has been seen (repeats are then unavoidable). */
  public boolean exhausted() {
    return seen.size() >= space.size();
  }

  /**
   * The first unseen of up to {@code 1 + retries} draws; when all were seen, a random unseen architecture
   * (the last draw once the space is exhausted). Does not record it.
   */
  public Architecture redraw(Supplier<Architecture> draw, int retries, RandomGenerator rng) {
    Architecture a = draw.get();
    for (int r = 0; seen.contains(a) && r < retries; r++) {
      a = draw.get();
    }
    return seen.contains(a) && !exhausted() ? randomUnseen(rng) : a;
  }

  /**
   * A uniformly random architecture not seen yet, or a uniformly random one when the space is exhausted.
   * Does not record it.
   */
  public Architecture randomUnseen(RandomGenerator rng) {
    if (exhausted()) {
      return space.sample(rng);
    }
    long size = space.size();
    // rejection sampling is cheap while at most half the space is seen; beyond that, pick the k-th unseen
    if (size == Long.MAX_VALUE || seen.size() * 2L < size) {
      while (true) {
        Architecture a = space.sample(rng);
        if (!seen.contains(a)) {
          return a;
        }
      }
    }
    long k = rng.nextLong(size - seen.size());
    for (long i = 0; i < size; i++) {
      Architecture a = space.fromIndex(i);
      if (!seen.contains(a) && k-- == 0) {
        return a;
      }
    }
    throw new IllegalStateException("unreachable: " + seen.size() + " seen of " + size);
  }
}
