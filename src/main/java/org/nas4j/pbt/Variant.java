package org.nas4j.pbt;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.nas4j.InputException;

/**
 * PBT-NAS and its baselines and ablations (Chebykin et al. 2023, Table 2 and the baselines of Table 1).
 * Each variant changes only how the bottom members are replaced; training, selection and compute are equal.
 */
public enum Variant {
  /** Architecture mixing of two top parents with shrink-perturb on the donor's layers. */
  PBT_NAS("pbt-nas"),
  /** SEARL-like mutation: exact copy, weight noise, or one gene changed with fresh weights (1/3 each). */
  MUTATION("mutation"),
  /** "No mixing": the parent is mixed with itself, so layers are shrink-perturbed but no new architecture arises. */
  NO_MIX("no-mix"),
  /** Donor layers copied as they are (lambda=1, gamma=0). */
  COPY("copy"),
  /** Donor layers re-initialised (lambda=0, gamma=1): only the architecture is inherited. */
  REINIT("reinit"),
  /** Random search at equal compute: every member trains the whole budget, nobody is replaced. */
  RANDOM("random");

  private final String id;

  Variant(String id) {
    this.id = id;
  }

  /** The command-line name. */
  public String id() {
    return id;
  }

  /** Shrink factor lambda for donor layers, given the configured default. */
  public double lambda(double configured) {
    return switch (this) {
      case COPY -> 1.0;
      case REINIT -> 0.0;
      default -> configured;
    };
  }

  /** Perturb factor gamma for donor layers, given the configured default. */
  public double gamma(double configured) {
    return switch (this) {
      case COPY -> 0.0;
      case REINIT -> 1.0;
      default -> configured;
    };
  }

  public static Variant parse(String s) {
    for (Variant v : values()) {
      if (v.id.equalsIgnoreCase(s.strip()) || v.name().equalsIgnoreCase(s.strip())) {
        return v;
      }
    }
    throw new InputException("unknown PBT variant '" + s + "': choose one of "
        + Arrays.stream(values()).map(Variant::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
