package org.nas4j.util;

import java.util.Arrays;

/**
 * Mean, sample standard deviation (n-1) and median of a sample, ignoring NaN.
 *
 * @param n how many values were not NaN
 */
public record Stats(int n, double mean, double std, double median) {
  public static Stats of(double[] values) {
    double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
    int n = v.length;
    if (n == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    double mean = Arrays.stream(v).sum() / n;
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double std = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return new Stats(n, mean, std, median);
  }

  /** {@link #of(double[])} of boxed values. */
  public static Stats of(java.util.Collection<Double> values) {
    return of(values.stream().mapToDouble(Double::doubleValue).toArray());
  }
}
