package org.nas4j.network;

/** Output sizes of the network's layers. */
final class Sizes {
  private Sizes() {}

  /** Output side of a convolution with padding kernel/2. */
  static long conv(long side, int kernel, int stride) {
    return (side + 2L * (kernel / 2) - kernel) / stride + 1;
  }
}
