package org.nas4j.pbt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.InputException;
import org.nas4j.train.Classifier;
import org.nas4j.train.Sgd;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Batch;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Loader;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.network.NetworkConfig;
import org.nas4j.pbt.space.CellGenes;
import org.nas4j.pbt.space.LayerNetwork;
import org.nas4j.pbt.space.LayerSpace;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/**
 * The best member of a finished PBT run, ready to use: {@code best.json} (architecture, network size, input
 * normalisation, class names) and {@code best.bin} (its weights) in the run directory. The weights are the
 * ones the search trained; nothing is retrained. Owns native memory: close it.
 */
public final class PbtModel implements Classifier {
  private final NDManager manager;
  private final GeneNetwork network;
  private final Normalization normalization;
  private final List<String> classNames;
  private final ParameterStore store;

  private PbtModel(NDManager manager, GeneNetwork network, Normalization normalization, List<String> classNames) {
    this.manager = manager;
    this.network = network;
    this.normalization = normalization;
    this.classNames = List.copyOf(classNames);
    this.store = new ParameterStore(manager, false);
  }

  /** Loads the best member of the run in {@code runDir}. */
  public static PbtModel load(Path runDir) {
    Path json = runDir.resolve("best.json");
    Path bin = runDir.resolve("best.bin");
    if (!Files.isRegularFile(json) || !Files.isRegularFile(bin)) {
      throw new InputException("no finished PBT run in " + runDir + ": expected best.json and best.bin as written at the "
          + "end of 'nas4j pbt'");
    }
    JsonObject o;
    try {
      o = new Gson().fromJson(Files.readString(json), JsonObject.class);
    } catch (IOException | RuntimeException e) {
      throw new InputException("cannot read " + json + " (" + e.getMessage() + "): finish or rerun the search", e);
    }
    List<String> classes = new ArrayList<>();
    o.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
    int[] img = new Gson().fromJson(o.get("image"), int[].class);
    float[] mean = new Gson().fromJson(o.get("normalization_mean"), float[].class);
    float[] std = new Gson().fromJson(o.get("normalization_std"), float[].class);
    int channels = o.get("channels").getAsInt();
    int positions = o.get("positions").getAsInt();
    boolean cells = o.has("space_kind") && o.get("space_kind").getAsString().equals("nb201");
    GeneNetwork net;
    if (cells) {
      Architecture a = CellSpace.NB201.parse(o.get("architecture").getAsString());
      net = CellGenes.build(a, new NetworkConfig(channels, positions, img[0], img[1], img[2], classes.size()));
    } else {
      Architecture a = new LayerSpace(o.get("stages").getAsInt(), positions).parse(o.get("architecture").getAsString());
      net = LayerNetwork.build(a, channels, new Shape(img[0], img[1], img[2]), classes.size());
    }
    Weights w = Checkpoint.load(bin).weights();
    NDManager m = Engines.pytorch().newBaseManager();
    try {
      Autograd.inference();
      net.initialize(m);
      w.loadInto(net);
    } catch (RuntimeException e) {
      m.close();
      throw new InputException(bin + " does not fit the architecture in " + json + " (" + e.getMessage() + ")", e);
    }
    return new PbtModel(m, net, new Normalization(mean, std), classes);
  }

  public Architecture architecture() {
    return network.architecture();
  }

  public List<String> classNames() {
    return classNames;
  }

  /** The predicted class index of every image, in order. */
  public int[] predict(ImageSet images) {
    Shape s = network.inputShape();
    if (images.channels() != s.get(0) || images.height() != s.get(1) || images.width() != s.get(2)) {
      throw new InputException(images.name() + " has " + images.channels() + "x" + images.height() + "x" + images.width()
          + " images, the model needs " + s.get(0) + "x" + s.get(1) + "x" + s.get(2));
    }
    Autograd.inference();
    int[] out = new int[images.size()];
    int k = 0;
    for (Batch b : new Loader(images, normalization, 256, Augmentation.NONE).inOrder()) {
      try (NDManager bm = manager.newSubManager()) {
        NDArray logits = network.block().forward(store, new NDList(Sgd.input(bm, b)), false).singletonOrThrow();
        for (int p : logits.argMax(1).toType(DataType.INT32, false).toIntArray()) {
          out[k++] = p;
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
