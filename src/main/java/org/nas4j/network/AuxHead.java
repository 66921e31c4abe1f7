package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * NASNet's auxiliary classifier after the second reduction (NAO's {@code AuxHeadCIFAR}): ReLU, 5x5 average
 * pooling with stride 3, 1x1 conv to 128, BN, ReLU, a conv to 768 that covers the whole pooled map (2x2 on
 * CIFAR's 8x8, 1x1 on Fashion-MNIST's 7x7), BN, ReLU, linear. Used in training only.
 */
final class AuxHead extends AbstractBlock implements Layers.Seeded {
  private final int pool;
  private final int pooledSide;
  private final NasConv reduce;
  private final NasConv wide;
  private final int classes;
  private final Parameter weight;
  private final Parameter bias;

  AuxHead(int channels, int side, int classes) {
    this.pool = (int) Math.min(5, side);
    this.pooledSide = (side - pool) / 3 + 1;
    this.classes = classes;
    reduce = addChildBlock("conv1", new NasConv(channels, 128, 1, 1, 1, 1, 1, false, true));
    wide = addChildBlock("conv2", new NasConv(128, 768, pooledSide, pooledSide, 1, 1, 1, false, true, false));
    weight = addParameter(Layers.weight("weight", new Shape(classes, 768)));
    bias = addParameter(Layers.bias("bias", new Shape(classes)));
  }

  @Override
  public void reset(SplittableRandom rng) {
    Layers.uniform(weight, 768, rng);
    Layers.uniform(bias, 768, rng);
  }

  long parameterCount() {
    return reduce.parameterCount() + wide.parameterCount() + 768L * classes + classes;
  }

  long macs() {
    return reduce.macs(pooledSide, pooledSide) + wide.macs(1, 1) + 768L * classes;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow().getNDArrayInternal().relu();
    x = x.getNDArrayInternal().avgPool(new Shape(pool, pool), new Shape(3, 3), new Shape(0, 0), false, true);
    x = reduce.forward(ps, new NDList(x), training, params).singletonOrThrow().getNDArrayInternal().relu();
    x = wide.forward(ps, new NDList(x), training, params).singletonOrThrow().getNDArrayInternal().relu();
    x = x.reshape(x.getShape().get(0), 768);
    return x.getNDArrayInternal().linear(x, weight.getArray(), bias.getArray());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape s = inputShapes[0];
    reduce.initialize(manager, dataType, new Shape(s.get(0), s.get(1), pooledSide, pooledSide));
    wide.initialize(manager, dataType, new Shape(s.get(0), 128, pooledSide, pooledSide));
  }
}
