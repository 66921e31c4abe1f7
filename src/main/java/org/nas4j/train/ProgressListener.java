package org.nas4j.train;

/** Hears about training as it happens (for progress bars and logs); called on the training thread. */
@FunctionalInterface
public interface ProgressListener {
  /** Ignores everything. */
  ProgressListener NONE = p -> {};

  /** After every SGD step. */
  void onBatch(Progress progress);

  /**
   * While accuracy is measured after training (validation then test images): {@code done} of {@code total}
   * images so far, first with {@code done = 0}.
   */
  default void onEvaluating(int done, int total) {}

  /**
   * One step of training.
   *
   * @param epoch 1-based epoch
   * @param batch 1-based batch within the epoch
   * @param loss this batch's mean cross-entropy
   * @param imagesPerSecond training images per second since training started
   */
  record Progress(int epoch, int epochs, int batch, int batches, double loss, double learningRate,
      double imagesPerSecond, double elapsedSeconds) {}
}
