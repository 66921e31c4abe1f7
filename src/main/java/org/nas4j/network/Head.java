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

/** NAS-Bench-201's end of the network: BN, ReLU, global average pooling and a linear classifier. */
final class Head extends AbstractBlock implements Layers.Seeded {
  private final int channels;
  private final int classes;
  private final Layers.Norm norm;
  private final Parameter weight;
  private final Parameter bias;

  Head(int channels, int classes) {
    this.channels = channels;
    this.classes = classes;
    norm = Layers.Norm.add(this::addParameter, channels);
    weight = addParameter(Layers.weight("weight", new Shape(classes, channels)));
    bias = addParameter(Layers.bias("bias", new Shape(classes)));
  }

  @Override
  public void reset(SplittableRandom rng) {
    norm.reset();
    Layers.uniform(weight, channels, rng);
    Layers.uniform(bias, channels, rng);
  }

  long parameterCount() {
    return 2L * channels + (long) channels * classes + classes;
  }

  long macs() {
    return (long) channels * classes;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = features(inputs.singletonOrThrow(), training);
    return x.getNDArrayInternal().linear(x, weight.getArray(), bias.getArray());
  }

  /** The input of the linear classifier: BN, ReLU and global average pooling, (B, channels). */
  NDArray features(NDArray x, boolean training) {
    x = norm.apply(x, training);
    x = x.getNDArrayInternal().relu();
    x = x.getNDArrayInternal().globalAvgPool();
    if (x.getShape().dimension() != 2) {
      x = x.reshape(x.getShape().get(0), channels);
    }
    return x;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    // no children
  }
}
