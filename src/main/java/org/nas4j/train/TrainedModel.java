package org.nas4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.function.IntConsumer;
import org.nas4j.InputException;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Batch;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Loader;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.evaluate.Provenance;
import org.nas4j.network.CellNetwork;

/**
 * A trained network with everything needed to use it: its architecture, the normalisation of its inputs
 * and the class names. Owns native memory: close it (try-with-resources). Not thread-safe; use one per thread.
 */
public final class TrainedModel implements Classifier {
  private final NDManager manager;
  private final CellNetwork network;
  private final Normalization normalization;
  private final List<String> classNames;
  private final TrainConfig config;
  private final TrainResult result;
  private final Provenance provenance;
  private final ParameterStore store;

  TrainedModel(NDManager manager, CellNetwork network, Normalization normalization, List<String> classNames,
      TrainConfig config, TrainResult result, Provenance provenance) {
    this.manager = manager;
    this.network = network;
    this.normalization = normalization;
    this.classNames = List.copyOf(classNames);
    this.config = config;
    this.result = result;
    this.provenance = provenance;
    this.store = new ParameterStore(manager, false);
  }

  public CellNetwork network() {
    return network;
  }

  public Normalization normalization() {
    return normalization;
  }

  public List<String> classNames() {
    return classNames;
  }

  public TrainConfig config() {
    return config;
  }

  /** How training went (as saved with the model). */
  public TrainResult result() {
    return result;
  }

  /** The recipe and software that trained it, or null for a model saved before they were recorded. */
  public Provenance provenance() {
    return provenance;
  }

  /** The same model (sharing its native memory) with its training result attached. */
  TrainedModel withResult(TrainResult r) {
    return new TrainedModel(manager, network, normalization, classNames, config, r, provenance);
  }

  NDManager manager() {
    return manager;
  }

  /** The predicted class index of every image, in order. */
  public int[] predict(ImageSet images) {
    return predict(images, done -> {});
  }

  /** {@link #predict(ImageSet)}, telling {@code progress} how many images are done after every batch. */
  public int[] predict(ImageSet images, IntConsumer progress) {
    checkShape(images);
    Autograd.inference();
    int[] out = new int[images.size()];
    int k = 0;
    Loader loader = new Loader(images, normalization, config.evalBatchSize(), Augmentation.NONE);
    for (Batch b : loader.inOrder()) {
      try (NDManager bm = manager.newSubManager()) {
        NDArray logits = network.logits(store, Sgd.input(bm, b), false);
        long[] top = logits.argMax(1).toLongArray();
        for (long t : top) {
          out[k++] = (int) t;
        }
      }
      progress.accept(k);
    }
    return out;
  }

  /** {@link #accuracy(ImageSet)}, telling {@code progress} how many images are done after every batch. */
  public double accuracy(ImageSet images, IntConsumer progress) {
    return Classifier.accuracy(predict(images, progress), images);
  }

  private void checkShape(ImageSet images) {
    var c = network.config();
    if (images.channels() != c.inputChannels() || images.height() != c.height() || images.width() != c.width()) {
      throw new InputException(images.name() + " has " + images.height() + "x" + images.width() + "x"
          + images.channels() + " images but the model takes " + c.height() + "x" + c.width() + "x"
          + c.inputChannels() + ": use images of the training size");
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
