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

  /** Class names, indexed by predicted class. */
  List<String> classNames();

  @Override
  void close();
}
