package org.nas4j.pbt;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nas4j.evaluate.Seeds;

/**
 * A layer's normal initialisation, drawn on the Java heap from a seed, so that it is the same on every
 * thread and run: convolution and linear weights He-normal ({@code N(0, 2/fan_in)}), biases and BN shifts 0,
 * BN scales 1, running mean 0 and running variance 1.
 *
 * <p>Each tensor's values come from its own generator, seeded by the member's seed and the tensor's key, so
 * the fresh value of one layer does not depend on which other layers exist. This is the {@code w_fresh} of
 * shrink-perturb and the initial weights of every member.
 */
final class FreshInit {
  private FreshInit() {}

  /** Fresh values for a tensor of the given shape and kind. */
  public static float[] values(Weights.Tensor like, long seed, String key) {
    float[] v = new float[like.data().length];
    switch (like.kind()) {
      case WEIGHT -> {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, key.hashCode()));
        double std = Math.sqrt(2.0 / Math.max(1, like.fanIn()));
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) (rng.nextGaussian() * std);
        }
      }
      case GAMMA, RUNNING_VAR -> java.util.Arrays.fill(v, 1f);
      default -> { } // bias, beta, running mean: 0
    }
    return v;
  }

  /** Fresh values for every tensor of {@code like} (same keys, shapes and kinds). */
  public static Weights of(Weights like, long seed) {
    Map<String, Weights.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : like.tensors().entrySet()) {
      out.put(e.getKey(), e.getValue().with(values(e.getValue(), seed, e.getKey())));
    }
    return new Weights(out);
  }
}
