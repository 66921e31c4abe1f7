package org.nas4j.pbt.space;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A GAN search space in the spirit of PBT-NAS's "GanHard" (Chebykin et al. 2023, after AdversarialNAS): genes for
 * the generator's cells (up-sampling mode, two conv ops, shortcut on/off, normalisation, a projection of the
 * noise into the cell) and for the discriminator's blocks (two conv ops, the down-sampling op, shortcut on/off).
 * Every option at a position maps the same input shape to the same output shape (C to C channels; an up-sampling
 * option always doubles, a down-sampling option always halves the resolution), so any layer can be moved into
 * another network of the space with its weights, which is what layer mixing needs for both networks.
 *
 * <p>Smaller than GanHard (2 generator cells and 2 discriminator blocks, 20 genes, 1.9e9 architectures) so that
 * a population trains on a CPU. Weightless genes (shortcut, whether a normalisation or projection is applied)
 * change only the forward pass: their layers always exist, as the paper keeps its projections and spectral norm.
 *
 * <p>Canonical string: the options of each generator cell, cells separated by {@code ';'}, then {@code '|'} and the
 * discriminator blocks the same way, e.g.
 * {@code nearest,conv_3x3,conv_3x3,short,batch_norm,no_proj;...|conv_3x3,conv_3x3,down_avg,short;...}.
 */
public final class GanSpace implements SearchSpace {
  /** Generator cells (each doubles the resolution) and discriminator blocks (each halves it). */
  public static final int CELLS = 2;
  /** Genes of one generator cell, in order. */
  public static final List<String> CELL_GENES = List.of("up", "c0", "c1", "short", "norm", "proj");
  /** Genes of one discriminator block, in order. */
  public static final List<String> BLOCK_GENES = List.of("c0", "c1", "down", "short");

  static final List<String> UP = List.of("nearest", "bilinear", "subpixel");
  static final List<String> CONV = List.of("conv_1x1", "conv_3x3", "conv_5x5", "dil_conv_3x3");
  static final List<String> SHORT = List.of("no_short", "short");
  static final List<String> NORM = List.of("no_norm", "batch_norm");
  static final List<String> PROJ = List.of("no_proj", "proj_all", "proj_half");
  static final List<String> DOWN = List.of("down_avg", "down_max", "down_conv_3x3", "down_conv_5x5");

  /** The one instance: the space has no parameters (channels and image size belong to the networks). */
  public static final GanSpace INSTANCE = new GanSpace();

  private GanSpace() {}

  /** Gene index of generator cell {@code cell}'s gene {@code name}. */
  public static int generatorGene(int cell, String name) {
    return cell * CELL_GENES.size() + CELL_GENES.indexOf(name);
  }

  /** Gene index of discriminator block {@code block}'s gene {@code name}. */
  public static int discriminatorGene(int block, String name) {
    return CELLS * CELL_GENES.size() + block * BLOCK_GENES.size() + BLOCK_GENES.indexOf(name);
  }

  /** The gene's readable name, e.g. {@code g1.proj} or {@code d0.down}. */
  public static String geneName(int gene) {
    int g = CELLS * CELL_GENES.size();
    return gene < g ? "g" + gene / CELL_GENES.size() + "." + CELL_GENES.get(gene % CELL_GENES.size())
        : "d" + (gene - g) / BLOCK_GENES.size() + "." + BLOCK_GENES.get((gene - g) % BLOCK_GENES.size());
  }

  @Override
  public String name() {
    return "gan";
  }

  @Override
  public int positions() {
    return CELLS * (CELL_GENES.size() + BLOCK_GENES.size());
  }

  @Override
  public List<String> options(int position) {
    if (position < 0 || position >= positions()) {
      throw new IndexOutOfBoundsException("position " + position + " of " + positions());
    }
    String gene = geneName(position);
    String kind = gene.substring(gene.indexOf('.') + 1);
    return switch (kind) {
      case "up" -> UP;
      case "c0", "c1" -> CONV;
      case "short" -> SHORT;
      case "norm" -> NORM;
      case "proj" -> PROJ;
      case "down" -> DOWN;
      default -> throw new IllegalStateException(gene);
    };
  }

  @Override
  public String format(Architecture a) {
    StringBuilder sb = new StringBuilder();
    int g = 0;
    for (int c = 0; c < CELLS; c++) {
      sb.append(c > 0 ? ";" : "");
      for (int i = 0; i < CELL_GENES.size(); i++, g++) {
        sb.append(i > 0 ? "," : "").append(a.option(g));
      }
    }
    sb.append('|');
    for (int b = 0; b < CELLS; b++) {
      sb.append(b > 0 ? ";" : "");
      for (int i = 0; i < BLOCK_GENES.size(); i++, g++) {
        sb.append(i > 0 ? "," : "").append(a.option(g));
      }
    }
    return sb.toString();
  }

  @Override
  public Architecture parse(String text) {
    String example = format(of(new int[positions()]));
    if (text == null || text.isBlank()) {
      throw new InputException("empty GAN architecture: expected generator cells, '|', discriminator blocks, like "
          + example);
    }
    String[] halves = text.strip().split("\\|", -1);
    if (halves.length != 2) {
      throw new InputException("GAN architecture '" + text.strip() + "' needs one '|' between the generator and the "
          + "discriminator, like " + example);
    }
    List<Integer> genes = new ArrayList<>();
    for (int h = 0; h < 2; h++) {
      String[] parts = halves[h].split(";", -1);
      int per = h == 0 ? CELL_GENES.size() : BLOCK_GENES.size();
      if (parts.length != CELLS) {
        throw new InputException("the " + (h == 0 ? "generator" : "discriminator") + " of '" + text.strip() + "' has "
            + parts.length + " parts, the space has " + CELLS + " separated by ';', like " + example);
      }
      for (String part : parts) {
        String[] o = part.split(",", -1);
        if (o.length != per) {
          throw new InputException("'" + part + "' has " + o.length + " options, a " + (h == 0 ? "generator cell" : "discriminator block")
              + " has " + per + " (" + String.join(",", h == 0 ? CELL_GENES : BLOCK_GENES) + ")");
        }
        for (String op : o) {
          int pos = genes.size();
          int idx = options(pos).indexOf(op.strip());
          if (idx < 0) {
            throw new InputException("unknown option '" + op.strip() + "' for gene " + geneName(pos) + " in '" + text.strip()
                + "': choose one of " + options(pos));
          }
          genes.add(idx);
        }
      }
    }
    return of(genes.stream().mapToInt(Integer::intValue).toArray());
  }

  @Override
  public String toString() {
    return "GanSpace";
  }
}
