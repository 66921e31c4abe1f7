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
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.NasnetSpace;

/**
 * NAO's NASNet-style network for a {@link NasnetSpace} architecture (NAO_pytorch {@code NASNetworkCIFAR}): a
 * 3x3 conv stem with BN to 3F channels, three stacks of N normal cells with a reduction cell after the first
 * and the second (cells N and 2N+1; F doubles at each), global average pooling and a linear classifier.
 * Each cell reads the outputs of the two cells before it. Options: drop-path on every branch but identity
 * (probability growing linearly with the cell's depth and with training progress, as NAO's), and the
 * auxiliary head after the second reduction (its logits are a second output in training mode).
 *
 * <p>Sizes: {@link NetworkConfig#channels()} is F, {@link NetworkConfig#cells()} is N; N = 1, F = 16 trains on a
 * CPU, NAO's final networks are N = 6 with F = 36 or 128.
 */
public final class NasnetNetwork extends AbstractBlock implements ImageNetwork, Layers.Seeded {
  private final Architecture architecture;
  private final NetworkConfig config;
  private final NetworkOptions options;
  private final NasConv stem;
  private final List<NasnetCell> cells = new ArrayList<>();
  private final AuxHead aux;
  private final int auxAfter;
  private final int finalChannels;
  private final Parameter weight;
  private final Parameter bias;
  private SplittableRandom dropRng = new SplittableRandom(0);

  private NasnetNetwork(Architecture architecture, NetworkConfig config, NetworkOptions options) {
    this.architecture = architecture;
    this.config = config;
    this.options = options;
    int f = config.channels();
    int n = config.cells();
    stem = addChildBlock("stem", new NasConv(config.inputChannels(), 3 * f, 3, 3, 1, 1, 1, false, true));
    int prevPrev = 3 * f;
    int prev = 3 * f;
    int c = f;
    boolean reductionPrev = false;
    int total = 3 * n + 2;
    AuxHead head = null;
    long side = config.height();
    for (int i = 0; i < total; i++) {
      boolean reduction = i == n || i == 2 * n + 1;
      if (reduction) {
        c *= 2;
        side /= 2;
      }
      NasnetCell cell = addChildBlock((reduction ? "r" : "c") + i,
          new NasnetCell(architecture, reduction, prevPrev, prev, c, reductionPrev));
      cells.add(cell);
      prevPrev = prev;
      prev = cell.outChannels();
      reductionPrev = reduction;
      if (options.auxiliary() && i == 2 * n + 1) {
        head = addChildBlock("aux", new AuxHead(prev, (int) side, config.classes()));
      }
    }
    aux = head;
    auxAfter = 2 * n + 1;
    finalChannels = prev;
    weight = addParameter(Layers.weight("weight", new Shape(config.classes(), prev)));
    bias = addParameter(Layers.bias("bias", new Shape(config.classes())));
  }

  /**
   * The network of a NASNet-space architecture.
   *
   * @throws InputException when the architecture is not from a NASNet space or an op has no implementation
   */
  public static NasnetNetwork build(Architecture architecture, NetworkConfig config, NetworkOptions options) {
    if (!(architecture.space() instanceof NasnetSpace)) {
      throw new InputException("architecture " + architecture + " is not a NASNet cell pair (space "
          + architecture.space().name() + "): pass --space nasnet with a normal:...;reduce:... architecture");
    }
    if (config.channels() % 2 != 0) {
      throw new InputException("the NASNet network needs an even F (factorized reductions halve it), got "
          + config.channels() + ": pass --channels 16");
    }
    return new NasnetNetwork(architecture, config, options);
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  public NetworkConfig config() {
    return config;
  }

  public NetworkOptions options() {
    return options;
  }

  @Override
  public long parameterCount() {
    long n = stem.parameterCount();
    for (NasnetCell c : cells) {
      n += c.parameterCount();
    }
    if (aux != null) {
      n += aux.parameterCount();
    }
    return n + (long) finalChannels * config.classes() + config.classes();
  }

  @Override
  public long flops() {
    long side = config.height();
    long n = stem.macs(side, side);
    long s0 = side;
    long s1 = side;
    for (NasnetCell c : cells) {
      n += c.macs(s0, s1);
      s0 = s1;
      s1 = c == cells.get(config.cells()) || c == cells.get(2 * config.cells() + 1) ? s1 / 2 : s1;
    }
    return n + (long) finalChannels * config.classes();
  }

  @Override
  public double auxiliaryWeight() {
    return aux == null ? 0 : options.auxiliaryWeight();
  }

  @Override
  public void trainingProgress(double fraction) {
    for (int i = 0; i < cells.size(); i++) {
      cells.get(i).dropPath = options.dropPath() * (i + 1) / cells.size() * Math.min(1, Math.max(0, fraction));
    }
  }

  @Override
  public void initialize(NDManager manager, long seed) {
    initialize(manager, DataType.FLOAT32, new Shape(1, config.inputChannels(), config.height(), config.width()));
    SplittableRandom rng = new SplittableRandom(seed);
    Layers.resetAll(this, rng);
    // drop-path masks come from the same seed, so a seeded training is repeatable
    dropRng = rng.split();
    for (NasnetCell c : cells) {
      c.dropRng = dropRng;
    }
    trainingProgress(0);
  }

  @Override
  public void reset(SplittableRandom rng) {
    Layers.uniform(weight, finalChannels, rng);
    Layers.uniform(bias, finalChannels, rng);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray s = stem.forward(ps, inputs, training, params).singletonOrThrow();
    NDArray s0 = s;
    NDArray s1 = s;
    NDArray auxLogits = null;
    for (int i = 0; i < cells.size(); i++) {
      NDArray next = cells.get(i).forward(ps, new NDList(s0, s1), training, params).singletonOrThrow();
      s0 = s1;
      s1 = next;
      if (training && aux != null && i == auxAfter) {
        auxLogits = aux.forward(ps, new NDList(s1), training, params).singletonOrThrow();
      }
    }
    NDArray x = s1.getNDArrayInternal().globalAvgPool();
    if (x.getShape().dimension() != 2) {
      x = x.reshape(x.getShape().get(0), finalChannels);
    }
    NDList logits = x.getNDArrayInternal().linear(x, weight.getArray(), bias.getArray());
    return auxLogits == null ? logits : new NDList(logits.singletonOrThrow(), auxLogits);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), config.classes())};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    stem.initialize(manager, dataType, inputShapes);
    Shape s = stem.getOutputShapes(inputShapes)[0];
    Shape s0 = s;
    Shape s1 = s;
    for (int i = 0; i < cells.size(); i++) {
      NasnetCell c = cells.get(i);
      c.initialize(manager, dataType, s0, s1);
      Shape next = c.getOutputShapes(new Shape[] {s0, s1})[0];
      s0 = s1;
      s1 = next;
      if (aux != null && i == auxAfter) {
        aux.initialize(manager, dataType, s1);
      }
    }
  }

  @Override
  public String toString() {
    return "NasnetNetwork[" + architecture + ", F=" + config.channels() + ", N=" + config.cells() + ", "
        + config.inputChannels() + "x" + config.height() + "x" + config.width() + " -> " + config.classes() + "]";
  }
}
