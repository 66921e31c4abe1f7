package org.nas4j.data;

/**
 * Training-time augmentation for colour images, as in the NAS-Bench-201 recipe: a random crop of the
 * original size from the image zero-padded by {@code cropPadding} pixels, and a horizontal flip with
 * probability 1/2; optionally cutout (DeVries &amp; Taylor 2017, NAO's final training: 16 pixels on CIFAR): a
 * square of {@code cutout} pixels, centred anywhere in the image, set to zero after normalisation. None is
 * applied to validation or test batches.
 */
public record Augmentation(int cropPadding, boolean horizontalFlip, int cutout) {
  /** No augmentation (the default for grey images such as Fashion-MNIST). */
  public static final Augmentation NONE = new Augmentation(0, false);
  /** Pad 4 and crop, plus flips: CIFAR's standard augmentation. */
  public static final Augmentation CIFAR = new Augmentation(4, true);

  public Augmentation {
    if (cropPadding < 0) {
      throw new IllegalArgumentException("crop padding must be >= 0, got " + cropPadding);
    }
    if (cutout < 0) {
      throw new org.nas4j.InputException("cutout must be >= 0 pixels, got " + cutout + ": pass --cutout 16 (NAO's) or 0");
    }
  }

  /** Crop and flip without cutout. */
  public Augmentation(int cropPadding, boolean horizontalFlip) {
    this(cropPadding, horizontalFlip, 0);
  }

  /** The same with a cutout square of {@code pixels} (0: none). */
  public Augmentation withCutout(int pixels) {
    return new Augmentation(cropPadding, horizontalFlip, pixels);
  }

  /** The record's text, without cutout when there is none: data fingerprints of earlier studies stay the same. */
  @Override
  public String toString() {
    return "Augmentation[cropPadding=" + cropPadding + ", horizontalFlip=" + horizontalFlip
        + (cutout > 0 ? ", cutout=" + cutout : "") + "]";
  }

  public boolean isNone() {
    return cropPadding == 0 && !horizontalFlip && cutout == 0;
  }
}
