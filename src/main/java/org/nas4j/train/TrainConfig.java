package org.nas4j.train;

import org.nas4j.InputException;
import org.nas4j.network.NetworkConfig;

/**
 * How a candidate is trained: NAS-Bench-201's recipe (SGD with Nesterov momentum 0.9, weight decay 5e-4,
 * learning rate 0.1 annealed to 0 by a cosine per batch, no warm-up) with the batch size, epochs, network
 * size and seed as options.
 *
 * <p>Defaults: 1 epoch, batch 64, C=16, N=5. NAS-Bench-201 used batch 256 on GPUs; on CPU a short run gets
 * 4x more SGD steps from the same images at batch 64, which matters for the 1-epoch fidelities a search uses
 * (docs/training.md). The evaluation batch size only changes speed and memory, never the result.
 *
 * @param epochs passes over the training images
 * @param batchSize images per SGD step
 * @param learningRate initial learning rate of the cosine schedule
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay, added to every gradient
 * @param nesterov Nesterov momentum (NAS-Bench-201: true)
 * @param seed fixes initialisation and data order
 * @param channels network width C
 * @param cells cells per stage N
 * @param evalBatchSize images per batch when measuring accuracy
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
    boolean nesterov, long seed, int channels, int cells, int evalBatchSize) {

  public TrainConfig {
    if (epochs < 1) {
      throw new InputException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new InputException("batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new InputException("learning rate must be a positive number, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InputException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0)) {
      throw new InputException("weight decay must be >= 0, got " + weightDecay);
    }
    if (evalBatchSize < 1) {
      throw new InputException("evaluation batch size must be at least 1, got " + evalBatchSize);
    }
    if (channels < 1 || cells < 0) {
      throw new InputException("network needs channels >= 1 and cells >= 0, got C=" + channels + " N=" + cells);
    }
  }

  /** NAS-Bench-201's recipe at C=16, N=5, one epoch, batch 64, seed 0. */
  public static TrainConfig defaults() {
    return new TrainConfig(1, 64, 0.1, 0.9, 5e-4, true, 0, NetworkConfig.NB201_CHANNELS, NetworkConfig.NB201_CELLS, 256);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, batchSize, learningRate, momentum, weightDecay, nesterov, seed, channels, cells, evalBatchSize);
  }

  public TrainConfig withBatchSize(int b) {
    return new TrainConfig(epochs, b, learningRate, momentum, weightDecay, nesterov, seed, channels, cells, evalBatchSize);
  }

  public TrainConfig withLearningRate(double lr) {
    return new TrainConfig(epochs, batchSize, lr, momentum, weightDecay, nesterov, seed, channels, cells, evalBatchSize);
  }

  public TrainConfig withSeed(long s) {
    return new TrainConfig(epochs, batchSize, learningRate, momentum, weightDecay, nesterov, s, channels, cells, evalBatchSize);
  }

  public TrainConfig withNetwork(int c, int n) {
    return new TrainConfig(epochs, batchSize, learningRate, momentum, weightDecay, nesterov, seed, c, n, evalBatchSize);
  }

  public TrainConfig withEvalBatchSize(int b) {
    return new TrainConfig(epochs, batchSize, learningRate, momentum, weightDecay, nesterov, seed, channels, cells, b);
  }

  /** The network for images of the given shape and class count. */
  public NetworkConfig network(int inputChannels, int height, int width, int classes) {
    return new NetworkConfig(channels, cells, inputChannels, height, width, classes);
  }

  /** Learning rate at step {@code step} of {@code steps}: cosine from the initial rate to 0. */
  public double learningRateAt(long step, long steps) {
    return 0.5 * learningRate * (1 + Math.cos(Math.PI * step / Math.max(1, steps)));
  }
}
