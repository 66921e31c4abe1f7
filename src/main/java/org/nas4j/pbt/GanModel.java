package org.nas4j.pbt;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Provenance;
import org.nas4j.pbt.space.GanNetworks;
import org.nas4j.pbt.space.GanSpace;
import org.nas4j.pbt.space.GeneNetwork;
import org.nas4j.space.Architecture;
import org.nas4j.util.Json;

/**
 * The exported generator of a GAN run: {@code generator.json} (architecture, sizes, scores, provenance) and
 * {@code generator.bin} (the EMA generator's weights, keyed by name as in a checkpoint). A PBT GAN run directory is
 * such a folder; {@code nas4j sample --model DIR} reads it.
 */
public final class GanModel {
  /** The description file. */
  public static final String JSON = "generator.json";
  /** The weights file. */
  public static final String WEIGHTS = "generator.bin";
  private static final int FORMAT = 1;

  private final Architecture architecture;
  private final GanNetworks.Sizes sizes;
  private final Weights weights;

  private GanModel(Architecture architecture, GanNetworks.Sizes sizes, Weights weights) {
    this.architecture = architecture;
    this.sizes = sizes;
    this.weights = weights;
  }

  static void save(Path dir, Architecture a, GanNetworks.Sizes s, Weights generator, String data, double fd,
      double classifierScore, Provenance provenance) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("kind", "gan-generator");
    m.put("architecture", a.toString());
    m.put("space", a.space().name());
    m.put("latent", s.latent());
    m.put("channels", s.channels());
    m.put("image_channels", s.imageChannels());
    m.put("image_size", s.imageSize());
    m.put("data", data);
    m.put("fd_classifier", fd);
    m.put("classifier_score", classifierScore);
    m.put("provenance", provenance.describe());
    generator.save(dir.resolve(WEIGHTS));
    PbtSearch.writeJson(dir.resolve(JSON), m);
  }

  /**
   * Reads an exported generator.
   *
   * @throws InputException when the folder holds no generator or its files are damaged
   */
  public static GanModel load(Path dir) {
    Path json = dir.resolve(JSON);
    if (!Files.isRegularFile(json)) {
      throw new InputException(dir + " holds no exported generator (no " + JSON + "): pass the run directory of a "
          + "finished 'nas4j pbt --task gan' run");
    }
    Map<?, ?> m;
    try {
      m = Json.GSON.fromJson(Files.readString(json), Map.class);
    } catch (IOException | RuntimeException e) {
      throw new InputException("cannot read " + json + " (" + e.getMessage() + "): export the generator again", e);
    }
    try {
      Architecture a;
      try {
        a = GanSpace.INSTANCE.parse((String) m.get("architecture"));
      } catch (InputException e) {
        throw new InputException(json + ": " + e.getMessage() + "; export the generator again", e);
      }
      GanNetworks.Sizes s = new GanNetworks.Sizes(num(m, "latent"), num(m, "channels"), num(m, "image_channels"),
          num(m, "image_size"));
      if (!Files.isRegularFile(dir.resolve(WEIGHTS))) {
        throw new InputException(dir.resolve(WEIGHTS) + " is missing: export the generator again");
      }
      return new GanModel(a, s, Weights.load(dir.resolve(WEIGHTS)));
    } catch (ClassCastException | NullPointerException e) {
      throw new InputException(json + " is missing fields or has fields of the wrong type (" + e.getMessage()
          + "): export the generator again", e);
    }
  }

  private static int num(Map<?, ?> m, String key) {
    return ((Number) m.get(key)).intValue();
  }

  public Architecture architecture() {
    return architecture;
  }

  public GanNetworks.Sizes sizes() {
    return sizes;
  }

  /** {@code n} generated images for noise seed {@code seed}, NCHW floats in [0, 1]. */
  public float[] generate(int n, long seed) {
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      Autograd.inference();
      GeneNetwork g = GanNetworks.generator(architecture, sizes);
      g.initialize(m);
      try {
        weights.loadInto(g);
      } catch (IllegalStateException e) {
        throw new InputException("the generator weights do not fit its architecture (" + e.getMessage()
            + "): export the generator again", e);
      }
      return GanTrainer.samples(g, m, n, seed);
    }
  }
}
