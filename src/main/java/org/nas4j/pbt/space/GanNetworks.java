package org.nas4j.pbt.space;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;

/**
 * The generator and discriminator of a {@link GanSpace} architecture, each a {@link GeneNetwork} whose parameter
 * keys are stable ({@code g0c1_Conv2d_weight}) and owned by the gene of their layer, so that both networks can be
 * mixed layer by layer.
 *
 * <p>Generator: the noise z (latent L) is projected by a fixed linear layer to C x b x b (b = image side / 4);
 * each cell optionally adds its own projection of z (all of it, or its first half) to its input, up-samples x2
 * (nearest or bilinear interpolation followed by a 1x1 conv, or a 3x3 conv with pixel shuffle), then applies
 * [BN] ReLU op0 [BN] ReLU op1, plus the up-sampled input when the shortcut is on. A fixed BN-ReLU-conv3x3-tanh
 * makes the image in [-1, 1]. Discriminator: a fixed 3x3 conv stem, then blocks of ReLU op0 ReLU op1 and a
 * stride-2 down-sampling op, plus the average-pooled input when the shortcut is on; a fixed head of ReLU, global
 * sum pooling and a linear layer gives one score per image. There is no spectral norm (DJL has none).
 */
public final class GanNetworks {
  private GanNetworks() {}

  /**
   * Sizes of a GAN.
   *
   * @param latent length of the noise vector z (even, so that a projection can take half of it)
   * @param channels C, the width of every cell and block
   * @param imageChannels 1 (grey) or 3 (colour)
   * @param imageSize side of the square images; a multiple of 4
   */
  public record Sizes(int latent, int channels, int imageChannels, int imageSize) {
    public Sizes {
      if (latent < 2 || latent % 2 != 0) {
        throw new InputException("the GAN's latent size must be even and >= 2, got " + latent);
      }
      if (channels < 1) {
        throw new InputException("the GAN needs at least 1 channel, got --channels " + channels);
      }
      if (imageSize % 4 != 0 || imageSize < 8) {
        throw new InputException("the GAN needs square images whose side is a multiple of 4 (28 or 32), got " + imageSize
            + ": resize the images, e.g. folder:DIR@28x28");
      }
      if (imageChannels != 1 && imageChannels != 3) {
        throw new InputException("the GAN needs grey or colour images (1 or 3 channels), got " + imageChannels);
      }
    }

    /** Image shape CHW. */
    public Shape image() {
      return new Shape(imageChannels, imageSize, imageSize);
    }
  }

  /** The generator of {@code a}: input (B, latent), output (B, imageChannels, size, size) in [-1, 1]. */
  public static GeneNetwork generator(Architecture a, Sizes s) {
    requireGan(a);
    return new GeneNetwork(a, new Generator(a, s), new Shape(s.latent()), CellGenes::stableKey,
        key -> geneOf(key, true));
  }

  /** The discriminator of {@code a}: input (B, imageChannels, size, size), output (B, 1). */
  public static GeneNetwork discriminator(Architecture a, Sizes s) {
    requireGan(a);
    return new GeneNetwork(a, new Discriminator(a, s), s.image(), CellGenes::stableKey, key -> geneOf(key, false));
  }

  private static void requireGan(Architecture a) {
    if (!(a.space() instanceof GanSpace)) {
      throw new InputException("architecture " + a + " is not from the GAN space");
    }
  }

  /** The gene that owns a stable key: its layer label ({@code g0n1}, {@code d1down}) names it; -1 for fixed parts. */
  static int geneOf(String key, boolean generator) {
    String label = key.substring(0, key.indexOf('_') < 0 ? key.length() : key.indexOf('_'));
    if (label.length() < 3 || label.charAt(0) != (generator ? 'g' : 'd') || !Character.isDigit(label.charAt(1))) {
      return -1;
    }
    int cell = label.charAt(1) - '0';
    String layer = label.substring(2);
    if (generator) {
      String gene = switch (layer) {
        case "n0", "n1" -> "norm";
        default -> layer;
      };
      return GanSpace.generatorGene(cell, gene);
    }
    return GanSpace.discriminatorGene(cell, layer);
  }

  static Block op(String name, int c) {
    return switch (name) {
      case "conv_1x1" -> conv(c, 1, 1, 0, 1);
      case "conv_3x3" -> conv(c, 3, 1, 1, 1);
      case "conv_5x5" -> conv(c, 5, 1, 2, 1);
      case "dil_conv_3x3" -> conv(c, 3, 1, 2, 2);
      default -> throw new InputException("unknown GAN conv op '" + name + "': choose from " + GanSpace.CONV);
    };
  }

  private static Conv2d conv(int filters, int k, int stride, int pad, int dilation) {
    return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad)).optDilation(new Shape(dilation, dilation)).build();
  }

  // libtorch's interpolation modes as DJL's JNI numbers them (0 nearest, 2 bilinear)
  private static final int NEAREST = 0;
  private static final int BILINEAR = 2;

  static Block up(String name, int c) {
    return switch (name) {
      case "nearest", "bilinear" -> {
        int mode = name.equals("nearest") ? NEAREST : BILINEAR;
        yield new SequentialBlock().add(new LambdaBlock(list -> {
          NDArray x = list.singletonOrThrow();
          long[] hw = {x.getShape().get(2) * 2, x.getShape().get(3) * 2};
          return new NDList(x.getNDArrayInternal().interpolation(hw, mode, false));
        })).add(conv(c, 1, 1, 0, 1));
      }
      // learned up-sampling: a 3x3 conv to 4C channels, then pixel shuffle (Shi et al. 2016); DJL's PyTorch engine
      // has no transposed convolution ("Not implemented"), the op AdversarialNAS uses here
      case "subpixel" -> new SequentialBlock().add(conv(4 * c, 3, 1, 1, 1)).add(new LambdaBlock(list -> {
        NDArray x = list.singletonOrThrow();
        Shape sh = x.getShape();
        long b = sh.get(0);
        long h = sh.get(2);
        long w = sh.get(3);
        return new NDList(x.reshape(b, c, 2, 2, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(b, c, 2 * h, 2 * w));
      }));
      default -> throw new InputException("unknown up-sampling '" + name + "': choose from " + GanSpace.UP);
    };
  }

  static Block down(String name, int c) {
    return switch (name) {
      case "down_avg" -> Pool.avgPool2dBlock(new Shape(2, 2), new Shape(2, 2));
      case "down_max" -> Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2));
      case "down_conv_3x3" -> conv(c, 3, 2, 1, 1);
      case "down_conv_5x5" -> conv(c, 5, 2, 2, 1);
      default -> throw new InputException("unknown down-sampling '" + name + "': choose from " + GanSpace.DOWN);
    };
  }

  private static NDArray relu(NDArray x) {
    return x.getNDArrayInternal().relu();
  }

  /** The generator block; see the class comment. */
  static final class Generator extends AbstractBlock {
    private final Sizes s;
    private final int base;
    private final Block project;
    private final List<Map<String, Block>> cells = new ArrayList<>();
    private final boolean[] shortcut = new boolean[GanSpace.CELLS];
    private final boolean[] norm = new boolean[GanSpace.CELLS];
    private final int[] proj = new int[GanSpace.CELLS];
    private final Block toRgb;

    Generator(Architecture a, Sizes s) {
      this.s = s;
      this.base = s.imageSize() / 4;
      int c = s.channels();
      project = addChildBlock("base", Linear.builder().setUnits((long) c * base * base).build());
      for (int i = 0; i < GanSpace.CELLS; i++) {
        int side = base << i;
        Map<String, Block> cell = new LinkedHashMap<>();
        cell.put("proj", addChildBlock("g" + i + "proj", Linear.builder().setUnits((long) c * side * side).build()));
        cell.put("up", addChildBlock("g" + i + "up", up(a.option(GanSpace.generatorGene(i, "up")), c)));
        cell.put("n0", addChildBlock("g" + i + "n0", BatchNorm.builder().build()));
        cell.put("c0", addChildBlock("g" + i + "c0", op(a.option(GanSpace.generatorGene(i, "c0")), c)));
        cell.put("n1", addChildBlock("g" + i + "n1", BatchNorm.builder().build()));
        cell.put("c1", addChildBlock("g" + i + "c1", op(a.option(GanSpace.generatorGene(i, "c1")), c)));
        cells.add(cell);
        shortcut[i] = a.option(GanSpace.generatorGene(i, "short")).equals("short");
        norm[i] = a.option(GanSpace.generatorGene(i, "norm")).equals("batch_norm");
        proj[i] = GanSpace.PROJ.indexOf(a.option(GanSpace.generatorGene(i, "proj")));
      }
      toRgb = addChildBlock("torgb", new SequentialBlock().add(BatchNorm.builder().build())
          .add(new LambdaBlock(l -> new NDList(relu(l.singletonOrThrow()))))
          .add(conv(s.imageChannels(), 3, 1, 1, 1))
          .add(new LambdaBlock(l -> new NDList(l.singletonOrThrow().tanh()))));
    }

    private NDArray noise(NDArray z, int i) {
      return proj[i] == 2 ? z.get(new NDIndex(":, :" + s.latent() / 2)) : z;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray z = inputs.singletonOrThrow();
      long b = z.getShape().get(0);
      int c = s.channels();
      NDArray x = project.forward(ps, new NDList(z), training).singletonOrThrow().reshape(b, c, base, base);
      for (int i = 0; i < GanSpace.CELLS; i++) {
        Map<String, Block> cell = cells.get(i);
        int side = base << i;
        if (proj[i] > 0) {
          NDArray p = cell.get("proj").forward(ps, new NDList(noise(z, i)), training).singletonOrThrow();
          x = x.add(p.reshape(b, c, side, side));
        }
        NDArray u = cell.get("up").forward(ps, new NDList(x), training).singletonOrThrow();
        NDArray h = u;
        for (String[] step : new String[][] {{"n0", "c0"}, {"n1", "c1"}}) {
          if (norm[i]) {
            h = cell.get(step[0]).forward(ps, new NDList(h), training).singletonOrThrow();
          }
          h = cell.get(step[1]).forward(ps, new NDList(relu(h)), training).singletonOrThrow();
        }
        x = shortcut[i] ? h.add(u) : h;
      }
      return toRgb.forward(ps, new NDList(x), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {new Shape(inputShapes[0].get(0), s.imageChannels(), s.imageSize(), s.imageSize())};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      long b = inputShapes[0].get(0);
      int c = s.channels();
      project.initialize(manager, dataType, new Shape(b, s.latent()));
      for (int i = 0; i < GanSpace.CELLS; i++) {
        Map<String, Block> cell = cells.get(i);
        long side = base << i;
        // every projection exists whatever its gene says; its input is z or half of z
        cell.get("proj").initialize(manager, dataType, new Shape(b, proj[i] == 2 ? s.latent() / 2 : s.latent()));
        cell.get("up").initialize(manager, dataType, new Shape(b, c, side, side));
        Shape big = new Shape(b, c, side * 2, side * 2);
        for (String k : List.of("n0", "c0", "n1", "c1")) {
          cell.get(k).initialize(manager, dataType, big);
        }
      }
      toRgb.initialize(manager, dataType, new Shape(b, c, s.imageSize(), s.imageSize()));
    }
  }

  /** The discriminator block; see the class comment. */
  static final class Discriminator extends AbstractBlock {
    private final Sizes s;
    private final Block stem;
    private final List<Map<String, Block>> blocks = new ArrayList<>();
    private final boolean[] shortcut = new boolean[GanSpace.CELLS];
    private final Block head;

    Discriminator(Architecture a, Sizes s) {
      this.s = s;
      int c = s.channels();
      stem = addChildBlock("stem", conv(c, 3, 1, 1, 1));
      for (int j = 0; j < GanSpace.CELLS; j++) {
        Map<String, Block> block = new LinkedHashMap<>();
        block.put("c0", addChildBlock("d" + j + "c0", op(a.option(GanSpace.discriminatorGene(j, "c0")), c)));
        block.put("c1", addChildBlock("d" + j + "c1", op(a.option(GanSpace.discriminatorGene(j, "c1")), c)));
        block.put("down", addChildBlock("d" + j + "down", down(a.option(GanSpace.discriminatorGene(j, "down")), c)));
        blocks.add(block);
        shortcut[j] = a.option(GanSpace.discriminatorGene(j, "short")).equals("short");
      }
      head = addChildBlock("head", Linear.builder().setUnits(1).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDArray x = stem.forward(ps, inputs, training).singletonOrThrow();
      for (int j = 0; j < GanSpace.CELLS; j++) {
        Map<String, Block> block = blocks.get(j);
        NDArray h = block.get("c0").forward(ps, new NDList(relu(x)), training).singletonOrThrow();
        h = block.get("c1").forward(ps, new NDList(relu(h)), training).singletonOrThrow();
        h = block.get("down").forward(ps, new NDList(h), training).singletonOrThrow();
        x = shortcut[j] ? h.add(x.getNDArrayInternal().avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true))
            : h;
      }
      NDArray pooled = relu(x).sum(new int[] {2, 3});
      return head.forward(ps, new NDList(pooled), training);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
      return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
      long b = inputShapes[0].get(0);
      int c = s.channels();
      stem.initialize(manager, dataType, inputShapes);
      long side = s.imageSize();
      for (Map<String, Block> block : blocks) {
        for (Block k : block.values()) {
          k.initialize(manager, dataType, new Shape(b, c, side, side));
        }
        side /= 2;
      }
      head.initialize(manager, dataType, new Shape(b, c));
    }
  }
}
