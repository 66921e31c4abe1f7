package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.train.Classifier;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainData;
import org.nas4j.train.Sgd;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Batch;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Loader;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Provenance;
import org.nas4j.network.NetworkConfig;
import org.nas4j.pbt.space.CellGenes;
import org.nas4j.pbt.space.LayerNetwork;
import org.nas4j.pbt.space.LayerSpace;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.util.Json;

/**
 * The best member of a finished PBT run, ready to use: the run directory holds it as a model folder
 * ({@code model.json} with a {@code pbt} section, and {@code weights.params}; see {@link ModelFiles}). The
 * weights are the ones the search trained; nothing is retrained. Run directories finished before model
 * folders ({@code best.json} + {@code best.bin}) still load. Owns native memory: close it.
 */
public final class PbtModel implements Classifier {
  private static final String LEGACY_JSON = "best.json";
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

  /** Whether {@code dir} holds the best member of a PBT run (rather than another model folder). */
  public static boolean holds(Path dir) {
    return Files.isRegularFile(dir.resolve(LEGACY_JSON)) && !Files.exists(dir.resolve(ModelFiles.MODEL_JSON))
        || Files.isRegularFile(dir.resolve(ModelFiles.MODEL_JSON)) && ModelFiles.isPbt(ModelFiles.describe(dir));
  }

  /** Writes the best member as a model folder into {@code dir}; {@code network} holds its weights. */
  static void save(Path dir, GeneNetwork network, PbtConfig config, TrainData data, Map<String, Object> result,
      Provenance provenance) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", network.architecture().toString());
    m.put("space", network.architecture().space().name());
    m.put(ModelFiles.PBT, Map.of("space", config.space(), "stages", config.stages(), "positions", config.positions(),
        "channels", config.channels()));
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("input_channels", data.train().channels());
    n.put("height", data.train().height());
    n.put("width", data.train().width());
    n.put("classes", data.train().classes());
    m.put("network", n);
    m.put("train", config.train().describe());
    m.put("normalization", Map.of("mean", data.normalization().mean(), "std", data.normalization().std()));
    m.put("classes", data.train().classNames());
    m.put("result", result);
    m.put(ModelFiles.PROVENANCE, provenance.describe());
    ModelFiles.write(dir, m, network.block());
  }

  /** Loads the best member of the run in {@code runDir}. */
  public static PbtModel load(Path runDir) {
    if (!Files.exists(runDir.resolve(ModelFiles.MODEL_JSON)) && Files.isRegularFile(runDir.resolve(LEGACY_JSON))) {
      return loadLegacy(runDir);
    }
    Map<?, ?> m = ModelFiles.describe(runDir);
    Path json = runDir.resolve(ModelFiles.MODEL_JSON);
    if (!ModelFiles.isPbt(m)) {
      throw new InputException(json + " is not the best member of a PBT run: load it with ModelFiles.load");
    }
    GeneNetwork net;
    try {
      Map<?, ?> p = (Map<?, ?>) m.get(ModelFiles.PBT);
      Map<?, ?> n = (Map<?, ?>) m.get("network");
      List<String> classes = ModelFiles.classes(m);
      net = build((String) p.get("space"), (String) m.get("architecture"), num(p, "stages"), num(p, "positions"),
          num(p, "channels"), new int[] {num(n, "input_channels"), num(n, "height"), num(n, "width")}, classes.size());
    } catch (ClassCastException | NullPointerException e) {
      throw new InputException(json + " is missing fields or has fields of the wrong type (" + e.getMessage()
          + "): finish or rerun the search", e);
    }
    NDManager mg = Engines.pytorch().newBaseManager();
    try {
      Autograd.inference();
      net.initialize(mg);
      ModelFiles.loadWeights(runDir, net.block(), mg);
    } catch (RuntimeException e) {
      mg.close();
      throw e;
    }
    return new PbtModel(mg, net, ModelFiles.normalization(m), ModelFiles.classes(m));
  }

  private static int num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).intValue();
  }

  /** The network of a member: {@code space} is {@code layers} or {@code nb201}; {@code image} is CHW. */
  private static GeneNetwork build(String space, String architecture, int stages, int positions, int channels,
      int[] image, int classes) {
    if (space.equals("nb201")) {
      Architecture a = CellSpace.NB201.parse(architecture);
      return CellGenes.build(a, new NetworkConfig(channels, positions, image[0], image[1], image[2], classes));
    }
    Architecture a = new LayerSpace(stages, positions).parse(architecture);
    return LayerNetwork.build(a, channels, new Shape(image[0], image[1], image[2]), classes);
  }

  /** A run finished before model folders: {@code best.json} and the best member's checkpoint {@code best.bin}. */
  private static PbtModel loadLegacy(Path runDir) {
    Path json = runDir.resolve(LEGACY_JSON);
    Path bin = runDir.resolve("best.bin");
    JsonObject o;
    try {
      o = Json.GSON.fromJson(Files.readString(json), JsonObject.class);
    } catch (IOException | RuntimeException e) {
      throw new InputException("cannot read " + json + " (" + e.getMessage() + "): finish or rerun the search", e);
    }
    List<String> classes = new ArrayList<>();
    o.getAsJsonArray("classes").forEach(e -> classes.add(e.getAsString()));
    int[] img = Json.GSON.fromJson(o.get("image"), int[].class);
    float[] mean = Json.GSON.fromJson(o.get("normalization_mean"), float[].class);
    float[] std = Json.GSON.fromJson(o.get("normalization_std"), float[].class);
    String space = o.has("space_kind") ? o.get("space_kind").getAsString() : "layers";
    GeneNetwork net = build(space, o.get("architecture").getAsString(), o.get("stages").getAsInt(),
        o.get("positions").getAsInt(), o.get("channels").getAsInt(), img, classes.size());
    NDManager m = Engines.pytorch().newBaseManager();
    try {
      Autograd.inference();
      net.initialize(m);
      Checkpoint.load(bin).weights().loadInto(net);
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
