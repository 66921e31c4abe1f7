package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * NAS-Bench-201's reduction between stages ({@code ResNetBasicblock}, stride 2): ReLU-conv3x3(stride 2)-BN,
 * ReLU-conv3x3-BN, plus a shortcut of 2x2 average pooling and a bias-free 1x1 conv.
 */
final class ResidualBlock extends AbstractBlock {
  private static final Shape TWO = new Shape(2, 2);
  private static final Shape ZERO = new Shape(0, 0);

  private final ConvBn convA;
  private final ConvBn convB;
  private final ConvBn shortcut;

  ResidualBlock(int in, int out) {
    convA = addChildBlock("a", new ConvBn(in, out, 3, 2, true, true));
    convB = addChildBlock("b", new ConvBn(out, out, 3, 1, true, true));
    shortcut = addChildBlock("down", new ConvBn(in, out, 1, 1, false, false));
  }

  long parameterCount() {
    return convA.parameterCount() + convB.parameterCount() + shortcut.parameterCount();
  }

  /** Multiply-accumulates for one image whose input is {@code height x width}. */
  long macs(long height, long width) {
    long h = height / 2;
    long w = width / 2;
    return h * w * (9L * convA.in * convA.out + 9L * convB.in * convB.out + (long) shortcut.in * shortcut.out);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray y = convA.forward(ps, inputs, training, params).singletonOrThrow();
    y = convB.forward(ps, new NDList(y), training, params).singletonOrThrow();
    NDArray r = x.getNDArrayInternal().avgPool(TWO, TWO, ZERO, false, true);
    r = shortcut.forward(ps, new NDList(r), training, params).singletonOrThrow();
    return new NDList(r.add(y));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return convA.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    convA.initialize(manager, dataType, inputShapes);
    convB.initialize(manager, dataType, convA.getOutputShapes(inputShapes));
    Shape s = inputShapes[0];
    shortcut.initialize(manager, dataType, new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2));
  }
}
