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
 * An optional ReLU, a bias-free convolution and an optional batch norm: NAS-Bench-201's {@code ReLUConvBN}
 * (ReLU first), its stem (conv + BN, no ReLU) and the 1x1 projection of its residual block (conv only).
 *
 * <p>Batch norm is called with the channel axis as PyTorch expects it (no transposes) and PyTorch's
 * defaults: momentum 0.1 for the running statistics, epsilon 1e-5, affine.
 */
final class ConvBn extends AbstractBlock implements Layers.Seeded {
  private static final Shape DILATION = new Shape(1, 1);

  final int in;
  final int out;
  final int kernel;
  final int stride;
  final boolean relu;
  final boolean norm;
  private final Shape strideShape;
  private final Shape padShape;
  private final Parameter weight;
  private Layers.Norm bn;

  ConvBn(int in, int out, int kernel, int stride, boolean relu, boolean norm) {
    this.in = in;
    this.out = out;
    this.kernel = kernel;
    this.stride = stride;
    this.relu = relu;
    this.norm = norm;
    this.strideShape = new Shape(stride, stride);
    this.padShape = new Shape(kernel / 2, kernel / 2);
    this.weight = addParameter(Layers.weight("weight", new Shape(out, in, kernel, kernel)));
    if (norm) {
      bn = Layers.Norm.add(this::addParameter, out);
    }
  }

  @Override
  public void reset(SplittableRandom rng) {
    Layers.uniform(weight, (long) in * kernel * kernel, rng);
    if (norm) {
      bn.reset();
    }
  }

  /** Trainable parameters: the conv weight plus the batch norm's scale and shift. */
  long parameterCount() {
    return (long) out * in * kernel * kernel + (norm ? 2L * out : 0);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (relu) {
      x = x.getNDArrayInternal().relu();
    }
    NDArray y = x.getNDArrayInternal()
        .convolution(x, weight.getArray(), null, strideShape, padShape, DILATION, 1).singletonOrThrow();
    if (norm) {
      y = bn.apply(y, training);
    }
    return new NDList(y);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, Sizes.conv(s.get(2), kernel, stride), Sizes.conv(s.get(3), kernel, stride))};
  }

  @Override
  protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
