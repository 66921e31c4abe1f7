package org.nas4j.pbt.space;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.space.Architecture;

/**
 * A network whose parameters are grouped by gene, which is what layer mixing needs: a fixed sequence of
 * parts, each either fixed (stem, transitions, head) or owned by one gene of the architecture.
 *
 * <p>Parameters get stable keys {@code <part label>/<name inside the part>}. DJL's own names are positional
 * and change when an op changes; these keys do not, so two networks of the same skeleton agree on the key
 * of every parameter of parts that hold the same op.
 */
public final class GeneNetwork {
  /** One part of the skeleton; {@code gene} is -1 for fixed parts. */
  public record Part(String label, int gene, Block block) {}

  private final Architecture architecture;
  private final List<Part> parts;
  private final Block block;
  private final Shape inputShape;
  private final java.util.function.Function<String, String> keyOf;
  private final java.util.function.ToIntFunction<String> geneOfName;
  private Map<String, Parameter> parameters;
  private Map<String, Integer> geneOfKey;

  /**
   * @param inputShape one image, CHW (the batch axis is added here)
   */
  public GeneNetwork(Architecture architecture, List<Part> parts, Shape inputShape) {
    this.architecture = architecture;
    this.parts = List.copyOf(parts);
    this.inputShape = inputShape;
    SequentialBlock seq = new SequentialBlock();
    for (Part p : parts) {
      seq.add(p.block());
    }
    this.block = seq;
    this.keyOf = null;
    this.geneOfName = null;
  }

  /**
   * A network whose genes are found from parameter names, for blocks that are not a sequence of gene parts
   * (e.g. NAS-Bench-201 cells, where edge e of every cell belongs to gene e).
   *
   * @param keyOf turns DJL's parameter name into a stable key (e.g. without positional prefixes)
   * @param geneOfKey the gene that owns a stable key, or -1
   */
  public GeneNetwork(Architecture architecture, Block block, Shape inputShape,
      java.util.function.Function<String, String> keyOf, java.util.function.ToIntFunction<String> geneOfKey) {
    this.architecture = architecture;
    this.parts = List.of();
    this.block = block;
    this.inputShape = inputShape;
    this.keyOf = keyOf;
    this.geneOfName = geneOfKey;
  }

  public Architecture architecture() {
    return architecture;
  }

  public Block block() {
    return block;
  }

  public List<Part> parts() {
    return parts;
  }

  /** Image shape CHW. */
  public Shape inputShape() {
    return inputShape;
  }

  /** Allocates the parameters on {@code manager} (their values are then set with {@link Weights#loadInto}). */
  public void initialize(NDManager manager) {
    long[] dims = new long[inputShape.dimension() + 1];
    dims[0] = 1;
    System.arraycopy(inputShape.getShape(), 0, dims, 1, inputShape.dimension());
    block.initialize(manager, DataType.FLOAT32, new Shape(dims));
    Map<String, Parameter> ps = new LinkedHashMap<>();
    Map<String, Integer> genes = new LinkedHashMap<>();
    for (Part part : parts) {
      for (Pair<String, Parameter> p : part.block().getParameters()) {
        String key = part.label() + "/" + p.getKey();
        ps.put(key, p.getValue());
        genes.put(key, part.gene());
      }
    }
    if (keyOf != null) {
      for (Pair<String, Parameter> p : block.getParameters()) {
        String key = keyOf.apply(p.getKey());
        if (ps.put(key, p.getValue()) != null) {
          throw new IllegalStateException("two parameters map to the key " + key);
        }
        genes.put(key, geneOfName.applyAsInt(key));
      }
    }
    parameters = Collections.unmodifiableMap(ps);
    geneOfKey = Collections.unmodifiableMap(genes);
  }

  /** Parameters by stable key, in network order; only after {@link #initialize}. */
  public Map<String, Parameter> parameters() {
    if (parameters == null) {
      throw new IllegalStateException("initialize the network first");
    }
    return parameters;
  }

  /** The gene that owns a parameter key, or -1 for fixed parts. */
  public int geneOf(String key) {
    Integer g = geneOfKey.get(key);
    if (g == null) {
      throw new IllegalArgumentException("no parameter " + key);
    }
    return g;
  }

  /** Number of trainable values. */
  public long trainableCount() {
    long n = 0;
    for (Parameter p : parameters().values()) {
      if (p.requiresGradient()) {
        n += p.getArray().size();
      }
    }
    return n;
  }

  /** Keys of the parameters owned by the given genes. */
  public List<String> keysOfGenes(java.util.Set<Integer> genes) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Integer> e : geneOfKey.entrySet()) {
      if (genes.contains(e.getValue())) {
        out.add(e.getKey());
      }
    }
    return out;
  }
}
