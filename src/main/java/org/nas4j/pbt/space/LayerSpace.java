package org.nas4j.pbt.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A layer-wise space for image classification (PBT-NAS's design rule, Chebykin et al. 2023): a fixed
 * skeleton of {@code stages} stages with {@code positions} searchable positions each; every position takes
 * one of the {@link #OPS}, and every op maps C channels to C channels at the same resolution, so any op
 * can replace any other and a layer can be moved between networks without touching its neighbours.
 *
 * <p>The canonical string lists the ops of each stage separated by {@code ','}, stages separated by
 * {@code '/'}, e.g. {@code conv_3x3,identity/sep_conv_3x3,max_pool_3x3/residual_3x3,conv_5x5}.
 */
public final class LayerSpace implements SearchSpace {
  /** The interoperable ops (all C to C, stride 1, "same" padding). */
  public static final List<String> OPS = List.of(
      "identity", "conv_3x3", "conv_5x5", "sep_conv_3x3", "dil_conv_3x3", "residual_3x3", "max_pool_3x3",
      "avg_pool_3x3");

  private final int stages;
  private final int positionsPerStage;
  private final List<String> ops;

  /**
   * @param stages number of stages (resolution halves between stages)
   * @param positionsPerStage searchable positions in each stage
   */
  public LayerSpace(int stages, int positionsPerStage) {
    this(stages, positionsPerStage, OPS);
  }

  /** A space over a subset of {@link #OPS}. */
  public LayerSpace(int stages, int positionsPerStage, List<String> ops) {
    if (stages < 1 || stages > 5) {
      throw new InputException("a layer space needs 1..5 stages, got " + stages);
    }
    if (positionsPerStage < 1 || positionsPerStage > 10) {
      throw new InputException("a layer space needs 1..10 positions per stage, got " + positionsPerStage);
    }
    this.stages = stages;
    this.positionsPerStage = positionsPerStage;
    this.ops = List.copyOf(Objects.requireNonNull(ops, "ops"));
    if (this.ops.isEmpty()) {
      throw new InputException("a layer space needs at least one op, e.g. " + OPS);
    }
    for (String op : this.ops) {
      if (!OPS.contains(op)) {
        throw new InputException("unknown layer op '" + op + "': choose from " + OPS);
      }
    }
    if (this.ops.stream().distinct().count() != this.ops.size()) {
      throw new InputException("duplicate op in " + this.ops);
    }
  }

  public int stages() {
    return stages;
  }

  public int positionsPerStage() {
    return positionsPerStage;
  }

  /** Stage of a gene. */
  public int stageOf(int gene) {
    return gene / positionsPerStage;
  }

  @Override
  public String name() {
    return "layers-" + stages + "x" + positionsPerStage + (ops.equals(OPS) ? "" : "-" + String.join("+", ops));
  }

  @Override
  public int positions() {
    return stages * positionsPerStage;
  }

  @Override
  public List<String> options(int position) {
    if (position < 0 || position >= positions()) {
      throw new IndexOutOfBoundsException("position " + position + " of " + positions());
    }
    return ops;
  }

  @Override
  public String format(Architecture a) {
    StringBuilder sb = new StringBuilder();
    for (int g = 0; g < positions(); g++) {
      if (g > 0) {
        sb.append(g % positionsPerStage == 0 ? '/' : ',');
      }
      sb.append(a.option(g));
    }
    return sb.toString();
  }

  @Override
  public Architecture parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InputException("empty architecture string: expected " + stages + " stages of " + positionsPerStage
          + " ops like " + example());
    }
    String[] st = text.strip().split("/", -1);
    if (st.length != stages) {
      throw new InputException("architecture '" + text.strip() + "' has " + st.length + " stages, space " + name()
          + " has " + stages + " separated by '/', like " + example());
    }
    List<Integer> genes = new ArrayList<>();
    for (int s = 0; s < stages; s++) {
      String[] o = st[s].split(",", -1);
      if (o.length != positionsPerStage) {
        throw new InputException("stage " + (s + 1) + " of '" + text.strip() + "' has " + o.length + " ops, expected "
            + positionsPerStage + " separated by ','");
      }
      for (String op : o) {
        int idx = ops.indexOf(op.strip());
        if (idx < 0) {
          throw new InputException("unknown op '" + op.strip() + "' in '" + text.strip() + "': space " + name()
              + " has ops " + ops);
        }
        genes.add(idx);
      }
    }
    return of(genes.stream().mapToInt(Integer::intValue).toArray());
  }

  private String example() {
    return format(of(new int[positions()]));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerSpace l && l.stages == stages && l.positionsPerStage == positionsPerStage && l.ops.equals(ops);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stages, positionsPerStage, ops);
  }

  @Override
  public String toString() {
    return "LayerSpace[" + name() + "]";
  }
}
