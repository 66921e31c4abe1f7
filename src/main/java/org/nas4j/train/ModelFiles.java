package org.nas4j.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Provenance;
import org.nas4j.network.ImageNetwork;
import org.nas4j.network.NetworkConfig;
import org.nas4j.network.NetworkOptions;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaces;
import org.nas4j.util.Json;

/**
 * A trained model on disk: a folder with {@code model.json} (architecture, how to build its network, input size,
 * normalisation, class names, training result, provenance with the recipe) and {@code weights.params} (DJL's
 * parameter format, which is positional, so the JSON's architecture rebuilds the exact same block first). Every
 * {@link TrainedModel} is saved and read here: a cell network with its space's ops, channels and cells, or the best
 * member of a PBT run, whose {@code pbt} section says how to build its network ({@code org.nas4j.pbt.PbtModel}
 * hands the builder to {@link #load(Path, NetworkReader)}).
 *
 * <p>The recipe is written once, in the provenance; folders saved before provenance was recorded hold it in the
 * {@code train} section, and are read as before.
 */
public final class ModelFiles {
  /** The description file in a model folder. */
  public static final String MODEL_JSON = "model.json";
  /** The weights file in a model folder. */
  public static final String WEIGHTS = "weights.params";
  private static final String FORMAT = "nas4j-model";
  private static final int VERSION = 1;
  /** The section of model.json (and PBT's result.json) with the recipe and software that trained the model. */
  public static final String PROVENANCE = "provenance";
  /** The section of a PBT member's model.json that says how to build its network. */
  public static final String PBT = "pbt";

  /** Builds the (uninitialised) network that a parsed model.json describes. */
  @FunctionalInterface
  public interface NetworkReader {
    /**
     * @throws ClassCastException or NullPointerException when a field is missing or of the wrong type
     */
    TrainedModel.Network read(Map<?, ?> description);
  }

  private ModelFiles() {}

  /**
   * Writes a model that {@link Trainer} trained (or this class read) into {@code dir} (created if needed; files of
   * the same name are replaced).
   */
  public static void save(Path dir, TrainedModel model) throws IOException {
    TrainConfig c = model.config();
    if (c == null) {
      throw new IllegalArgumentException("a model trained elsewhere is saved with the section that builds its network");
    }
    Map<String, Object> build = new LinkedHashMap<>();
    if (model.architecture().space() instanceof CellSpace cs) {
      build.put("ops", cs.ops());
    }
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("channels", c.channels());
    sizes.put("cells", c.cells());
    if (!c.options().equals(NetworkOptions.NONE)) { // the auxiliary head has weights: the network needs it to load
      sizes.putAll(c.options().describe());
    }
    Map<String, Object> train = new LinkedHashMap<>();
    if (model.provenance() == null) { // nowhere else to keep the recipe
      train.put("epochs", c.epochs());
      train.putAll(c.recipe().describe());
    }
    train.put("seed", c.seed());
    train.put("eval_batch_size", c.evalBatchSize());
    write(dir, model, build, sizes, train, model.result() == null ? null : summary(model.result()));
  }

  /**
   * Writes a model trained elsewhere (a PBT member) into {@code dir}: {@code build} holds the top-level sections
   * that say how to build its network, {@code result} how it scored.
   */
  public static void save(Path dir, TrainedModel model, Map<String, Object> build, Map<String, Object> result)
      throws IOException {
    write(dir, model, build, Map.of(), null, result);
  }

  private static void write(Path dir, TrainedModel model, Map<String, Object> build, Map<String, Object> sizes,
      Map<String, Object> train, Map<String, Object> result) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    m.put("architecture", model.architecture().toString());
    m.put("space", model.architecture().space().name());
    m.putAll(build);
    Map<String, Object> network = new LinkedHashMap<>(sizes);
    network.put("input_channels", model.image().get(0));
    network.put("height", model.image().get(1));
    network.put("width", model.image().get(2));
    network.put("classes", model.classNames().size());
    m.put("network", network);
    if (train != null) {
      m.put("train", train);
    }
    m.put("normalization", Map.of("mean", model.normalization().mean(), "std", model.normalization().std()));
    m.put("classes", model.classNames());
    if (result != null) {
      m.put("result", result);
    }
    if (model.provenance() != null) {
      m.put(PROVENANCE, model.provenance().describe());
    }
    Files.createDirectories(dir);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(dir.resolve(WEIGHTS))))) {
      model.block().saveParameters(out);
    }
    Files.writeString(dir.resolve(MODEL_JSON), Json.write(m), StandardCharsets.UTF_8);
  }

  /** The JSON summary of a training result, accuracies as fractions (as {@code nas4j train --json} writes it). */
  public static Map<String, Object> summary(TrainResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("arch", r.architecture());
    m.put("task", r.task());
    m.put("epochs", r.epochs());
    m.put("valid_accuracy", r.validAccuracy());
    m.put("test_accuracy", r.testAccuracy());
    m.put("train_loss", r.finalLoss());
    m.put("params", r.params());
    m.put("flops", r.flops());
    m.put("train_seconds", r.trainSeconds());
    m.put("images_per_second", r.imagesPerSecond());
    m.put("seed", r.seed());
    return m;
  }

  /**
   * Reads a model folder of a cell network, as {@link #save(Path, TrainedModel)} writes it; the caller closes the
   * model.
   *
   * @throws InputException when the folder has no model, or the files are not nas4j's or are damaged
   */
  public static TrainedModel load(Path dir) {
    Map<?, ?> m = describe(dir);
    if (isPbt(m)) {
      throw new InputException(dir.resolve(MODEL_JSON) + " holds the best member of a PBT run: load it with "
          + "PbtModel.load or 'nas4j predict --model " + dir + "'");
    }
    return load(dir, m, ModelFiles::cellNetwork);
  }

  /**
   * Reads a model folder whose network {@code reader} builds from its description; the caller closes the model.
   *
   * @throws InputException when the folder has no model, or the files are not nas4j's or are damaged
   */
  public static TrainedModel load(Path dir, NetworkReader reader) {
    return load(dir, describe(dir), reader);
  }

  private static TrainedModel load(Path dir, Map<?, ?> m, NetworkReader reader) {
    Path json = dir.resolve(MODEL_JSON);
    TrainedModel.Network net;
    Normalization norm;
    List<String> classes;
    TrainConfig cfg = null;
    TrainResult result = null;
    Provenance provenance;
    try {
      net = reader.read(m);
      norm = normalization(m);
      classes = classes(m);
      int outputs = num((Map<?, ?>) m.get("network"), "classes");
      if (classes.size() != outputs || norm.channels() != net.image().get(0)) {
        throw new InputException(json + ": " + classes.size() + " class names and " + norm.channels()
            + " normalised channels do not fit a network of " + outputs + " classes and " + net.image().get(0)
            + " input channels");
      }
      provenance = provenance(m);
      if (m.get("train") instanceof Map<?, ?> t && t.containsKey("eval_batch_size")) { // trained by Trainer
        Map<?, ?> n = (Map<?, ?>) m.get("network");
        Map<?, ?> recipe = t.containsKey("batch_size") || provenance == null ? t : provenance.recipe();
        cfg = new TrainConfig(Math.toIntExact(Recipe.number(recipe, "epochs").longValue()), Recipe.read(recipe), lng(t, "seed"), num(n, "channels"),
            num(n, "cells"), num(t, "eval_batch_size"), options(n));
        if (m.get("result") instanceof Map<?, ?> r) {
          result = new TrainResult(str(r, "arch"), str(r, "task"), num(r, "epochs"), dbl(r, "valid_accuracy"),
              dbl(r, "test_accuracy"), dbl(r, "train_loss"), lng(r, "params"), lng(r, "flops"),
              dbl(r, "train_seconds"), dbl(r, "images_per_second"), lng(r, "seed"));
        }
      }
    } catch (ClassCastException | NullPointerException | ArithmeticException | NumberFormatException e) {
      throw new InputException(json + " is missing fields or has fields of the wrong type (" + e.getMessage()
          + "): save the model again", e);
    }
    NDManager manager = Engines.newManager();
    try {
      Autograd.inference();
      net.block().initialize(manager, DataType.FLOAT32, new Shape(1, net.image().get(0), net.image().get(1),
          net.image().get(2)));
      loadWeights(dir, net.block(), manager);
      return new TrainedModel(manager, net, norm, classes, cfg, result, provenance);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** The network (NAS-Bench-201 cell or NASNet) a model.json of {@link #save(Path, TrainedModel)} describes. */
  private static TrainedModel.Network cellNetwork(Map<?, ?> m) {
    // cell models carry their op list (a csv benchmark's may differ); other spaces are known by name
    SearchSpace space = m.containsKey("ops") ? new CellSpace(str(m, "space"), strings(m.get("ops")))
        : SearchSpaces.get(str(m, "space"));
    Architecture arch = space.parse(str(m, "architecture"));
    Map<?, ?> n = (Map<?, ?>) m.get("network");
    NetworkConfig nc = new NetworkConfig(num(n, "channels"), num(n, "cells"), num(n, "input_channels"),
        num(n, "height"), num(n, "width"), num(n, "classes"));
    return new TrainedModel.Network(ImageNetwork.build(arch, nc, options(n)), arch,
        new Shape(nc.inputChannels(), nc.height(), nc.width()));
  }

  /** The drop-path and auxiliary-head settings of a model.json's network section (none when absent). */
  private static NetworkOptions options(Map<?, ?> n) {
    return n.containsKey("auxiliary_weight") ? new NetworkOptions(((Number) n.get("drop_path")).doubleValue(),
        ((Number) n.get("auxiliary_weight")).doubleValue()) : NetworkOptions.NONE;
  }

  /**
   * The parsed {@code model.json} of a model folder, checked to be nas4j's, of a format this version reads, and
   * to have its weights next to it.
   */
  public static Map<?, ?> describe(Path dir) {
    Path json = dir.resolve(MODEL_JSON);
    if (!Files.isRegularFile(json) || !Files.isRegularFile(dir.resolve(WEIGHTS))) {
      throw new InputException("no model in " + dir + ": expected " + MODEL_JSON + " and " + WEIGHTS
          + " as written by 'nas4j train --save DIR', 'nas4j export' or at the end of 'nas4j pbt'");
    }
    try {
      Object parsed = Json.parse(Files.readString(json, StandardCharsets.UTF_8));
      if (!(parsed instanceof Map<?, ?> mm) || !FORMAT.equals(mm.get("format"))) {
        throw new InputException(json + " is not a nas4j model description (no \"format\": \"" + FORMAT + "\")");
      }
      int version = num(mm, "version");
      if (version > VERSION) {
        throw new InputException(json + " was written by a newer nas4j (model format " + version
            + ", this one reads " + VERSION + "): upgrade nas4j");
      }
      return mm;
    } catch (IOException | IllegalArgumentException | ClassCastException | NullPointerException
        | ArithmeticException e) {
      if (e instanceof InputException ie) {
        throw ie;
      }
      throw new InputException("cannot read " + json + " (" + e.getMessage() + "): save the model again", e);
    }
  }

  /** Whether a model.json describes the best member of a PBT run. */
  public static boolean isPbt(Map<?, ?> description) {
    return description.containsKey(PBT);
  }

  /**
   * Reads a model folder's weights into {@code network}, which was built from its description and initialised
   * on {@code manager}.
   *
   * @throws InputException when the weights do not fit the network or are damaged
   */
  public static void loadWeights(Path dir, Block network, NDManager manager) {
    Path weights = dir.resolve(WEIGHTS);
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(weights)))) {
      network.loadParameters(manager, in);
    } catch (IOException | MalformedModelException | RuntimeException e) {
      throw new InputException("cannot read the weights " + weights + " (" + e.getMessage()
          + "): they do not belong to " + dir.resolve(MODEL_JSON) + " or are damaged; save the model again", e);
    }
  }

  /** The provenance a model.json records, or null when it was saved before provenance was recorded. */
  private static Provenance provenance(Map<?, ?> description) {
    if (!(description.get(PROVENANCE) instanceof Map<?, ?> p)) {
      return null;
    }
    Map<String, String> recipe = new LinkedHashMap<>();
    ((Map<?, ?>) p.get("recipe")).forEach((k, v) -> recipe.put((String) k, (String) v));
    return new Provenance(recipe, str(p, "nas4j"), str(p, "djl"), str(p, "libtorch"), str(p, "device"));
  }

  /** The input normalisation a model.json records. */
  public static Normalization normalization(Map<?, ?> description) {
    Map<?, ?> nm = (Map<?, ?>) description.get("normalization");
    return new Normalization(floats(nm.get("mean")), floats(nm.get("std")));
  }

  /** The class names a model.json records. */
  public static List<String> classes(Map<?, ?> description) {
    return strings(description.get("classes"));
  }

  private static String str(Map<?, ?> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      throw new NullPointerException("no \"" + k + "\"");
    }
    return (String) v;
  }

  private static double dbl(Map<?, ?> m, String k) {
    Object v = m.get(k);
    return v == null ? Double.NaN : ((Number) v).doubleValue();
  }

  private static int num(Map<?, ?> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      throw new NullPointerException("no \"" + k + "\"");
    }
    return Math.toIntExact(((Number) v).longValue());
  }

  private static long lng(Map<?, ?> m, String k) {
    Object v = m.get(k);
    if (v == null) {
      throw new NullPointerException("no \"" + k + "\"");
    }
    return ((Number) v).longValue();
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      out.add((String) o);
    }
    return out;
  }

  private static float[] floats(Object v) {
    List<?> l = (List<?>) v;
    float[] f = new float[l.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = ((Number) l.get(i)).floatValue();
    }
    return f;
  }
}
