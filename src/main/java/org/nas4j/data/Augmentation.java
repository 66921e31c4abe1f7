package org.nas4j.data;

/**
 * Training-time augmentation for colour images, as in the NAS-Bench-201 recipe: a random crop of the
 * original size from the image zero-padded by {@code cropPadding} pixels, and a horizontal flip with
 * probability 1/2. Neither is applied to validation or test batches.
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {
  /** No augmentation (the default for grey images such as Fashion-MNIST). */
  public static final Augmentation NONE = new Augmentation(0, false);
  /** Pad 4 and crop, plus flips: CIFAR's standard augmentation. */
  public static final Augmentation CIFAR = new Augmentation(4, true);

  public Augmentation {
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be >= 0, got " + cropPadding);
    }
  }

  public boolean isNone() {
    return cropPadding == 0 && !horizontalFlip;
  }
}
