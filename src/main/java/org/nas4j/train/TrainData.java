package org.nas4j.train;

import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.data.Augmentation;
import org.nas4j.data.DataSplit;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Normalization;

/**
 * What a network trains on: training, validation and (optionally) test images, the normalisation measured
 * on the training images, and the training-time augmentation. The same record feeds a single training
 * ({@link Trainer}), a search and a PBT run (which selects members on {@code valid} and reports the best
 * member's accuracy on {@code test} once, at the end).
 *
 * @param task the task name stored with results (e.g. {@code fashion-mnist})
 * @param test may be null when there is no test split; test accuracy is then NaN
 */
public record TrainData(String task, ImageSet train, ImageSet valid, ImageSet test, Normalization normalization,
    Augmentation augmentation) {
  public TrainData {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(valid, "valid");
    Objects.requireNonNull(normalization, "normalization");
    augmentation = augmentation == null ? Augmentation.NONE : augmentation;
    if (train.size() == 0) {
      throw new InputException(task + ": no training images");
    }
    if (valid.size() == 0) {
      throw new InputException(task + ": no validation images");
    }
    for (ImageSet s : test == null ? new ImageSet[] {valid} : new ImageSet[] {valid, test}) {
      if (s.height() != train.height() || s.width() != train.width() || s.channels() != train.channels()
          || s.classes() != train.classes()) {
        throw new InputException(task + ": " + s + " does not match the training images " + train);
      }
    }
  }

  /** Training images, with normalisation from them and no augmentation; validation and test as given. */
  public static TrainData of(String task, ImageSet train, ImageSet valid, ImageSet test) {
    return new TrainData(task, train, valid, test, Normalization.of(train), Augmentation.NONE);
  }

  /** The splits, normalisation and augmentation of a loaded dataset. */
  public static TrainData from(DataSplit split) {
    return new TrainData(split.task(), split.train(), split.valid(), split.test(), split.normalization(),
        split.augmentation());
  }
}
