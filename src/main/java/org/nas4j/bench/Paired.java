package org.nas4j.bench;

import org.nas4j.util.Stats;
/**
 * A paired comparison of two samples (run r of one optimizer against run r of another, both seeded alike):
 * the mean difference {@code a - b}, its standard error and the paired t statistic {@code mean / se}, over
 * the pairs where both values are present.
 *
 * @param n pairs with both values
 * @param mean mean of {@code a - b}
 * @param se standard error of that mean ({@code sd / sqrt(n)})
 * @param t {@code mean / se}: 0 when every difference is 0, infinite when they are all equal but not 0
 */
public record Paired(int n, double mean, double se, double t) {
  public static Paired of(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(a.length + " vs " + b.length + " values: pairs need equal lengths");
    }
    double[] d = new double[a.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = a[i] - b[i];
    }
    Stats s = Stats.of(d);
    double se = s.n() > 1 ? s.std() / Math.sqrt(s.n()) : Double.NaN;
    double t = s.n() < 2 ? Double.NaN : se > 0 ? s.mean() / se : s.mean() == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, s.mean());
    return new Paired(s.n(), s.mean(), se, t);
  }
}
