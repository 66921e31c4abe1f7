package org.nas4j.pbt;

import org.nas4j.InputException;

/**
 * Truncation selection sizes with the paper's integer rounding ({@code int()} truncation in
 * {@code ea.py}): {@code parents = floor(N*tau)}, {@code elites = floor(N*(1-tau))}, children fill the rest.
 * For N=24: 6 parents, 18 elites, 6 children; N=12: 3, 9, 3; N=8: 2, 6, 2; N=10: 2, 7, 3.
 *
 * @param population N
 * @param parents members of the top that may be parents
 * @param elites members that survive unchanged
 * @param children members of the bottom replaced by children
 */
record Selection(int population, int parents, int elites, int children) {
  // 1e-9 keeps 0.75*8 = 6 and 0.7*10 = 7 from truncating to one less through binary rounding
  private static final double EPS = 1e-9;

  /** Sizes for a population of {@code n} with truncation fraction {@code tau}. */
  public static Selection of(int n, double tau) {
    if (!(tau > 0 && tau <= 0.5)) {
      throw new InputException("truncation fraction must be in (0, 0.5], got " + tau + ": pass e.g. --tau 0.25");
    }
    int parents = (int) Math.floor(n * tau + EPS);
    int elites = (int) Math.floor(n * (1 - tau) + EPS);
    if (parents < 2) {
      throw new InputException("population " + n + " with tau " + tau + " gives " + parents
          + " parent(s), mixing needs 2: pass --population " + (int) Math.ceil(2 / tau) + " or more, or a larger --tau");
    }
    return new Selection(n, parents, elites, n - elites);
  }
}
