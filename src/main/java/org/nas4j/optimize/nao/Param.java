package org.nas4j.optimize.nao;

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
}
