package org.nas4j.report;

import java.util.Locale;

/**
 * How numbers are printed for people (console, Markdown, HTML): one method per kind of number, so a value
 * looks the same wherever it appears. Missing values (NaN) print as {@link #MISSING}.
 */
public final class Format {
  /** What a missing (NaN) value prints as. */
  public static final String MISSING = "n/a";

  private Format() {}

  /**
   * Decimals that show a metric whose values span {@code range} to about three significant digits of the
   * range: 2 for accuracies in % (range ~100), 4 for metrics in [0, 1]; never fewer than 2 or more than 8.
   */
  public static int decimalsForRange(double range) {
    if (!(range > 0) || Double.isInfinite(range)) {
      return 2;
    }
    return clamp(3 - (int) Math.floor(Math.log10(range)), 2, 8);
  }

  /**
   * Decimals that show a standard error (or deviation) {@code spread} to two significant digits, at least
   * {@code min}: a difference of means is printed as precisely as its noise allows, no more.
   */
  public static int decimalsForSpread(double spread, int min) {
    if (!(spread > 0) || Double.isInfinite(spread)) {
      return min;
    }
    return clamp(1 - (int) Math.floor(Math.log10(spread)), min, 8);
  }

  /** A value with a fixed number of decimals (NaN as {@link #MISSING}). */
  public static String fixed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return MISSING;
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** {@code mean±spread} with the same decimals for both. */
  public static String plusMinus(double mean, double spread, int decimals) {
    if (Double.isNaN(mean)) {
      return MISSING;
    }
    return fixed(mean, decimals) + "±" + fixed(spread, decimals);
  }

  /** A signed value, e.g. {@code +0.0012} or {@code -0.30}. */
  public static String signed(double v, int decimals) {
    if (Double.isNaN(v)) {
      return MISSING;
    }
    return (v >= 0 ? "+" : "") + fixed(v, decimals);
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
