package org.nas4j.data;

/**
 * Per-channel normalisation {@code (x/255 - mean[c]) / std[c]}, with mean and std measured on the training
 * split only (the validation and test images must not leak into it).
 */
public record Normalization(float[] mean, float[] std) {
  public Normalization {
    if (mean.length != std.length || mean.length == 0) {
      throw new IllegalArgumentException("mean and std need one value per channel");
    }
    mean = mean.clone();
    std = std.clone();
    for (int c = 0; c < std.length; c++) {
      if (!(std[c] > 0)) {
        std[c] = 1f; // a constant channel: centre it, do not divide by zero
      }
    }
  }

  /** Mean and standard deviation of each channel over every pixel of {@code set} (values in 0..1). */
  public static Normalization of(ImageSet set) {
    int ch = set.channels();
    // exact integer sums: 70k images of 784 pixels sum to at most 2^40 (squares 2^48), far below 2^63
    long[] sum = new long[ch];
    long[] sq = new long[ch];
    byte[] px = set.rawPixels();
    for (int c = 0; c < ch; c++) {
      long s = 0;
      long q = 0;
      for (int i = c; i < px.length; i += ch) {
        int v = px[i] & 0xFF;
        s += v;
        q += v * v;
      }
      sum[c] = s;
      sq[c] = q;
    }
    long n = Math.max(1, (long) px.length / ch);
    float[] mean = new float[ch];
    float[] std = new float[ch];
    for (int c = 0; c < ch; c++) {
      double m = sum[c] / (double) n / 255.0;
      double var = sq[c] / (double) n / (255.0 * 255.0) - m * m;
      mean[c] = (float) m;
      std[c] = (float) Math.sqrt(Math.max(0, var));
    }
    return new Normalization(mean, std);
  }

  public int channels() {
    return mean.length;
  }
}
