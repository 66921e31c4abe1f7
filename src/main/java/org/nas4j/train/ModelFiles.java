package org.nas4j.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
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
import org.nas4j.network.CellNetwork;
import org.nas4j.network.NetworkConfig;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.util.Json;

/**
 * A trained model on disk: a folder with {@code model.json} (architecture, its space's ops, network size,
 * training recipe, input normalisation, class names, training result) and {@code weights.params} (DJL's
 * parameter format, which is positional, so the JSON's architecture rebuilds the exact same block first).
 * The best member of a PBT run is the same kind of folder, with a {@code pbt} section that says how to build
 * its network ({@code org.nas4j.pbt.PbtModel} reads it).
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

  private ModelFiles() {}

  /** Writes {@code model} into {@code dir} (created if needed; files of the same name are replaced). */
  public static void save(Path dir, TrainedModel model) throws IOException {
    CellNetwork net = model.network();
    Architecture a = net.architecture();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("architecture", a.toString());
    m.put("space", a.space().name());
    m.put("ops", ((CellSpace) a.space()).ops());
    NetworkConfig nc = net.config();
    Map<String, Object> network = new LinkedHashMap<>();
    network.put("channels", nc.channels());
    network.put("cells", nc.cells());
    network.put("input_channels", nc.inputChannels());
    network.put("height", nc.height());
    network.put("width", nc.width());
    network.put("classes", nc.classes());
    m.put("network", network);
    TrainConfig c = model.config();
    Recipe r = c.recipe();
    Map<String, Object> train = new LinkedHashMap<>();
    train.put("epochs", c.epochs());
    train.putAll(r.describe());
    train.put("seed", c.seed());
    train.put("eval_batch_size", c.evalBatchSize());
    m.put("train", train);
    m.put("normalization", Map.of("mean", model.normalization().mean(), "std", model.normalization().std()));
    m.put("classes", model.classNames());
    if (model.result() != null) {
      m.put("result", summary(model.result()));
    }
    if (model.provenance() != null) {
      m.put(PROVENANCE, model.provenance().describe());
    }
    write(dir, m, net);
  }

  /**
   * Writes a model folder: {@code description} as {@code model.json} after the format and version, and the
   * weights of {@code network} (initialised, in this thread's inference mode) as {@code weights.params}.
   */
  public static void write(Path dir, Map<String, Object> description, Block network) throws IOException {
    Files.createDirectories(dir);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    m.putAll(description);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        Files.newOutputStream(dir.resolve(WEIGHTS))))) {
      network.saveParameters(out);
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
   * Reads a model folder written by {@link #save}; the caller closes the model.
   *
   * @throws InputException when the folder has no model, or the files are not nas4j's or are damaged
   */
  public static TrainedModel load(Path dir) {
    Path json = dir.resolve(MODEL_JSON);
    Map<?, ?> m = describe(dir);
    if (m.containsKey(PBT)) {
      throw new InputException(json + " holds the best member of a PBT run: load it with PbtModel.load or "
          + "'nas4j predict --model " + dir + "'");
    }
    try {
      CellSpace space = new CellSpace(str(m, "space"), strings(m.get("ops")));
      Architecture arch = space.parse(str(m, "architecture"));
      Map<?, ?> n = (Map<?, ?>) m.get("network");
      NetworkConfig nc = new NetworkConfig(num(n, "channels"), num(n, "cells"), num(n, "input_channels"),
          num(n, "height"), num(n, "width"), num(n, "classes"));
      Map<?, ?> t = (Map<?, ?>) m.get("train");
      TrainConfig cfg = new TrainConfig(num(t, "epochs"), Recipe.read(t), lng(t, "seed"), nc.channels(), nc.cells(),
          num(t, "eval_batch_size"));
      Normalization norm = normalization(m);
      List<String> classes = classes(m);
      if (classes.size() != nc.classes() || norm.channels() != nc.inputChannels()) {
        throw new InputException(json + ": " + classes.size() + " class names and " + norm.channels()
            + " normalised channels do not fit a network of " + nc.classes() + " classes and "
            + nc.inputChannels() + " input channels");
      }
      TrainResult result = null;
      if (m.get("result") instanceof Map<?, ?> r) {
        result = new TrainResult(str(r, "arch"), str(r, "task"), num(r, "epochs"), dbl(r, "valid_accuracy"),
            dbl(r, "test_accuracy"), dbl(r, "train_loss"), lng(r, "params"), lng(r, "flops"),
            dbl(r, "train_seconds"), dbl(r, "images_per_second"), lng(r, "seed"));
      }
      CellNetwork net = CellNetwork.build(arch, nc);
      NDManager manager = Engines.pytorch().newBaseManager();
      try {
        Autograd.inference();
        net.initialize(manager, 0);
        loadWeights(dir, net, manager);
        return new TrainedModel(manager, net, norm, classes, cfg, result, provenance(m));
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
    } catch (ClassCastException | NullPointerException | ArithmeticException e) {
      throw new InputException(json + " is missing fields or has fields of the wrong type (" + e.getMessage()
          + "): save the model again", e);
    }
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
  static Provenance provenance(Map<?, ?> description) {
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
