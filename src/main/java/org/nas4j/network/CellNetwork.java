package org.nas4j.network;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/**
 * The NAS-Bench-201 network for one cell architecture (Dong &amp; Yang, ICLR 2020, {@code TinyNetwork}):
 * a 3x3 conv stem with BN, three stages of N cells at C, 2C and 4C channels with a residual reduction
 * block (stride 2) between stages, then BN-ReLU, global average pooling and a linear classifier. With C=16
 * and N=5 its trainable parameters equal NAS-Bench-201's count for every architecture.
 *
 * <p>Input is NCHW float (a channels-last view is fine and faster); output is one logit per class.
 * Parameters are created by {@link #initialize(NDManager, long)} and drawn from a Java generator seeded by
 * the caller, with PyTorch's default initialisation (the one NAS-Bench-201 uses).
 */
public final class CellNetwork extends AbstractBlock implements ImageNetwork {
  private final Architecture architecture;
  private final NetworkConfig config;
  private final ConvBn stem;
  private final List<AbstractBlock> body = new ArrayList<>();
  private final Head head;

  private CellNetwork(Architecture architecture, NetworkConfig config) {
    this.architecture = architecture;
    this.config = config;
    List<Op> ops = ops(architecture);
    int c = config.channels();
    stem = addChildBlock("stem", new ConvBn(config.inputChannels(), c, 3, 1, false, true));
    int width = c;
    for (int stage = 0; stage < 3; stage++) {
      if (stage > 0) {
        body.add(addChildBlock("reduce" + stage, new ResidualBlock(width, width * 2)));
        width *= 2;
      }
      for (int i = 0; i < config.cells(); i++) {
        body.add(addChildBlock("s" + stage + "c" + i, new Cell(ops, width)));
      }
    }
    head = addChildBlock("head", new Head(width, config.classes()));
  }

  /**
   * The network of a cell architecture.
   *
   * @throws InputException when the architecture is not from a 6-edge cell space or uses an op the network
   *     does not implement
   */
  public static CellNetwork build(Architecture architecture, NetworkConfig config) {
    return new CellNetwork(architecture, config);
  }

  /** Trainable parameters of {@code build(architecture, config)}, without building it. */
  public static long parameters(Architecture architecture, NetworkConfig config) {
    List<Op> ops = ops(architecture);
    long c = config.channels();
    long n = (long) config.inputChannels() * c * 9 + 2 * c; // stem
    long width = c;
    for (int stage = 0; stage < 3; stage++) {
      if (stage > 0) {
        long out = width * 2;
        n += 9 * width * out + 2 * out + 9 * out * out + 2 * out + width * out;
        width = out;
      }
      long cell = 0;
      for (Op op : ops) {
        if (op.isConv()) {
          cell += width * width * op.kernel() * op.kernel() + 2 * width;
        }
      }
      n += cell * config.cells();
    }
    return n + 2 * width + width * config.classes() + config.classes();
  }

  /**
   * Forward multiply-accumulate operations (MACs) for one image: every convolution and the classifier,
   * each multiply-add counted once; batch norm, ReLU, pooling and additions are not counted. Convolutions
   * on edges that do not reach the cell output are counted too (the architecture owns them).
   */
  public static long flops(Architecture architecture, NetworkConfig config) {
    return new CellNetwork(architecture, config).macs();
  }

  private long macs() {
    long h = config.height();
    long w = config.width();
    long n = h * w * config.inputChannels() * config.channels() * 9L;
    for (AbstractBlock b : body) {
      if (b instanceof ResidualBlock r) {
        n += r.macs(h, w);
        h /= 2;
        w /= 2;
      } else {
        n += ((Cell) b).macs(h, w);
      }
    }
    return n + head.macs();
  }

  private static List<Op> ops(Architecture architecture) {
    if (!(architecture.space() instanceof CellSpace) || architecture.space().positions() != CellSpace.EDGES) {
      throw new InputException("architecture " + architecture + " is not a NAS-Bench-201 cell (space "
          + architecture.space().name() + "): the cell network needs " + CellSpace.EDGES + " edges");
    }
    List<Op> ops = new ArrayList<>();
    for (int e = 0; e < CellSpace.EDGES; e++) {
      ops.add(Op.of(architecture.option(e)));
    }
    return ops;
  }

  @Override
  public long flops() {
    return macs();
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  public NetworkConfig config() {
    return config;
  }

  /** Input shape for a batch of {@code n} images (NCHW). */
  public Shape inputShape(long n) {
    return new Shape(n, config.inputChannels(), config.height(), config.width());
  }

  /**
   * Creates the parameters in {@code manager} and draws them from {@code seed}. Call with gradient
   * recording off ({@code Autograd.inference()}).
   */
  @Override
  public void initialize(NDManager manager, long seed) {
    initialize(manager, DataType.FLOAT32, inputShape(1));
    reseed(seed);
  }

  /** Redraws every parameter from {@code seed} (the same seed gives the same weights). */
  public void reseed(long seed) {
    Layers.resetAll(this, new SplittableRandom(seed));
  }

  /** Trainable parameter count of this network. */
  @Override
  public long parameterCount() {
    return parameters(architecture, config);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = stem.forward(ps, inputs, training, params);
    for (AbstractBlock b : body) {
      x = b.forward(ps, x, training, params);
    }
    return head.forward(ps, x, training, params);
  }

  /**
   * The penultimate layer of a batch in inference mode: the pooled features the linear classifier reads,
   * (B, 4C); {@code x} as for {@link #logits}.
   */
  public NDArray features(ParameterStore ps, NDArray x) {
    NDList h = stem.forward(ps, new NDList(x), false, null);
    for (AbstractBlock b : body) {
      h = b.forward(ps, h, false, null);
    }
    return head.features(h.singletonOrThrow(), false);
  }

  /** Logits of a batch: {@code x} is NCHW (or a channels-last view of NHWC data). */
  public NDArray logits(ParameterStore ps, NDArray x, boolean training) {
    return forward(ps, new NDList(x), training, null).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] s = inputShapes;
    stem.initialize(manager, dataType, s);
    s = stem.getOutputShapes(s);
    for (AbstractBlock b : body) {
      b.initialize(manager, dataType, s);
      s = b.getOutputShapes(s);
    }
    head.initialize(manager, dataType, s);
  }

  @Override
  public String toString() {
    return "CellNetwork[" + architecture + ", C=" + config.channels() + ", N=" + config.cells() + ", "
        + config.inputChannels() + "x" + config.height() + "x" + config.width() + " -> " + config.classes() + "]";
  }
}
