package org.nas4j.optimize.nao;

import java.util.List;
import java.util.SplittableRandom;

/**
 * NAO's performance predictor shape: one ReLU hidden layer on the architecture embedding, then a linear
 * output. The output weights start at zero, so an untrained head predicts a constant; XferNAO relies on that
 * (a fresh residual adds nothing to the transfer network until the target data says otherwise).
 */
final class Mlp {
  final int in;
  final int hidden;
  final Param w1;
  final Param b1;
  final Param w2;
  final Param b2;

  Mlp(String name, int in, int hidden, SplittableRandom rng, double init) {
    this.in = in;
    this.hidden = hidden;
    w1 = new Param(name + ".w1", hidden * in).uniform(rng, init);
    b1 = new Param(name + ".b1", hidden).uniform(rng, init);
    w2 = new Param(name + ".w2", hidden);
    b2 = new Param(name + ".b2", 1);
  }

  List<Param> params() {
    return List.of(w1, b1, w2, b2);
  }

  void setFrozen(boolean frozen) {
    for (Param p : params()) {
      p.frozen = frozen;
    }
  }

  void copyFrom(Mlp other) {
    w1.copyFrom(other.w1);
    b1.copyFrom(other.b1);
    w2.copyFrom(other.w2);
    b2.copyFrom(other.b2);
  }

  /** Hidden pre-activations for {@code e} (kept for back-propagation). */
  double[] hidden(double[] e) {
    double[] a = new double[hidden];
    for (int r = 0; r < hidden; r++) {
      double s = b1.w[r];
      int o = r * in;
      for (int k = 0; k < in; k++) {
        s += w1.w[o + k] * e[k];
      }
      a[r] = s;
    }
    return a;
  }

  double output(double[] a) {
    double y = b2.w[0];
    for (int r = 0; r < hidden; r++) {
      if (a[r] > 0) {
        y += w2.w[r] * a[r];
      }
    }
    return y;
  }

  double forward(double[] e) {
    return output(hidden(e));
  }

  /**
   * Back-propagates {@code dy} through the head: adds to the parameter gradients when {@code params} is
   * true, and always adds the input gradient to {@code de}.
   */
  void backward(double dy, double[] e, double[] a, double[] de, boolean params) {
    if (params) {
      b2.g[0] += dy;
    }
    for (int r = 0; r < hidden; r++) {
      if (a[r] <= 0) {
        continue;
      }
      if (params) {
        w2.g[r] += dy * a[r];
      }
      double d = dy * w2.w[r];
      if (d == 0) {
        continue;
      }
      int o = r * in;
      if (params) {
        b1.g[r] += d;
        for (int k = 0; k < in; k++) {
          w1.g[o + k] += d * e[k];
        }
      }
      for (int k = 0; k < in; k++) {
        de[k] += d * w1.w[o + k];
      }
    }
  }
}
