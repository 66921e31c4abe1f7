package org.nas4j.optimize.nao;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One LSTM layer, one sample at a time, in plain Java arrays (gates i, f, g, o stacked in that order).
 * The networks NAO needs here are tiny (6 steps, 16-32 units), so per-op JNI calls into libtorch would cost
 * more than the arithmetic; see docs/nao.md for the measurement.
 */
final class Lstm {
  final int in;
  final int hidden;
  final Param wx;
  final Param wh;
  final Param b;

  Lstm(String name, int in, int hidden, SplittableRandom rng, double init) {
    this.in = in;
    this.hidden = hidden;
    wx = new Param(name + ".wx", 4 * hidden * in).uniform(rng, init);
    wh = new Param(name + ".wh", 4 * hidden * hidden).uniform(rng, init);
    b = new Param(name + ".b", 4 * hidden).uniform(rng, init);
  }

  List<Param> params() {
    return List.of(wx, wh, b);
  }

  /** What one step keeps for back-propagation. */
  static final class Step {
    double[] x;
    double[] hPrev;
    double[] cPrev;
    double[] act; // i, f, g, o after their nonlinearity
    double[] c;
    double[] tanhC;
    double[] h;
  }

  Step forward(double[] x, double[] hPrev, double[] cPrev) {
    int n = hidden;
    double[] a = new double[4 * n];
    double[] wxw = wx.w;
    double[] whw = wh.w;
    for (int r = 0; r < 4 * n; r++) {
      double s = b.w[r];
      int ox = r * in;
      for (int k = 0; k < in; k++) {
        s += wxw[ox + k] * x[k];
      }
      int oh = r * n;
      for (int k = 0; k < n; k++) {
        s += whw[oh + k] * hPrev[k];
      }
      a[r] = s;
    }
    Step st = new Step();
    st.x = x;
    st.hPrev = hPrev;
    st.cPrev = cPrev;
    st.c = new double[n];
    st.tanhC = new double[n];
    st.h = new double[n];
    for (int j = 0; j < n; j++) {
      double i = sigmoid(a[j]);
      double f = sigmoid(a[n + j]);
      double g = tanh(a[2 * n + j]);
      double o = sigmoid(a[3 * n + j]);
      a[j] = i;
      a[n + j] = f;
      a[2 * n + j] = g;
      a[3 * n + j] = o;
      double c = f * cPrev[j] + i * g;
      st.c[j] = c;
      st.tanhC[j] = tanh(c);
      st.h[j] = o * st.tanhC[j];
    }
    st.act = a;
    return st;
  }

  /**
   * Accumulates parameter gradients for one step.
   *
   * @param dh gradient of the loss with respect to this step's h (from above and from the next step)
   * @param dcNext gradient with respect to this step's c coming from the next step
   * @param dx out: gradient with respect to the input (overwritten)
   * @param dhPrev out: gradient with respect to the previous h (overwritten)
   * @param dcPrev out: gradient with respect to the previous c (overwritten)
   */
  void backward(Step st, double[] dh, double[] dcNext, double[] dx, double[] dhPrev, double[] dcPrev) {
    int n = hidden;
    double[] a = st.act;
    double[] da = new double[4 * n];
    for (int j = 0; j < n; j++) {
      double i = a[j];
      double f = a[n + j];
      double g = a[2 * n + j];
      double o = a[3 * n + j];
      double tc = st.tanhC[j];
      double dc = dcNext[j] + dh[j] * o * (1 - tc * tc);
      da[j] = dc * g * i * (1 - i);
      da[n + j] = dc * st.cPrev[j] * f * (1 - f);
      da[2 * n + j] = dc * i * (1 - g * g);
      da[3 * n + j] = dh[j] * tc * o * (1 - o);
      dcPrev[j] = dc * f;
    }
    java.util.Arrays.fill(dx, 0);
    java.util.Arrays.fill(dhPrev, 0);
    double[] wxw = wx.w;
    double[] whw = wh.w;
    double[] gx = wx.g;
    double[] gh = wh.g;
    for (int r = 0; r < 4 * n; r++) {
      double d = da[r];
      if (d == 0) {
        continue;
      }
      b.g[r] += d;
      int ox = r * in;
      for (int k = 0; k < in; k++) {
        gx[ox + k] += d * st.x[k];
        dx[k] += d * wxw[ox + k];
      }
      int oh = r * n;
      for (int k = 0; k < n; k++) {
        gh[oh + k] += d * st.hPrev[k];
        dhPrev[k] += d * whw[oh + k];
      }
    }
  }

  static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** tanh through exp, which the JIT compiles to an intrinsic (Math.tanh is several times slower). */
  static double tanh(double z) {
    if (z > 20) {
      return 1;
    }
    if (z < -20) {
      return -1;
    }
    double e = Math.exp(2 * z);
    return (e - 1) / (e + 1);
  }
}
