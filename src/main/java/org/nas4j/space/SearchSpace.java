package org.nas4j.space;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A discrete search space: a fixed number of positions ("genes"), each taking one of several options.
 *
 * <p>Cell spaces (NAS-Bench-201: one gene per edge) and layer-wise spaces (PBT-NAS: one gene per layer
 * slot) both fit this shape, so sampling, mutation, mixing, enumeration and the optimizers' encodings are
 * written once, here, on genes. Each space adds only its canonical string form.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface SearchSpace {

  /** A short name stored with every evaluation, e.g. {@code nb201}. */
  String name();

  /** Number of positions (genes). */
  int positions();

  /** The options a position can take, in a fixed order; gene values index this list. */
  List<String> options(int position);

  /** The canonical string of an architecture of this space. */
  String format(Architecture architecture);

  /**
   * Parses the canonical string form.
   *
   * @throws org.nas4j.InputException with a one-line message naming what is wrong and how to fix it
   */
  Architecture parse(String text);

  /** An architecture from gene values; each must be a valid option index of its position. */
  default Architecture of(int... genes) {
    return new Architecture(this, genes);
  }

  /**
   * The genes of an architecture equivalent to {@code genes} (the same network), drawn at random: NAO's
   * symmetry augmentation. Spaces without symmetries return a copy and draw nothing from {@code rng}.
   */
  default int[] equivalentGenes(int[] genes, RandomGenerator rng) {
    return genes.clone();
  }

  /** Whether {@link #equivalentGenes} can return other genes (so augmenting is worth its time). */
  default boolean hasSymmetries() {
    return false;
  }

  /** Number of options at a position. */
  default int optionCount(int position) {
    return options(position).size();
  }

  /** Total number of architectures (may overflow to {@link Long#MAX_VALUE} for huge spaces). */
  default long size() {
    long n = 1;
    for (int p = 0; p < positions(); p++) {
      try {
        n = Math.multiplyExact(n, optionCount(p));
      } catch (ArithmeticException overflow) {
        return Long.MAX_VALUE;
      }
    }
    return n;
  }

  /** Uniform sample: each gene independently uniform over its options. */
  default Architecture sample(RandomGenerator rng) {
    int[] g = new int[positions()];
    for (int p = 0; p < g.length; p++) {
      g[p] = rng.nextInt(optionCount(p));
    }
    return of(g);
  }

  /** One-gene mutation: a uniformly chosen position gets a different, uniformly chosen option. */
  default Architecture mutate(Architecture parent, RandomGenerator rng) {
    int[] g = parent.genes();
    int[] mutable = IntStream.range(0, g.length).filter(p -> optionCount(p) > 1).toArray();
    if (mutable.length == 0) {
      return parent;
    }
    int p = mutable[rng.nextInt(mutable.length)];
    int v = rng.nextInt(optionCount(p) - 1);
    g[p] = v >= g[p] ? v + 1 : v;
    return of(g);
  }

  /** All one-gene neighbours of an architecture. */
  default List<Architecture> neighbours(Architecture a) {
    List<Architecture> out = new ArrayList<>();
    int[] base = a.genes();
    for (int p = 0; p < base.length; p++) {
      for (int v = 0; v < optionCount(p); v++) {
        if (v != base[p]) {
          int[] g = base.clone();
          g[p] = v;
          out.add(of(g));
        }
      }
    }
    return out;
  }

  /** Every architecture, in lexicographic gene order. Only sensible for small spaces. */
  default Stream<Architecture> enumerate() {
    long n = size();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalStateException("space " + name() + " has " + n + " architectures: too many to enumerate");
    }
    return IntStream.range(0, (int) n).mapToObj(this::fromIndex);
  }

  /** The architecture at a position of {@link #enumerate()} (mixed-radix, last gene fastest). */
  default Architecture fromIndex(long index) {
    int[] g = new int[positions()];
    long rest = index;
    for (int p = positions() - 1; p >= 0; p--) {
      g[p] = (int) (rest % optionCount(p));
      rest /= optionCount(p);
    }
    if (rest != 0 || index < 0) {
      throw new IndexOutOfBoundsException("index " + index + " outside space of size " + size());
    }
    return of(g);
  }

  /** The inverse of {@link #fromIndex(long)}. */
  default long indexOf(Architecture a) {
    long idx = 0;
    for (int p = 0; p < positions(); p++) {
      idx = idx * optionCount(p) + a.gene(p);
    }
    return idx;
  }
}
