package org.nas4j.train;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.stat.correlation.Covariance;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Dowson &amp; Landau 1982; the formula of
 * FID, Heusel et al. 2017): {@code |mu1 - mu2|^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2))}. The trace of the square root is
 * computed from symmetric matrices only, {@code tr((S1 S2)^(1/2)) = tr((S1^(1/2) S2 S1^(1/2))^(1/2))}, i.e. the sum of
 * the square roots of the eigenvalues of a symmetric positive semi-definite matrix (tiny negative eigenvalues from
 * rounding count as 0), with Commons Math's eigen-decomposition.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /** Mean and (unbiased) covariance of feature rows. */
  public record Gaussian(double[] mean, double[][] covariance) {
    /** Fits rows of features (at least 2 rows). */
    public static Gaussian of(double[][] rows) {
      if (rows.length < 2) {
        throw new IllegalArgumentException("a covariance needs at least 2 samples, got " + rows.length);
      }
      int d = rows[0].length;
      double[] mu = new double[d];
      for (double[] r : rows) {
        for (int j = 0; j < d; j++) {
          mu[j] += r[j] / rows.length;
        }
      }
      return new Gaussian(mu, new Covariance(rows, true).getCovarianceMatrix().getData());
    }
  }

  /** The distance between two fitted Gaussians of the same dimension. */
  public static double between(Gaussian a, Gaussian b) {
    double mean = 0;
    for (int j = 0; j < a.mean().length; j++) {
      double diff = a.mean()[j] - b.mean()[j];
      mean += diff * diff;
    }
    RealMatrix s1 = new Array2DRowRealMatrix(a.covariance());
    RealMatrix s2 = new Array2DRowRealMatrix(b.covariance());
    RealMatrix root1 = sqrtPsd(s1);
    RealMatrix inner = root1.multiply(s2).multiply(root1);
    inner = inner.add(inner.transpose()).scalarMultiply(0.5); // symmetric up to rounding; make it exactly so
    double traceRoot = 0;
    for (double ev : new EigenDecomposition(inner).getRealEigenvalues()) {
      traceRoot += Math.sqrt(Math.max(0, ev));
    }
    return Math.max(0, mean + s1.getTrace() + s2.getTrace() - 2 * traceRoot);
  }

  /** The square root of a symmetric positive semi-definite matrix, negative rounding eigenvalues taken as 0. */
  static RealMatrix sqrtPsd(RealMatrix s) {
    RealMatrix sym = s.add(s.transpose()).scalarMultiply(0.5);
    EigenDecomposition e = new EigenDecomposition(sym);
    RealMatrix v = e.getV();
    double[] ev = e.getRealEigenvalues();
    RealMatrix d = new Array2DRowRealMatrix(ev.length, ev.length);
    for (int i = 0; i < ev.length; i++) {
      d.setEntry(i, i, Math.sqrt(Math.max(0, ev[i])));
    }
    return v.multiply(d).multiply(v.transpose());
  }
}
