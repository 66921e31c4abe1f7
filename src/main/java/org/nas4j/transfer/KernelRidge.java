package org.nas4j.transfer;

/**
 * Kernel ridge regression with an unpenalised intercept on a fixed set of points, for every penalty of a
 * small grid at once: {@code f(x) = b + sum_i alpha_i k(x, x_i)}. With {@code A = (K + lambda I)^-1} and
 * {@code M = A - A1 1'A / (1'A1)} the fit of targets {@code y} is {@code alpha = M y},
 * {@code b = 1'Ay / 1'A1}, and {@code y - f(X) = lambda M y}. That gives held-out errors in closed form:
 * leave one out {@code e_i = alpha_i / M_ii}, leave a pair {@code P} out {@code e_P = M_PP^-1 alpha_P}
 * (the identity {@code y_P - f_{-P}(x_P) = (I - H_PP)^-1 (y_P - f(x_P))} of penalised least squares).
 *
 * <p>The matrices are computed once per set of points; fitting other targets on the same points (the
 * residuals of several priors) then costs {@code O(n^2)} per penalty.
 */
final class KernelRidge {
  /** The penalties tried, chosen per target by leave-one-out error. */
  static final double[] LAMBDAS = {0.03, 0.1, 0.3, 1, 3};

  private final int n;
  private final double[][][] m;
  private final double[][] a1;
  private final double[] oneA1;

  /** @param k the kernel matrix of the points (symmetric, positive semi-definite) */
  KernelRidge(double[][] k) {
    n = k.length;
    m = new double[LAMBDAS.length][][];
    a1 = new double[LAMBDAS.length][];
    oneA1 = new double[LAMBDAS.length];
    for (int l = 0; l < LAMBDAS.length; l++) {
      double[][] kl = new double[n][];
      for (int i = 0; i < n; i++) {
        kl[i] = k[i].clone();
        kl[i][i] += LAMBDAS[l];
      }
      double[][] a = Linalg.inverse(Linalg.cholesky(kl));
      double[] r = new double[n];
      double s = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          r[i] += a[i][j];
        }
        s += r[i];
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          a[i][j] -= r[i] * r[j] / s;
        }
      }
      m[l] = a;
      a1[l] = r;
      oneA1[l] = s;
    }
  }

  /**
   * One fit: the penalty's index in {@link #LAMBDAS} (-1 for the constant of {@link #fitOrConstant}),
   * intercept, dual weights and leave-one-out error.
   */
  record Fit(int lambda, double intercept, double[] alpha, double looError) {}

  /** The fit of {@code y} with the penalty of lowest leave-one-out error. */
  Fit fit(double[] y) {
    Fit best = null;
    for (int l = 0; l < LAMBDAS.length; l++) {
      Fit f = fit(y, l);
      if (best == null || f.looError < best.looError - 1e-12) {
        best = f;
      }
    }
    return best;
  }

  /**
   * The fit of {@code y} with the penalty of lowest leave-one-out error, or the constant (the mean of
   * {@code y}, no kernel term) when the kernel does not predict left-out points better by more than one
   * standard error of its own leave-one-out error (the one-standard-error rule: take the simplest model the
   * data cannot tell from the best). For a residual on top of a transfer part: on a few evaluations a kernel
   * fitted to noise reorders the transfer part's favourites, which a constant leaves in its order.
   */
  Fit fitOrConstant(double[] y) {
    Fit best = fit(y);
    double mean = 0;
    for (double v : y) {
      mean += v / n;
    }
    // leave-one-out error of the mean: y_i - mean_{-i} = (y_i - mean) n / (n - 1)
    double constant = 0;
    for (double v : y) {
      double e = (v - mean) * n / (n - 1.0);
      constant += e * e / n;
    }
    double[][] ml = m[best.lambda()];
    double sum = 0;
    double sq = 0;
    for (int i = 0; i < n; i++) {
      double e = best.alpha()[i] / Math.max(ml[i][i], 1e-12);
      sum += e * e;
      sq += e * e * e * e;
    }
    double se = Math.sqrt(Math.max(0, sq / n - (sum / n) * (sum / n)) / n);
    return constant <= best.looError() + se ? new Fit(-1, mean, new double[n], constant) : best;
  }

  /** The fit of {@code y} with penalty {@code LAMBDAS[l]}. */
  Fit fit(double[] y, int l) {
    double[][] ml = m[l];
    double[] alpha = new double[n];
    double b = 0;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += ml[i][j] * y[j];
      }
      alpha[i] = s;
      b += a1[l][i] * y[i];
    }
    double loo = 0;
    for (int i = 0; i < n; i++) {
      double e = alpha[i] / Math.max(ml[i][i], 1e-12);
      loo += e * e;
    }
    return new Fit(l, b / oneA1[l], alpha, loo / n);
  }

  /**
   * Leave-pair-out predictions of fit {@code f} of {@code y}: {@code out[i][j]} is the prediction at point
   * {@code i} of the model trained without points {@code i} and {@code j} (NaN when the pair cannot be
   * separated, e.g. the same architecture twice). Pairwise ranking judged this way is not biased by the
   * intercept, as leave-one-out is (leaving out a high value lowers the mean that predicts it).
   */
  double[][] pairPredictions(Fit f, double[] y) {
    double[][] ml = m[f.lambda()];
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double mii = ml[i][i];
        double mjj = ml[j][j];
        double mij = ml[i][j];
        double det = mii * mjj - mij * mij;
        if (!(det > 1e-12 * Math.max(mii * mjj, 1e-300))) {
          out[i][j] = out[j][i] = Double.NaN;
          continue;
        }
        double ai = f.alpha()[i];
        double aj = f.alpha()[j];
        out[i][j] = y[i] - (mjj * ai - mij * aj) / det;
        out[j][i] = y[j] - (mii * aj - mij * ai) / det;
      }
    }
    return out;
  }
}
