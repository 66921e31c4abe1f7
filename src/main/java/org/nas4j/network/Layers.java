package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;
import org.nas4j.engine.Tensors;

/** Parameter creation and PyTorch-default initialisation drawn from a Java generator (so a seed fixes it). */
final class Layers {
  private Layers() {}

  /** Blocks that (re)draw their own parameters from a seeded generator. */
  interface Seeded {
    /** Redraws this block's parameters (not its children's), in a fixed order. */
    void reset(SplittableRandom rng);
  }

  static Parameter weight(String name, Shape shape) {
    return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
        .optInitializer(Initializer.ZEROS).build();
  }

  static Parameter bias(String name, Shape shape) {
    return Parameter.builder().setName(name).setType(Parameter.Type.BIAS).optShape(shape)
        .optInitializer(Initializer.ZEROS).build();
  }

  static Parameter gamma(long n) {
    return Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).optShape(new Shape(n))
        .optInitializer(Initializer.ONES).build();
  }

  static Parameter beta(long n) {
    return Parameter.builder().setName("beta").setType(Parameter.Type.BETA).optShape(new Shape(n))
        .optInitializer(Initializer.ZEROS).build();
  }

  static Parameter runningMean(long n) {
    return Parameter.builder().setName("runningMean").setType(Parameter.Type.RUNNING_MEAN).optShape(new Shape(n))
        .optInitializer(Initializer.ZEROS).optRequiresGrad(false).build();
  }

  static Parameter runningVar(long n) {
    return Parameter.builder().setName("runningVar").setType(Parameter.Type.RUNNING_VAR).optShape(new Shape(n))
        .optInitializer(Initializer.ONES).optRequiresGrad(false).build();
  }

  /**
   * PyTorch's default for conv and linear layers ({@code kaiming_uniform_(a=sqrt(5))}): uniform in
   * +-1/sqrt(fanIn). NAS-Bench-201 keeps that default, so this is also its initialisation.
   */
  static void uniform(Parameter p, long fanIn, SplittableRandom rng) {
    fill(p.getArray(), 1.0 / Math.sqrt(fanIn), rng);
  }

  static void constant(Parameter p, float value) {
    NDArray a = p.getArray();
    float[] v = new float[Math.toIntExact(a.size())];
    java.util.Arrays.fill(v, value);
    Tensors.overwrite(a, v);
  }

  private static void fill(NDArray a, double bound, SplittableRandom rng) {
    float[] v = new float[Math.toIntExact(a.size())];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
    }
    Tensors.overwrite(a, v);
  }

  /** Draws every parameter of a block tree, depth first in child order. */
  static void resetAll(Block block, SplittableRandom rng) {
    if (block instanceof Seeded s) {
      s.reset(rng);
    }
    for (var child : block.getChildren().values()) {
      resetAll(child, rng);
    }
  }
}
