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
   * A batch norm's four parameters, registered on their block as gamma, beta, running mean and running variance
   * (the names and order saved models hold), with their reset and the forward call, so that every block that
   * normalises does it one way.
   */
  record Norm(Parameter gamma, Parameter beta, Parameter runningMean, Parameter runningVar) {
    /** Creates the parameters for {@code n} channels and registers them with {@code add} (the block's addParameter). */
    static Norm add(java.util.function.UnaryOperator<Parameter> add, long n) {
      return new Norm(add.apply(Layers.gamma(n)), add.apply(Layers.beta(n)), add.apply(Layers.runningMean(n)),
          add.apply(Layers.runningVar(n)));
    }

    /** The initial state: scale 1, shift 0, running mean 0 and variance 1. */
    void reset() {
      constant(gamma, 1f);
      constant(beta, 0f);
      constant(runningMean, 0f);
      constant(runningVar, 1f);
    }

    /**
     * Batch norm over the channels of an NCHW tensor; axis -1 hands it to torch's batch_norm as is (DJL's axis=1
     * path adds two transposes).
     */
    NDArray apply(NDArray x, boolean training) {
      return x.getNDArrayInternal().batchNorm(x, runningMean.getArray(), runningVar.getArray(), gamma.getArray(),
          beta.getArray(), -1, 0.9f, 1e-5f, training).singletonOrThrow();
    }
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
