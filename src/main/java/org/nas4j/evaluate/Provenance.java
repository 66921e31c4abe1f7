package org.nas4j.evaluate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What produced a trained evaluation besides its architecture, task, fidelity and seed: the training recipe and
 * the software and device that ran it. The same seed gives other numbers under another recipe, libtorch or device,
 * so this is recorded with every evaluation, model folder and PBT result (as Tribuo records a model's provenance).
 *
 * @param recipe the training recipe by name, values as text: batch size, learning rate, momentum, weight decay,
 *     Nesterov, schedule, training length and augmentation
 * @param nas4j nas4j's version
 * @param djl DJL's version
 * @param libtorch libtorch's version
 * @param device where it trained, e.g. {@code cpu()}
 */
public record Provenance(Map<String, String> recipe, String nas4j, String djl, String libtorch, String device) {

  public Provenance {
    recipe = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(recipe, "recipe")));
    Objects.requireNonNull(nas4j, "nas4j");
    Objects.requireNonNull(djl, "djl");
    Objects.requireNonNull(libtorch, "libtorch");
    Objects.requireNonNull(device, "device");
  }

  /** This provenance as a JSON object of model.json and PBT's result.json. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("recipe", recipe);
    m.put("nas4j", nas4j);
    m.put("djl", djl);
    m.put("libtorch", libtorch);
    m.put("device", device);
    return m;
  }

  /** The recipe on one line, e.g. {@code batch_size 64, learning_rate 0.1, ...}. */
  public String recipeLine() {
    StringBuilder b = new StringBuilder();
    recipe.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return b.toString();
  }
}
