package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * NASNet's factorized reduction (halves height and width): ReLU, then two 1x1 convs of stride 2, one on the
 * input and one on the input shifted by a pixel, each giving half the output channels, concatenated, then
 * BN. Used where an input is at twice the cell's resolution, and for identity on a reduction cell's inputs.
 */
final class FactorizedReduce extends AbstractBlock implements Layers.Seeded {
  private final NasConv a;
  private final NasConv b;
  private final int out;
  private final Layers.Norm norm;

  FactorizedReduce(int in, int out) {
    if (out % 2 != 0) {
      throw new IllegalArgumentException("factorized reduce needs an even channel count, got " + out);
    }
    this.out = out;
    a = addChildBlock("a", new NasConv(in, out / 2, 1, 1, 2, 2, 1, false, false));
    b = addChildBlock("b", new NasConv(in, out / 2, 1, 1, 2, 2, 1, false, false));
    norm = Layers.Norm.add(this::addParameter, out);
  }

  @Override
  public void reset(SplittableRandom rng) {
    norm.reset();
  }

  long parameterCount() {
    return a.parameterCount() + b.parameterCount() + 2L * out;
  }

  long macs(long h, long w) {
    return a.macs(h / 2, w / 2) + b.macs(h / 2, w / 2);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow().getNDArrayInternal().relu();
    NDArray ya = a.forward(ps, new NDList(x), training, params).singletonOrThrow();
    // the shifted half sees the odd pixels; pad the far edge so both halves have the same size
    NDArray shifted = x.get(new NDIndex(":, :, 1:, 1:")).pad(new Shape(0, 1, 0, 1), 0);
    NDArray yb = b.forward(ps, new NDList(shifted), training, params).singletonOrThrow();
    NDArray y = ya.concat(yb, 1);
    y = norm.apply(y, training);
    return new NDList(y);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), out, (s.get(2) + 1) / 2, (s.get(3) + 1) / 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    a.initialize(manager, dataType, inputShapes);
    b.initialize(manager, dataType, inputShapes);
  }
}
