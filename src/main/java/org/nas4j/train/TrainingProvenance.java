package org.nas4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.Version;
import org.nas4j.data.Augmentation;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Provenance;

/** The provenance of a training in this process: its recipe, and the engine's versions and device. */
public final class TrainingProvenance {
  private TrainingProvenance() {}

  /**
   * @param recipe the SGD recipe
   * @param unit what the training's length counts, {@code epochs} or {@code batches} (PBT's steps)
   * @param length the whole training's length, which a cosine schedule spans
   * @param augmentation the training images' augmentation
   */
  public static Provenance of(Recipe recipe, String unit, long length, Augmentation augmentation) {
    Map<String, String> m = new LinkedHashMap<>();
    recipe.describe().forEach((k, v) -> m.put(k, String.valueOf(v)));
    m.put(unit, Long.toString(length));
    m.put("augmentation", describe(augmentation));
    return new Provenance(m, Version.get(), Engines.djlVersion(), Engines.libtorchVersion(), Engines.device());
  }

  /** An augmentation as provenance names it, e.g. {@code crop 4 + flip} (CIFAR's) or {@code cutout 16}. */
  static String describe(Augmentation a) {
    if (a.isNone()) {
      return "none";
    }
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (a.cropPadding() > 0 || a.horizontalFlip()) { // the form provenances had before cutout
      parts.add("crop " + a.cropPadding() + (a.horizontalFlip() ? " + flip" : ""));
    }
    if (a.cutout() > 0) {
      parts.add("cutout " + a.cutout());
    }
    return String.join(" + ", parts);
  }

  /** The provenance of training with {@code config} on {@code data}. */
  static Provenance of(TrainConfig config, TrainData data) {
    Provenance p = of(config.recipe(), "epochs", config.epochs(), data.augmentation());
    if (config.options().equals(org.nas4j.network.NetworkOptions.NONE)) {
      return p;
    }
    Map<String, String> m = new LinkedHashMap<>(p.recipe());
    config.options().describe().forEach((k, v) -> m.put(k, String.valueOf(v)));
    return new Provenance(m, p.nas4j(), p.djl(), p.libtorch(), p.device());
  }
}
