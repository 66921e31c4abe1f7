package org.nas4j.train;

import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.network.NetworkConfig;
import org.nas4j.network.NetworkOptions;

/**
 * How a candidate is trained: an SGD {@link Recipe} (NAS-Bench-201's by default) with the epochs, network
 * size and seed as options.
 *
 * <p>Defaults: 1 epoch, batch 64, C=16, N=5. The evaluation batch size only changes speed and memory, never
 * the result.
 *
 * @param epochs passes over the training images
 * @param recipe batch size, learning rate and its schedule, momentum, weight decay
 * @param seed fixes initialisation and data order
 * @param channels network width C
 * @param cells cells per stage N
 * @param evalBatchSize images per batch when measuring accuracy
 * @param options drop-path and auxiliary head (NASNet networks only)
 */
public record TrainConfig(int epochs, Recipe recipe, long seed, int channels, int cells, int evalBatchSize,
    NetworkOptions options) {

  public TrainConfig {
    if (epochs < 1) {
      throw new InputException("epochs must be at least 1, got " + epochs);
    }
    Objects.requireNonNull(recipe, "recipe");
    if (evalBatchSize < 1) {
      throw new InputException("evaluation batch size must be at least 1, got " + evalBatchSize);
    }
    options = options == null ? NetworkOptions.NONE : options;
    if (channels < 1 || cells < 0) {
      throw new InputException("network needs channels >= 1 and cells >= 0, got C=" + channels + " N=" + cells
          + ": pass e.g. --channels 16 --cells 5 (NAS-Bench-201's C and N)");
    }
  }

  /** A configuration without drop-path and auxiliary head. */
  public TrainConfig(int epochs, Recipe recipe, long seed, int channels, int cells, int evalBatchSize) {
    this(epochs, recipe, seed, channels, cells, evalBatchSize, NetworkOptions.NONE);
  }

  /** NAS-Bench-201's recipe at C=16, N=5, one epoch, batch 64, seed 0. */
  public static TrainConfig defaults() {
    return new TrainConfig(1, Recipe.nasBench201(), 0, NetworkConfig.NB201_CHANNELS, NetworkConfig.NB201_CELLS, 256);
  }

  public TrainConfig withEpochs(int e) {
    return new TrainConfig(e, recipe, seed, channels, cells, evalBatchSize, options);
  }

  public TrainConfig withRecipe(Recipe r) {
    return new TrainConfig(epochs, r, seed, channels, cells, evalBatchSize, options);
  }

  public TrainConfig withBatchSize(int b) {
    return new TrainConfig(epochs, recipe.withBatchSize(b), seed, channels, cells, evalBatchSize, options);
  }

  public TrainConfig withLearningRate(double lr) {
    return new TrainConfig(epochs, recipe.withLearningRate(lr), seed, channels, cells, evalBatchSize, options);
  }

  public TrainConfig withSeed(long s) {
    return new TrainConfig(epochs, recipe, s, channels, cells, evalBatchSize, options);
  }

  public TrainConfig withNetwork(int c, int n) {
    return new TrainConfig(epochs, recipe, seed, c, n, evalBatchSize, options);
  }

  public TrainConfig withEvalBatchSize(int b) {
    return new TrainConfig(epochs, recipe, seed, channels, cells, b, options);
  }

  public TrainConfig withOptions(NetworkOptions o) {
    return new TrainConfig(epochs, recipe, seed, channels, cells, evalBatchSize, o);
  }

  /** The network for images of the given shape and class count. */
  public NetworkConfig network(int inputChannels, int height, int width, int classes) {
    return new NetworkConfig(channels, cells, inputChannels, height, width, classes);
  }
}
