package org.nas4j.space;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable architecture: one option index per position of its {@link SearchSpace}.
 *
 * <p>Equality is by space name and genes, so two architectures from equal spaces compare equal. The
 * canonical string ({@link #toString()}) is the form that is stored and printed.
 */
public final class Architecture {
  private final SearchSpace space;
  private final int[] genes;
  private final int hash;

  Architecture(SearchSpace space, int[] genes) {
    this.space = Objects.requireNonNull(space, "space");
    if (genes.length != space.positions()) {
      throw new IllegalArgumentException(
          "space " + space.name() + " has " + space.positions() + " positions, got " + genes.length + " genes");
    }
    for (int p = 0; p < genes.length; p++) {
      if (genes[p] < 0 || genes[p] >= space.optionCount(p)) {
        throw new IllegalArgumentException("gene " + p + " = " + genes[p] + " is not an option index 0.."
            + (space.optionCount(p) - 1) + " of space " + space.name());
      }
    }
    this.genes = genes.clone();
    this.hash = 31 * space.name().hashCode() + Arrays.hashCode(genes);
  }

  public SearchSpace space() {
    return space;
  }

  /** A copy of the gene values. */
  public int[] genes() {
    return genes.clone();
  }

  public int gene(int position) {
    return genes[position];
  }

  /** The option name at a position. */
  public String option(int position) {
    return space.options(position).get(genes[position]);
  }

  /** The canonical string form. */
  @Override
  public String toString() {
    return space.format(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Architecture a && a.hash == hash && a.space.name().equals(space.name())
        && Arrays.equals(a.genes, genes);
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
