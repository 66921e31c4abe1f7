package org.nas4j.util;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * How numbers are printed for people (console, Markdown, HTML, plots): one method per kind of number, so a value
 * looks the same wherever it appears. Digits before the point are grouped by thousands ({@code 1,913,280}); a
 * missing (NaN) value prints as {@link #MISSING}, an infinite one as {@code ∞} or {@code -∞}. Machine files (CSV,
 * JSON) do not use this class: they keep exact numbers.
 *
 * <table>
 *   <caption>kinds of number</caption>
 *   <tr><th>kind</th><th>method</th><th>example</th></tr>
 *   <tr><td>count (evaluations, images, parameters, FLOPs)</td><td>{@link #count(long)}</td><td>1,913,280</td></tr>
 *   <tr><td>a large count, short</td><td>{@link #compact(double)}</td><td>1.29 M</td></tr>
 *   <tr><td>seconds (cost, budget, wall time)</td><td>{@link #seconds(double)}</td><td>0.69, 14.2, 100,000</td></tr>
 *   <tr><td>elapsed or remaining time</td><td>{@link #duration(Duration)}</td><td>3m07s</td></tr>
 *   <tr><td>accuracy, or another fraction, in %</td><td>{@link #percent(double)}</td><td>93.12%</td></tr>
 *   <tr><td>metric of unknown scale</td><td>{@link #metric(double, double)}, {@link #forColumn(double...)}</td>
 *       <td>0.4321, 71.3</td></tr>
 *   <tr><td>axis tick</td><td>{@link #tick(double, double)}</td><td>0.2, 12,000</td></tr>
 *   <tr><td>mean ± spread, a signed difference</td><td>{@link #plusMinus}, {@link #signed}</td><td>91.21±0.33</td></tr>
 * </table>
 */
public final class Format {
  /** What a missing (NaN) value prints as. */
  public static final String MISSING = "n/a";

  private static final String[] UNITS = {"", " k", " M", " G", " T"};

  private Format() {}

  /** A count with thousands separators: {@code 1,913,280}. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A count held in a double (a metric, a mean number of images per second), rounded to a whole number. */
  public static String count(double n) {
    return fixed(n, 0);
  }

  /**
   * A large count to three significant digits with a unit (k, M, G, T): {@code 1288218} is {@code 1.29 M}, for
   * parameters and FLOPs next to their exact {@link #count(long)}, and for tick labels of a log axis.
   */
  public static String compact(double v) {
    if (!Double.isFinite(v)) {
      return special(v);
    }
    if (v == 0) {
      return "0";
    }
    // round first, so that 999,950 becomes 1.00 M and not 1000 k
    double r = new BigDecimal(v).round(new MathContext(3)).doubleValue();
    int unit = Math.min(UNITS.length - 1, Math.max(0, (int) Math.floor(Math.log10(Math.abs(r)) / 3)));
    double scaled = r / Math.pow(1000, unit);
    if (unit == 0) {
      return new BigDecimal(scaled).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    double a = Math.abs(scaled);
    return fixed(scaled, a < 10 ? 2 : a < 100 ? 1 : 0) + UNITS[unit];
  }

  /**
   * Seconds to about three significant digits, without the unit: {@code 0.69}, {@code 14.2}, {@code 146},
   * {@code 100,000}.
   */
  public static String seconds(double s) {
    double a = Math.abs(s);
    return fixed(s, a < 10 ? 2 : a < 100 ? 1 : 0);
  }

  /** Elapsed or remaining time on a progress line: {@code 1h02m}, {@code 3m07s}, {@code 12s}. */
  public static String duration(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%,dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }

  /** A fraction (an accuracy, a share of time) as a percentage with two decimals: 0.93125 is {@code 93.13%}. */
  public static String percent(double fraction) {
    return Double.isNaN(fraction) ? MISSING : fixed(100 * fraction, 2) + "%";
  }

  /** A metric of unknown scale with the decimals that show values spanning {@code range}: see {@link #decimalsForRange}. */
  public static String metric(double v, double range) {
    return fixed(v, decimalsForRange(range));
  }

  /**
   * How to print a column of values of unknown kind (a store's metrics): one number of decimals for the whole
   * column, those of a {@link #metric} fitted to its range, but no more than its values carry: whole values
   * (FLOPs, images, step numbers) print as counts, accuracies measured on 1,000 images with one decimal.
   * NaNs are ignored.
   */
  public static DoubleFunction<String> forColumn(double... values) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int carried = 0;
    for (double v : values) {
      if (Double.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        carried = Math.max(carried, decimalsCarried(v));
      }
    }
    int decimals = Math.min(carried, decimalsForRange(hi - lo));
    return v -> fixed(v, decimals);
  }

  /** The decimals that print {@code v} exactly, up to 8: 0 for 2000, 1 for 71.3. */
  private static int decimalsCarried(double v) {
    int d = 0;
    for (double s = Math.abs(v); d < 8 && Math.abs(s - Math.rint(s)) > 1e-9 * Math.max(1, s); s *= 10) {
      d++;
    }
    return d;
  }

  /**
   * An axis tick label, with the decimals its step between ticks needs ({@code 0.2}, {@code 2.5},
   * {@code 12,000}), at most two significant digits of the step.
   */
  public static String tick(double v, double step) {
    if (!(step > 0) || Double.isInfinite(step)) {
      return metric(v, Math.abs(v));
    }
    int most = Math.max(0, 1 - (int) Math.floor(Math.log10(step)));
    int d = 0;
    for (double scaled = step; d < most && Math.abs(scaled - Math.rint(scaled)) > 1e-6 * scaled; scaled *= 10) {
      d++;
    }
    return fixed(Math.abs(v) < step * 1e-9 ? 0 : v, d);
  }

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

  /** A value with a fixed number of decimals, grouped by thousands; a value that rounds to zero has no sign. */
  public static String fixed(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return special(v);
    }
    String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
    return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
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
    String s = fixed(v, decimals);
    return Double.isNaN(v) || s.startsWith("-") ? s : "+" + s;
  }

  private static String special(double v) {
    return Double.isNaN(v) ? MISSING : v > 0 ? "∞" : "-∞";
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
