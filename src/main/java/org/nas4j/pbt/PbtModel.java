package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.ModelFiles;
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
 * The best member of a finished PBT run as a {@link TrainedModel}: the run directory holds it as a model folder
 * ({@code model.json} with a {@code pbt} section, and {@code weights.params}; see {@link ModelFiles}). The
 * weights are the ones the search trained; nothing is retrained. Run directories finished before model
 * folders ({@code best.json} + {@code best.bin}) still load.
 */
public final class PbtModel {
  private static final String LEGACY_JSON = "best.json";

  private PbtModel() {}

  /** Whether {@code dir} holds the best member of a PBT run (rather than another model folder). */
  public static boolean holds(Path dir) {
    return Files.isRegularFile(dir.resolve(LEGACY_JSON)) && !Files.exists(dir.resolve(ModelFiles.MODEL_JSON))
        || Files.isRegularFile(dir.resolve(ModelFiles.MODEL_JSON)) && ModelFiles.isPbt(ModelFiles.describe(dir));
  }

  /** A member's network and weights as a model; the caller closes it. */
  static TrainedModel of(GeneNetwork network, Weights weights, Normalization normalization, List<String> classes,
      Provenance provenance) {
    NDManager m = Engines.newManager();
    try {
      Autograd.inference();
      network.initialize(m);
      weights.loadInto(network);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    return TrainedModel.of(m, model(network), normalization, classes, provenance);
  }

  /** Writes the best member {@code model} of a run with {@code config} as a model folder into {@code dir}. */
  static void save(Path dir, TrainedModel model, PbtConfig config, Map<String, Object> result) throws IOException {
    ModelFiles.save(dir, model, Map.of(ModelFiles.PBT, Map.of("space", config.space(), "stages", config.stages(),
        "positions", config.positions(), "channels", config.channels())), result);
  }

  /** Loads the best member of the run in {@code runDir}; the caller closes it. */
  public static TrainedModel load(Path runDir) {
    if (!Files.exists(runDir.resolve(ModelFiles.MODEL_JSON)) && Files.isRegularFile(runDir.resolve(LEGACY_JSON))) {
      return loadLegacy(runDir);
    }
    if (!ModelFiles.isPbt(ModelFiles.describe(runDir))) {
      throw new InputException(runDir.resolve(ModelFiles.MODEL_JSON) + " is not the best member of a PBT run: "
          + "load it with ModelFiles.load");
    }
    return ModelFiles.load(runDir, m -> {
      Map<?, ?> p = (Map<?, ?>) m.get(ModelFiles.PBT);
      Map<?, ?> n = (Map<?, ?>) m.get("network");
      return model(build((String) p.get("space"), (String) m.get("architecture"), num(p, "stages"),
          num(p, "positions"), num(p, "channels"), new int[] {num(n, "input_channels"), num(n, "height"),
              num(n, "width")}, num(n, "classes")));
    });
  }

  private static TrainedModel.Network model(GeneNetwork net) {
    return new TrainedModel.Network(net.block(), net.architecture(), net.inputShape());
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
  private static TrainedModel loadLegacy(Path runDir) {
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
    try {
      return of(net, Checkpoint.load(bin).weights(), new Normalization(mean, std), classes, null);
    } catch (RuntimeException e) {
      throw new InputException(bin + " does not fit the architecture in " + json + " (" + e.getMessage() + ")", e);
    }
  }
}
