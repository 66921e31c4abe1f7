package org.nas4j.data;

import org.nas4j.InputException;

/**
 * How a dataset is cut and fed: the fraction of the training images held out for validation, optional caps
 * on each split (0 = all), the seed of the validation split and of the caps, and the training augmentation
 * ({@code null} = automatic: {@link Augmentation#CIFAR} for colour images, {@link Augmentation#NONE} for grey).
 *
 * @param validFraction fraction of the training images held out for validation, in {@code [0, 1)}
 * @param trainLimit at most this many training images (0 = all), a seeded sample
 * @param validLimit at most this many validation images (0 = all), a seeded sample
 * @param testLimit at most this many test images (0 = all), a seeded sample
 * @param seed seed of the validation split and of the samples the limits take
 * @param augmentation training augmentation, or {@code null} for the automatic choice
 * @param cutout cutout square in pixels added to the (given or automatic) augmentation, 0 for none
 */
public record DataOptions(double validFraction, int trainLimit, int validLimit, int testLimit, long seed,
    Augmentation augmentation, int cutout) {

  /** Options without cutout. */
  public DataOptions(double validFraction, int trainLimit, int validLimit, int testLimit, long seed,
      Augmentation augmentation) {
    this(validFraction, trainLimit, validLimit, testLimit, seed, augmentation, 0);
  }

  public DataOptions {
    if (!(validFraction >= 0 && validFraction < 1)) {
      throw new InputException("validation fraction must be in [0, 1), got " + validFraction
          + ": pass e.g. 0.1 to hold out 10% of the training images");
    }
    if (trainLimit < 0 || validLimit < 0 || testLimit < 0) {
      throw new InputException("image limits must be >= 0 (0 = all), got train " + trainLimit + ", valid "
          + validLimit + ", test " + testLimit);
    }
    if (cutout < 0) {
      throw new InputException("cutout must be >= 0 pixels, got " + cutout + ": pass --cutout 16 (NAO's) or 0");
    }
  }

  /** 10% validation, all images, seed 0, automatic augmentation. */
  public static DataOptions defaults() {
    return new DataOptions(0.1, 0, 0, 0, 0L, null);
  }

  public DataOptions withValidFraction(double fraction) {
    return new DataOptions(fraction, trainLimit, validLimit, testLimit, seed, augmentation, cutout);
  }

  public DataOptions withTrainLimit(int limit) {
    return new DataOptions(validFraction, limit, validLimit, testLimit, seed, augmentation, cutout);
  }

  public DataOptions withValidLimit(int limit) {
    return new DataOptions(validFraction, trainLimit, limit, testLimit, seed, augmentation, cutout);
  }

  public DataOptions withTestLimit(int limit) {
    return new DataOptions(validFraction, trainLimit, validLimit, limit, seed, augmentation, cutout);
  }

  public DataOptions withSeed(long newSeed) {
    return new DataOptions(validFraction, trainLimit, validLimit, testLimit, newSeed, augmentation, cutout);
  }

  /** @param aug the training augmentation, or {@code null} for the automatic choice */
  public DataOptions withAugmentation(Augmentation aug) {
    return new DataOptions(validFraction, trainLimit, validLimit, testLimit, seed, aug, cutout);
  }

  /** The same with a cutout square of {@code pixels} on top of the augmentation (0: none). */
  public DataOptions withCutout(int pixels) {
    return new DataOptions(validFraction, trainLimit, validLimit, testLimit, seed, augmentation, pixels);
  }
}
