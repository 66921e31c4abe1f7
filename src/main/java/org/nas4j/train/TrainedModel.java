package org.nas4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.nas4j.InputException;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Batch;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Loader;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.evaluate.Provenance;
import org.nas4j.space.Architecture;

/**
 * nas4j's one model type: a trained network with everything needed to use it, its architecture, the normalisation
 * of its inputs and the class names, whether it was trained by {@code nas4j train}, a search's final training, or is
 * the best member of a PBT run. A model folder holds it on disk ({@link ModelFiles}). Owns native memory: close it
 * (try-with-resources). Not thread-safe; use one per thread.
 */
public final class TrainedModel implements AutoCloseable {
  /** Images per batch when a model's own recipe does not say (a PBT member's). */
  public static final int EVAL_BATCH_SIZE = 256;

  /**
   * The network of a model: its DJL block, the architecture it was built from and the shape of one image (CHW).
   */
  public record Network(Block block, Architecture architecture, Shape image) {
    public Network {
      Objects.requireNonNull(block, "block");
      Objects.requireNonNull(architecture, "architecture");
      if (image.dimension() != 3) {
        throw new IllegalArgumentException("an image is CHW, got " + image);
      }
    }
  }

  private final NDManager manager;
  private final Network network;
  private final Normalization normalization;
  private final List<String> classNames;
  private final TrainConfig config;
  private final TrainResult result;
  private final Provenance provenance;
  private final ParameterStore store;

  TrainedModel(NDManager manager, Network network, Normalization normalization, List<String> classNames,
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

  /**
   * A model of a network trained elsewhere (a PBT member), whose weights live in {@code manager}; the model owns
   * the manager from now on.
   */
  public static TrainedModel of(NDManager manager, Network network, Normalization normalization,
      List<String> classNames, Provenance provenance) {
    return new TrainedModel(manager, network, normalization, classNames, null, null, provenance);
  }

  public Architecture architecture() {
    return network.architecture();
  }

  /** The network's block, for saving its weights. */
  Block block() {
    return network.block();
  }

  /** The shape of one input image, CHW. */
  public Shape image() {
    return network.image();
  }

  public Normalization normalization() {
    return normalization;
  }

  public List<String> classNames() {
    return classNames;
  }

  /** How it was trained by {@link Trainer}, or null for a network trained elsewhere (a PBT member). */
  public TrainConfig config() {
    return config;
  }

  /** How training went (as saved with the model), or null when it is not recorded. */
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

  /** The predicted class index of every image, in order. */
  public int[] predict(ImageSet images) {
    return predict(images, done -> {});
  }

  /** {@link #predict(ImageSet)}, telling {@code progress} how many images are done after every batch. */
  public int[] predict(ImageSet images, IntConsumer progress) {
    checkShape(images);
    Autograd.inference();
    int batch = config == null ? EVAL_BATCH_SIZE : config.evalBatchSize();
    return predict(network.block(), store, manager, new Loader(images, normalization, batch, Augmentation.NONE),
        progress);
  }

  /**
   * The predicted class index of every image {@code images} yields, in order, by an initialised network in
   * inference mode; each batch lives in a sub-manager of {@code manager}. The one inference loop of nas4j.
   */
  public static int[] predict(Block network, ParameterStore store, NDManager manager, Loader images,
      IntConsumer progress) {
    int[] out = new int[images.set().size()];
    int k = 0;
    for (Batch b : images.inOrder()) {
      try (NDManager bm = manager.newSubManager()) {
        NDArray logits = network.forward(store, new NDList(Sgd.input(bm, b)), false).singletonOrThrow();
        for (long t : logits.argMax(1).toLongArray()) {
          out[k++] = (int) t;
        }
      }
      progress.accept(k);
    }
    return out;
  }

  /** The fraction of {@code images} whose predicted class equals their label; NaN when there are none. */
  public double accuracy(ImageSet images) {
    return accuracy(predict(images), images);
  }

  /** {@link #accuracy(ImageSet)}, telling {@code progress} how many images are done after every batch. */
  public double accuracy(ImageSet images, IntConsumer progress) {
    return accuracy(predict(images, progress), images);
  }

  /** The fraction of {@code predicted} classes that equal the labels of {@code images}; NaN when there are none. */
  public static double accuracy(int[] predicted, ImageSet images) {
    int right = 0;
    for (int i = 0; i < predicted.length; i++) {
      right += predicted[i] == images.label(i) ? 1 : 0;
    }
    return predicted.length == 0 ? Double.NaN : (double) right / predicted.length;
  }

  private void checkShape(ImageSet images) {
    Shape s = network.image();
    if (images.channels() != s.get(0) || images.height() != s.get(1) || images.width() != s.get(2)) {
      throw new InputException(images.name() + " has " + images.height() + "x" + images.width() + "x"
          + images.channels() + " images but the model takes " + s.get(1) + "x" + s.get(2) + "x" + s.get(0)
          + ": use images of the training size");
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
