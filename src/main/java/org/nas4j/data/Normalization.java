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
    double[] sum = new double[ch];
    double[] sq = new double[ch];
    byte[] px = set.rawPixels();
    for (int i = 0; i < px.length; i++) {
      double v = (px[i] & 0xFF) / 255.0;
      int c = i % ch;
      sum[c] += v;
      sq[c] += v * v;
    }
    long n = Math.max(1, (long) px.length / ch);
    float[] mean = new float[ch];
    float[] std = new float[ch];
    for (int c = 0; c < ch; c++) {
      double m = sum[c] / n;
      mean[c] = (float) m;
      std[c] = (float) Math.sqrt(Math.max(0, sq[c] / n - m * m));
    }
    return new Normalization(mean, std);
  }

  public int channels() {
    return mean.length;
  }
}
