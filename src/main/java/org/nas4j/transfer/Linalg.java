package org.nas4j.transfer;

/** Dense symmetric positive-definite solves (Cholesky), enough for ridge models of a few thousand features. */
final class Linalg {
  private Linalg() {}

  /** Lower Cholesky factor of a symmetric positive-definite matrix (row-major n x n); the input is not changed. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      double[] li = l[i];
      for (int j = 0; j <= i; j++) {
        double[] lj = l[j];
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= li[k] * lj[k];
        }
        if (i == j) {
          if (!(s > 0)) {
            throw new ArithmeticException("matrix not positive definite at " + i + " (" + s + ")");
          }
          li[i] = Math.sqrt(s);
        } else {
          li[j] = s / lj[j];
        }
      }
    }
    return l;
  }

  /** Solves {@code L L^T x = b} given the lower factor. */
  static double[] solve(double[][] l, double[] b) {
    int n = l.length;
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      double[] li = l[i];
      for (int k = 0; k < i; k++) {
        s -= li[k] * y[k];
      }
      y[i] = s / li[i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  /** The inverse of {@code L L^T}. */
  static double[][] inverse(double[][] l) {
    int n = l.length;
    double[][] inv = new double[n][];
    double[] e = new double[n];
    for (int j = 0; j < n; j++) {
      e[j] = 1;
      inv[j] = solve(l, e);
      e[j] = 0;
    }
    return inv; // symmetric, so columns == rows
  }
}
