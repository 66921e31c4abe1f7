package org.nas4j.optimize;

/**
 * Adam (Kingma &amp; Ba, ICLR 2015) over flat parameter arrays, with beta1 0.9, beta2 0.999 and epsilon 1e-8.
 * It offers both of the paper's ways to apply the bias correction, because they differ in the last bits and
 * each optimizer keeps the one its seeded results (the bench tables) were made with.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  /** Where the bias correction is applied. */
  public enum Correction {
    /** To the moments, as PyTorch's {@code torch.optim.Adam}: {@code w -= lr * m_hat / (sqrt(v_hat) + eps)}. */
    MOMENTS,
    /** To the step size, the paper's faster order: {@code w -= lr_t * m / (sqrt(v) + eps)}. */
    STEP_SIZE
  }

  private final double learningRate;
  private final Correction correction;
  private int t;
  private double c1;
  private double c2;
  private double stepSize;

  public Adam(double learningRate, Correction correction) {
    this.learningRate = learningRate;
    this.correction = correction;
  }

  /** Starts counting steps from 0 again (the caller zeroes its moments). */
  public void reset() {
    t = 0;
  }

  /** Begins one step: call once, then {@link #update} each parameter array. */
  public void step() {
    t++;
    c1 = 1 - Math.pow(BETA1, t);
    c2 = 1 - Math.pow(BETA2, t);
    stepSize = learningRate * Math.sqrt(c2) / c1;
  }

  /** Updates weights and moments from {@code scale} times the gradient, and zeroes the gradient. */
  public void update(double[] w, double[] g, double[] m, double[] v, double scale) {
    for (int i = 0; i < w.length; i++) {
      double gi = g[i] * scale;
      m[i] = BETA1 * m[i] + (1 - BETA1) * gi;
      v[i] = BETA2 * v[i] + (1 - BETA2) * gi * gi;
      if (correction == Correction.MOMENTS) {
        w[i] -= learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
      } else {
        w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + EPS);
      }
      g[i] = 0;
    }
  }
}
