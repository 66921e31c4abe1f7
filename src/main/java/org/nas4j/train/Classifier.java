package org.nas4j.train;

import java.util.List;
import org.nas4j.data.ImageSet;

/**
 * A trained network that classifies images: a model folder from {@code nas4j export} or {@code train --save}
 * ({@link TrainedModel}), or the best member of a PBT run ({@code org.nas4j.pbt.PbtModel}). Holds native
 * memory until closed.
 */
public interface Classifier extends AutoCloseable {

  /** The predicted class index of every image, in order. */
  int[] predict(ImageSet images);

  /** The fraction of {@code images} whose predicted class equals their label; NaN when there are none. */
  default double accuracy(ImageSet images) {
    return accuracy(predict(images), images);
  }

  /** The fraction of {@code predicted} classes that equal the labels of {@code images}; NaN when there are none. */
  static double accuracy(int[] predicted, ImageSet images) {
    int right = 0;
    for (int i = 0; i < predicted.length; i++) {
      right += predicted[i] == images.label(i) ? 1 : 0;
    }
    return predicted.length == 0 ? Double.NaN : (double) right / predicted.length;
  }

  /** Class names, indexed by predicted class. */
  List<String> classNames();

  @Override
  void close();
}
