package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * NAO's ReLU-Conv-BN with any kernel (kh x kw), stride, grouping (depthwise for separable convs), padding
 * k/2 on each axis; the ReLU and the batch norm are optional (a separable conv's depthwise half has no BN).
 */
final class NasConv extends AbstractBlock implements Layers.Seeded {
  private static final Shape DILATION = new Shape(1, 1);

  final int in;
  final int out;
  final int kh;
  final int kw;
  final int sh;
  final int sw;
  final int groups;
  final boolean relu;
  final boolean norm;
  /** Padding k/2 ("same" for odd k), or none. */
  final boolean padded;
  private final Parameter weight;
  private Layers.Norm bn;

  NasConv(int in, int out, int kh, int kw, int sh, int sw, int groups, boolean relu, boolean norm) {
    this(in, out, kh, kw, sh, sw, groups, relu, norm, true);
  }

  NasConv(int in, int out, int kh, int kw, int sh, int sw, int groups, boolean relu, boolean norm, boolean padded) {
    this.padded = padded;
    this.in = in;
    this.out = out;
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    this.groups = groups;
    this.relu = relu;
    this.norm = norm;
    weight = addParameter(Layers.weight("weight", new Shape(out, in / groups, kh, kw)));
    if (norm) {
      bn = Layers.Norm.add(this::addParameter, out);
    }
  }

  /** A square ReLU-Conv-BN. */
  static NasConv square(int in, int out, int k, int stride) {
    return new NasConv(in, out, k, k, stride, stride, 1, true, true);
  }

  @Override
  public void reset(SplittableRandom rng) {
    Layers.uniform(weight, (long) in / groups * kh * kw, rng);
    if (norm) {
      bn.reset();
    }
  }

  long parameterCount() {
    return (long) out * (in / groups) * kh * kw + (norm ? 2L * out : 0);
  }

  /** Multiply-accumulates for one image whose output is {@code h x w}. */
  long macs(long h, long w) {
    return h * w * out * (in / groups) * kh * kw;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (relu) {
      x = x.getNDArrayInternal().relu();
    }
    NDArray y = x.getNDArrayInternal().convolution(x, weight.getArray(), null, new Shape(sh, sw),
        padded ? new Shape(kh / 2, kw / 2) : new Shape(0, 0), DILATION, groups).singletonOrThrow();
    if (norm) {
      y = bn.apply(y, training);
    }
    return new NDList(y);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    long h = padded ? Sizes.conv(s.get(2), kh, sh) : (s.get(2) - kh) / sh + 1;
    long w = padded ? Sizes.conv(s.get(3), kw, sw) : (s.get(3) - kw) / sw + 1;
    return new Shape[] {new Shape(s.get(0), out, h, w)};
  }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
