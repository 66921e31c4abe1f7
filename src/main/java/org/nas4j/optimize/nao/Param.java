package org.nas4j.optimize.nao;

import java.util.List;
import java.util.SplittableRandom;

/** One weight tensor (flat), its gradient and its Adam moments. */
final class Param {
  final String name;
  final double[] w;
  final double[] g;
  final double[] m;
  final double[] v;
  /** A frozen parameter takes no Adam steps (XferNAO's transfer head u on the target task). */
  boolean frozen;

  Param(String name, int size) {
    this.name = name;
    w = new double[size];
    g = new double[size];
    m = new double[size];
    v = new double[size];
  }

  /** Uniform(-r, r) initialisation, as NAO's TF code (r = 0.1). */
  Param uniform(SplittableRandom rng, double r) {
    for (int i = 0; i < w.length; i++) {
      w[i] = (rng.nextDouble() * 2 - 1) * r;
    }
    return this;
  }

  void copyFrom(Param other) {
    System.arraycopy(other.w, 0, w, 0, w.length);
  }

  /** Adam with L2 weight decay (added to the gradient, as PyTorch's Adam) and global-norm clipping. */
  static final class Adam {
    private final double lr;
    private final double weightDecay;
    private final double clip;
    private int step;

    Adam(double lr, double weightDecay, double clip) {
      this.lr = lr;
      this.weightDecay = weightDecay;
      this.clip = clip;
    }

    /** Fresh moments for every parameter: NAO builds a new Adam each iteration but keeps the weights. */
    void reset(List<Param> params) {
      step = 0;
      for (Param p : params) {
        java.util.Arrays.fill(p.m, 0);
        java.util.Arrays.fill(p.v, 0);
      }
    }

    /** One update from the accumulated gradients (already averaged over the batch); clears them. */
    void step(List<Param> params) {
      double sq = 0;
      for (Param p : params) {
        if (p.frozen) {
          continue;
        }
        for (int i = 0; i < p.w.length; i++) {
          double gi = p.g[i] + weightDecay * p.w[i];
          p.g[i] = gi;
          sq += gi * gi;
        }
      }
      double scale = Math.sqrt(sq) > clip ? clip / Math.sqrt(sq) : 1;
      step++;
      double b1 = 0.9;
      double b2 = 0.999;
      double c1 = 1 - Math.pow(b1, step);
      double c2 = 1 - Math.pow(b2, step);
      for (Param p : params) {
        if (p.frozen) {
          java.util.Arrays.fill(p.g, 0);
          continue;
        }
        double[] w = p.w;
        double[] g = p.g;
        double[] m = p.m;
        double[] v = p.v;
        for (int i = 0; i < w.length; i++) {
          double gi = g[i] * scale;
          m[i] = b1 * m[i] + (1 - b1) * gi;
          v[i] = b2 * v[i] + (1 - b2) * gi * gi;
          w[i] -= lr * (m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8);
          g[i] = 0;
        }
      }
    }
  }
}
