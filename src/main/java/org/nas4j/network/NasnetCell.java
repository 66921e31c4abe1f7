package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.NasnetSpace;

/**
 * One NAO cell (NAO_pytorch {@code model.py}): the two cell inputs are brought to C channels (a 1x1
 * ReLU-Conv-BN, or a factorized reduction when the older input is at twice the resolution); node b sums
 * op1(in1) and op2(in2); the nodes no other node reads are concatenated. In a reduction cell the ops on the
 * cell inputs have stride 2 (identity becomes a factorized reduction), so the cell halves the resolution.
 */
final class NasnetCell extends AbstractBlock {
  private final boolean reduction;
  private final int channels;
  private final Block pre0;
  private final Block pre1;
  private final int[] input = new int[2 * NasnetSpace.NODES];
  private final String[] op = new String[2 * NasnetSpace.NODES];
  private final int[] stride = new int[2 * NasnetSpace.NODES];
  private final Block[] branch = new Block[2 * NasnetSpace.NODES];
  private final boolean[] concat;
  private final int outChannels;
  /** Drop-path probability of this cell's branches at the current step; set by the network. */
  double dropPath;
  SplittableRandom dropRng;

  NasnetCell(Architecture a, boolean reduction, int prevPrev, int prev, int channels, boolean reductionPrev) {
    this.reduction = reduction;
    this.channels = channels;
    int cell = reduction ? 1 : 0;
    pre0 = addChildBlock("pre0", reductionPrev ? new FactorizedReduce(prevPrev, channels)
        : NasConv.square(prevPrev, channels, 1, 1));
    pre1 = addChildBlock("pre1", NasConv.square(prev, channels, 1, 1));
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      for (int j = 0; j < 2; j++) {
        int k = 2 * b + j;
        input[k] = a.gene(NasnetSpace.position(cell, b, j, false));
        op[k] = a.option(NasnetSpace.position(cell, b, j, true));
        stride[k] = reduction && input[k] < 2 ? 2 : 1;
        Block blk = opBlock(op[k], channels, stride[k]);
        if (blk != null) {
          branch[k] = addChildBlock("n" + b + "b" + j, blk);
        }
      }
    }
    concat = NasnetSpace.outputs(a, cell);
    int n = 0;
    for (boolean c : concat) {
      n += c ? 1 : 0;
    }
    outChannels = n * channels;
  }

  /** The block with parameters of an op, or null for an op without (pooling, identity at stride 1). */
  static Block opBlock(String op, int c, int stride) {
    switch (op) {
      case "identity":
        return stride == 1 ? null : new FactorizedReduce(c, c);
      case "conv_1x1":
        return NasConv.square(c, c, 1, stride);
      case "conv_3x3":
        return NasConv.square(c, c, 3, stride);
      case "conv_1x3_3x1":
        return factorized(c, 3, stride);
      case "conv_1x7_7x1":
        return factorized(c, 7, stride);
      case "sep_conv_3x3":
        return separable(c, 3, stride);
      case "sep_conv_5x5":
        return separable(c, 5, stride);
      default:
        if (poolKernel(op) > 0) {
          return null;
        }
        throw new InputException("op '" + op + "' has no network implementation: the NASNet network knows "
            + NasnetSpace.NAO_OPS + " and " + NasnetSpace.NAO_WS_OPS);
    }
  }

  /** NAO's 1xk then kx1 convolution: two ReLU-Conv-BN stages. */
  private static Block factorized(int c, int k, int stride) {
    return new SequentialBlock().add(new NasConv(c, c, 1, k, 1, stride, 1, true, true))
        .add(new NasConv(c, c, k, 1, stride, 1, 1, true, true));
  }

  /** NAO-WS's separable conv, applied twice: (ReLU, depthwise kxk, pointwise 1x1, BN) x 2. */
  private static Block separable(int c, int k, int stride) {
    return new SequentialBlock()
        .add(new NasConv(c, c, k, k, stride, stride, c, true, false))
        .add(new NasConv(c, c, 1, 1, 1, 1, 1, false, true))
        .add(new NasConv(c, c, k, k, 1, 1, c, true, false))
        .add(new NasConv(c, c, 1, 1, 1, 1, 1, false, true));
  }

  /** The kernel side of a pooling op ({@code max_pool_3x3} is 3), 0 for other ops. */
  static int poolKernel(String op) {
    if (op.startsWith("max_pool_") || op.startsWith("avg_pool_")) {
      String k = op.substring(9);
      int x = k.indexOf('x');
      if (x > 0 && k.substring(0, x).equals(k.substring(x + 1)) && k.chars().allMatch(ch -> ch == 'x' || Character.isDigit(ch))) {
        return Integer.parseInt(k.substring(0, x));
      }
    }
    return 0;
  }

  int outChannels() {
    return outChannels;
  }

  long parameterCount() {
    long n = count(pre0) + count(pre1);
    for (Block b : branch) {
      n += b == null ? 0 : count(b);
    }
    return n;
  }

  /** Trainable parameters of a block of this package (by its own counts, not by DJL's arrays). */
  static long count(Block b) {
    if (b instanceof NasConv c) {
      return c.parameterCount();
    }
    if (b instanceof FactorizedReduce f) {
      return f.parameterCount();
    }
    long n = 0;
    for (var child : b.getChildren().values()) {
      n += count(child);
    }
    return n;
  }

  /** Multiply-accumulates for one image; {@code h0, h1} are the sides of the two (square) cell inputs. */
  long macs(long h0, long h1) {
    long out = reduction ? h1 / 2 : h1;
    long n = pre0 instanceof FactorizedReduce f ? f.macs(h0, h0) : ((NasConv) pre0).macs(h0, h0);
    n += ((NasConv) pre1).macs(h1, h1);
    for (Block b : branch) {
      n += b == null ? 0 : macsOf(b, out);
    }
    return n;
  }

  private static long macsOf(Block b, long side) {
    if (b instanceof NasConv c) {
      return c.macs(side, side);
    }
    if (b instanceof FactorizedReduce f) {
      return f.macs(side * 2, side * 2);
    }
    long n = 0;
    for (var child : b.getChildren().values()) {
      n += macsOf(child, side);
    }
    return n;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray[] state = new NDArray[2 + NasnetSpace.NODES];
    state[0] = pre0.forward(ps, new NDList(inputs.get(0)), training, params).singletonOrThrow();
    state[1] = pre1.forward(ps, new NDList(inputs.get(1)), training, params).singletonOrThrow();
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      NDArray sum = null;
      for (int j = 0; j < 2; j++) {
        int k = 2 * b + j;
        NDArray y = apply(ps, k, state[input[k]], training, params);
        sum = sum == null ? y : sum.add(y);
      }
      state[2 + b] = sum;
    }
    List<NDArray> out = new ArrayList<>();
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      if (concat[b]) {
        out.add(state[2 + b]);
      }
    }
    return new NDList(out.size() == 1 ? out.get(0) : NDArrays.concat(new NDList(out), 1));
  }

  private NDArray apply(ParameterStore ps, int k, NDArray x, boolean training, PairList<String, Object> params) {
    int pool = poolKernel(op[k]);
    NDArray y;
    if (branch[k] != null) {
      y = branch[k].forward(ps, new NDList(x), training, params).singletonOrThrow();
    } else if (pool == 0) {
      return x; // identity at stride 1: never dropped (NAO)
    } else {
      int s = stride[k];
      // even kernels: pad one pixel and keep the first side/stride outputs, so every op keeps the resolution
      int pad = pool % 2 == 1 ? pool / 2 : (s == 1 ? 1 : 0);
      Shape kernel = new Shape(pool, pool);
      Shape st = new Shape(s, s);
      Shape pd = new Shape(pad, pad);
      y = op[k].startsWith("max") ? x.getNDArrayInternal().maxPool(kernel, st, pd, false)
          : x.getNDArrayInternal().avgPool(kernel, st, pd, false, false);
      long side = x.getShape().get(2) / s;
      if (y.getShape().get(2) != side) {
        y = y.get(new NDIndex(":, :, :{}, :{}", side, x.getShape().get(3) / s));
      }
    }
    if (training && dropPath > 0) {
      y = dropPath(y);
    }
    return y;
  }

  /** Zeroes whole samples with probability {@link #dropPath} and scales the rest by 1/keep (NAO's drop-path). */
  private NDArray dropPath(NDArray y) {
    int n = Math.toIntExact(y.getShape().get(0));
    float keep = (float) (1 - dropPath);
    float[] mask = new float[n];
    for (int i = 0; i < n; i++) {
      mask[i] = dropRng.nextDouble() < keep ? 1 / keep : 0f;
    }
    return y.mul(y.getManager().create(mask, new Shape(n, 1, 1, 1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s1 = inputShapes[1];
    long side = reduction ? s1.get(2) / 2 : s1.get(2);
    long w = reduction ? s1.get(3) / 2 : s1.get(3);
    return new Shape[] {new Shape(s1.get(0), outChannels, side, w)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    pre0.initialize(manager, dataType, inputShapes[0]);
    pre1.initialize(manager, dataType, inputShapes[1]);
    Shape s = pre1.getOutputShapes(new Shape[] {inputShapes[1]})[0];
    for (int k = 0; k < branch.length; k++) {
      if (branch[k] != null) {
        // every node is at the cell's output resolution; the cell inputs at the input resolution
        Shape in = input[k] < 2 ? s : new Shape(s.get(0), channels, reduction ? s.get(2) / 2 : s.get(2),
            reduction ? s.get(3) / 2 : s.get(3));
        branch[k].initialize(manager, dataType, in);
      }
    }
  }
}
