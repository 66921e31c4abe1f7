package org.nas4j.transfer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Rank statistics: normal scores for per-task normalisation, Kendall tau-b and Spearman rho for evaluation. */
public final class Ranks {
  private Ranks() {}

  /** Average ranks (1-based, ties share their mean rank). */
  public static double[] ranks(double[] v) {
    int n = v.length;
    Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> v[i]));
    double[] r = new double[n];
    for (int i = 0; i < n; ) {
      int j = i;
      while (j + 1 < n && v[order[j + 1]] == v[order[i]]) {
        j++;
      }
      double mean = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        r[order[k]] = mean;
      }
      i = j + 1;
    }
    return r;
  }

  /**
   * Normal scores: each value replaced by the standard-normal quantile of its rank, {@code Phi^-1((r-0.5)/n)}.
   * Different tasks' metrics (accuracy ranges, error rates with outliers) become comparable and outliers stop
   * dominating a squared loss.
   */
  public static double[] normalScores(double[] v) {
    double[] r = ranks(v);
    int n = v.length;
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      z[i] = inverseNormal((r[i] - 0.5) / n);
    }
    return z;
  }

  /** Spearman's rho: Pearson correlation of the average ranks. */
  public static double spearman(double[] a, double[] b) {
    return pearson(ranks(a), ranks(b));
  }

  /** Pearson correlation; 0 when either side is constant. */
  public static double pearson(double[] a, double[] b) {
    int n = a.length;
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < n; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= n;
    mb /= n;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < n; i++) {
      double da = a[i] - ma;
      double db = b[i] - mb;
      sab += da * db;
      saa += da * da;
      sbb += db * db;
    }
    return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
  }

  /** Kendall's tau-b (ties counted as neither concordant nor discordant), O(n^2). */
  public static double kendall(double[] a, double[] b) {
    int n = a.length;
    long conc = 0;
    long disc = 0;
    long tieA = 0;
    long tieB = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double da = a[i] - a[j];
        double db = b[i] - b[j];
        if (da == 0 && db == 0) {
          continue;
        }
        if (da == 0) {
          tieA++;
        } else if (db == 0) {
          tieB++;
        } else if ((da > 0) == (db > 0)) {
          conc++;
        } else {
          disc++;
        }
      }
    }
    double denom = Math.sqrt((double) (conc + disc + tieA) * (conc + disc + tieB));
    return denom == 0 ? 0 : (conc - disc) / denom;
  }

  /** The standard-normal quantile function (Acklam's rational approximation, relative error < 1.2e-9). */
  static double inverseNormal(double p) {
    if (p <= 0 || p >= 1) {
      throw new IllegalArgumentException("p must be in (0,1): " + p);
    }
    final double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    final double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    final double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    final double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -inverseNormal(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
