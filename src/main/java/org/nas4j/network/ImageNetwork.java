package org.nas4j.network;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import org.nas4j.InputException;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.NasnetSpace;

/**
 * An image classifier built from an architecture: NAS-Bench-201's {@link CellNetwork} or NAO's
 * {@link NasnetNetwork}. Training ({@code train.Trainer}), saved models and prediction see only this type.
 *
 * <p>In training mode a network may return a second output, auxiliary logits, whose cross-entropy is added to
 * the loss with weight {@link #auxiliaryWeight()}; in inference mode it returns the logits only.
 */
public interface ImageNetwork extends Block {

  Architecture architecture();

  /** Trainable parameters. */
  long parameterCount();

  /** Forward multiply-accumulates for one image (convolutions and classifier). */
  long flops();

  /**
   * Creates the parameters in {@code manager} and draws them from {@code seed}. Call with gradient recording
   * off ({@code Autograd.inference()}).
   */
  void initialize(NDManager manager, long seed);

  /** The weight of the auxiliary head's loss, 0 when there is none. */
  default double auxiliaryWeight() {
    return 0;
  }

  /** Tells the network how far training is (0..1), for schedules such as drop-path's. */
  default void trainingProgress(double fraction) {}

  /**
   * The network of an architecture of a known space.
   *
   * @throws InputException when the architecture's space has no network
   */
  static ImageNetwork build(Architecture architecture, NetworkConfig config, NetworkOptions options) {
    if (architecture.space() instanceof NasnetSpace) {
      return NasnetNetwork.build(architecture, config, options);
    }
    if (architecture.space() instanceof CellSpace) {
      return CellNetwork.build(architecture, config);
    }
    throw new InputException("space " + architecture.space().name() + " has no image network: use --space nb201 or nasnet");
  }
}
