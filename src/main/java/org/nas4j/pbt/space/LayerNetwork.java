package org.nas4j.pbt.space;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;

/**
 * Builds the network of a {@link LayerSpace} architecture: stem (conv 3x3 + BN) at {@code C} channels, then
 * per stage its searchable positions, with a fixed transition (ReLU, conv 3x3 stride 2, BN) that doubles
 * the channels between stages, then ReLU, global average pooling and a linear head.
 *
 * <p>Ops are pre-activation (ReLU, conv, BN) as in NAS-Bench-201, each with its own batch norm so that its
 * statistics travel with it when the layer is mixed into another network.
 */
public final class LayerNetwork {
  private LayerNetwork() {}

  /**
   * @param channels channels of the first stage (doubled in each later stage)
   * @param imageShape one input image, CHW
   */
  public static GeneNetwork build(Architecture a, int channels, Shape imageShape, int classes) {
    if (!(a.space() instanceof LayerSpace space)) {
      throw new InputException("architecture " + a + " is not from a layer space");
    }
    if (channels < 1 || classes < 2) {
      throw new InputException("a layer network needs channels >= 1 and >= 2 classes, got " + channels + ", " + classes);
    }
    List<GeneNetwork.Part> parts = new ArrayList<>();
    parts.add(new GeneNetwork.Part("stem", -1, new SequentialBlock().add(conv(channels, 3, 1, 1)).add(bn())));
    int c = channels;
    for (int s = 0; s < space.stages(); s++) {
      if (s > 0) {
        SequentialBlock t = new SequentialBlock().add(Activation.reluBlock()).add(conv(2 * c, 3, 2, 1)).add(bn());
        c *= 2;
        parts.add(new GeneNetwork.Part("t" + s, -1, t));
      }
      for (int p = 0; p < space.positionsPerStage(); p++) {
        int gene = s * space.positionsPerStage() + p;
        parts.add(new GeneNetwork.Part("s" + s + "p" + p, gene, op(a.option(gene), c)));
      }
    }
    SequentialBlock head = new SequentialBlock()
        .add(Activation.reluBlock())
        .add(Pool.globalAvgPool2dBlock())
        .add(Blocks.batchFlattenBlock())
        .add(Linear.builder().setUnits(classes).build());
    parts.add(new GeneNetwork.Part("head", -1, head));
    return new GeneNetwork(a, parts, imageShape);
  }

  /** The block of one op at {@code c} channels. */
  static Block op(String name, int c) {
    return switch (name) {
      case "identity" -> Blocks.identityBlock();
      case "conv_3x3" -> reluConvBn(conv(c, 3, 1, 1));
      case "conv_5x5" -> reluConvBn(conv(c, 5, 1, 2));
      case "dil_conv_3x3" -> reluConvBn(Conv2d.builder().setFilters(c).setKernelShape(new Shape(3, 3))
          .optPadding(new Shape(2, 2)).optDilation(new Shape(2, 2)).optBias(false).build());
      case "sep_conv_3x3" -> new SequentialBlock()
          .add(Activation.reluBlock())
          .add(Conv2d.builder().setFilters(c).setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
              .optGroups(c).optBias(false).build())
          .add(conv(c, 1, 1, 0))
          .add(bn());
      case "residual_3x3" -> new ParallelBlock(
          list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
          List.of(
              new SequentialBlock().add(Activation.reluBlock()).add(conv(c, 3, 1, 1)).add(bn())
                  .add(Activation.reluBlock()).add(conv(c, 3, 1, 1)).add(bn()),
              new LambdaBlock(x -> x)));
      case "max_pool_3x3" -> Pool.maxPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1));
      case "avg_pool_3x3" -> Pool.avgPool2dBlock(new Shape(3, 3), new Shape(1, 1), new Shape(1, 1));
      default -> throw new InputException("unknown layer op '" + name + "': choose from " + LayerSpace.OPS);
    };
  }

  private static Block reluConvBn(Block conv) {
    return new SequentialBlock().add(Activation.reluBlock()).add(conv).add(bn());
  }

  private static Conv2d conv(int filters, int k, int stride, int pad) {
    return Conv2d.builder().setFilters(filters).setKernelShape(new Shape(k, k)).optStride(new Shape(stride, stride))
        .optPadding(new Shape(pad, pad)).optBias(false).build();
  }

  private static BatchNorm bn() {
    return BatchNorm.builder().build();
  }
}
