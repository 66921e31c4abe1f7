package org.nas4j.pbt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's state between steps: its weights and its optimizer state (momentum), in one file whose tensors
 * are keyed by name; momentum keys carry the prefix {@value #MOMENTUM}.
 */
record Checkpoint(Weights weights, Weights momentum) {
  static final String MOMENTUM = "momentum:";

  /** Writes atomically. */
  public void save(Path file) throws IOException {
    Map<String, Weights.Tensor> all = new LinkedHashMap<>(weights.tensors());
    for (Map.Entry<String, Weights.Tensor> e : momentum.tensors().entrySet()) {
      all.put(MOMENTUM + e.getKey(), e.getValue());
    }
    new Weights(all).save(file);
  }

  /** Reads a file written by {@link #save}. */
  public static Checkpoint load(Path file) {
    Map<String, Weights.Tensor> w = new LinkedHashMap<>();
    Map<String, Weights.Tensor> m = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : Weights.load(file).tensors().entrySet()) {
      if (e.getKey().startsWith(MOMENTUM)) {
        m.put(e.getKey().substring(MOMENTUM.length()), e.getValue());
      } else {
        w.put(e.getKey(), e.getValue());
      }
    }
    return new Checkpoint(new Weights(w), new Weights(m));
  }
}
