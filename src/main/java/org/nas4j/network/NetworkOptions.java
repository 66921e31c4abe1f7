package org.nas4j.network;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.InputException;

/**
 * Regularisers of NAO's networks ({@link NasnetNetwork}); NAS-Bench-201's network has neither.
 *
 * @param dropPath drop-path probability of the last cell at the end of training (NAO: 1 - keep 0.7 = 0.3 in
 *     search, 0.4 in its final CIFAR training); earlier cells and earlier steps drop less, linearly
 * @param auxiliaryWeight weight of the auxiliary head's loss (NAO: 0.4), 0 for no auxiliary head
 */
public record NetworkOptions(double dropPath, double auxiliaryWeight) {
  /** No drop-path, no auxiliary head. */
  public static final NetworkOptions NONE = new NetworkOptions(0, 0);

  public NetworkOptions {
    if (!(dropPath >= 0 && dropPath < 1)) {
      throw new InputException("drop-path probability must be in [0, 1), got " + dropPath + ": pass e.g. --drop-path 0.3");
    }
    if (!(auxiliaryWeight >= 0) || Double.isInfinite(auxiliaryWeight)) {
      throw new InputException("auxiliary weight must be >= 0, got " + auxiliaryWeight + ": pass e.g. --auxiliary 0.4");
    }
  }

  public boolean auxiliary() {
    return auxiliaryWeight > 0;
  }

  /** As model.json and a study's options record it. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("drop_path", dropPath);
    m.put("auxiliary_weight", auxiliaryWeight);
    return m;
  }
}
