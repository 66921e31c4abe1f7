package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.nas4j.space.CellSpace;

/**
 * One NAS-Bench-201 cell ({@code InferCell}): node 0 is the input, node j = sum over edges i->j of
 * op(node i), the output is node 3. Channels and resolution stay the same.
 *
 * <p>Exactly NAS-Bench-201's function, computed with less work: {@code none} edges are left out (they add
 * zero), nodes that cannot reach the output are not computed, and a node whose inputs are all {@code none}
 * is a symbolic zero (skip and pooling of it add nothing; a ReLU-conv-BN of it still yields BN's shift, as
 * in the benchmark, so it is computed on real zeros).
 */
final class Cell extends AbstractBlock {
  private final Op[] ops = new Op[CellSpace.EDGES];
  private final ConvBn[] convs = new ConvBn[CellSpace.EDGES];
  private final boolean[] live = new boolean[CellSpace.NODES];
  private final int channels;

  Cell(List<Op> edgeOps, int channels) {
    this.channels = channels;
    for (int e = 0; e < CellSpace.EDGES; e++) {
      ops[e] = edgeOps.get(e);
      if (ops[e].isConv()) {
        // every conv edge owns parameters (NAS-Bench-201 counts them even on dead paths)
        convs[e] = addChildBlock("e" + e, new ConvBn(channels, channels, ops[e].kernel(), 1, true, true));
      }
    }
    live[CellSpace.NODES - 1] = true;
    for (int node = CellSpace.NODES - 2; node >= 0; node--) {
      for (int to = node + 1; to < CellSpace.NODES; to++) {
        if (live[to] && ops[CellSpace.edgeIndex(node, to)] != Op.NONE) {
          live[node] = true;
        }
      }
    }
  }

  long parameterCount() {
    long n = 0;
    for (ConvBn c : convs) {
      n += c == null ? 0 : c.parameterCount();
    }
    return n;
  }

  /** Multiply-accumulates for one image at the given resolution. */
  long macs(long height, long width) {
    long n = 0;
    for (Op op : ops) {
      if (op.isConv()) {
        n += height * width * channels * channels * op.kernel() * op.kernel();
      }
    }
    return n;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray[] node = new NDArray[CellSpace.NODES]; // null = zero
    node[0] = x;
    NDArray zeros = null;
    for (int to = 1; to < CellSpace.NODES; to++) {
      if (!live[to]) {
        continue;
      }
      NDArray sum = null;
      for (int from = 0; from < to; from++) {
        int e = CellSpace.edgeIndex(from, to);
        Op op = ops[e];
        NDArray in = node[from];
        if (op == Op.NONE || (in == null && !op.isConv())) {
          continue;
        }
        if (in == null) {
          if (zeros == null) {
            zeros = x.zerosLike();
          }
          in = zeros;
        }
        NDArray out = switch (op) {
          case SKIP -> in;
          case AVG_POOL -> in.getNDArrayInternal().avgPool(POOL, UNIT, UNIT, false, false);
          case CONV1, CONV3 -> convs[e].forward(ps, new NDList(in), training, params).singletonOrThrow();
          case NONE -> throw new AssertionError();
        };
        sum = sum == null ? out : sum.add(out);
      }
      node[to] = sum;
    }
    NDArray y = node[CellSpace.NODES - 1];
    return new NDList(y == null ? x.zerosLike() : y);
  }

  private static final Shape POOL = new Shape(3, 3);
  private static final Shape UNIT = new Shape(1, 1);

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (ConvBn c : convs) {
      if (c != null) {
        c.initialize(manager, dataType, inputShapes);
      }
    }
  }
}
