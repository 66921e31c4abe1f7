package org.nas4j.network;

import org.nas4j.InputException;

/**
 * The size of a NAS-Bench-201 style network: {@code channels} (C) in the first stage, {@code cells} (N)
 * cells per stage, and the shape of its input and output.
 *
 * @param channels C: the stem and first stage width; the later stages have 2C and 4C
 * @param cells N: cells per stage (three stages, so 3N cells in all)
 * @param inputChannels image channels (1 for grey, 3 for colour)
 * @param height image height; must be divisible by 4 (two stride-2 reductions)
 * @param width image width; must be divisible by 4
 * @param classes number of output classes
 */
public record NetworkConfig(int channels, int cells, int inputChannels, int height, int width, int classes) {
  /** NAS-Bench-201's own size: C=16, N=5. */
  public static final int NB201_CHANNELS = 16;
  /** NAS-Bench-201's own size: C=16, N=5. */
  public static final int NB201_CELLS = 5;

  public NetworkConfig {
    if (channels < 1) {
      throw new InputException("channels must be at least 1, got " + channels + ": pass --channels 16 (NAS-Bench-201's C)");
    }
    if (cells < 0) {
      throw new InputException("cells per stage must be >= 0, got " + cells + ": pass --cells 5 (NAS-Bench-201's N)");
    }
    if (inputChannels < 1) {
      throw new InputException("input channels must be at least 1, got " + inputChannels);
    }
    if (height < 4 || width < 4 || height % 4 != 0 || width % 4 != 0) {
      throw new InputException("images of " + height + "x" + width + " cannot pass the network's two stride-2 reductions: "
          + "height and width must be multiples of 4 (pad or resize the images)");
    }
    if (classes < 2) {
      throw new InputException("a classifier needs at least 2 classes, got " + classes);
    }
  }

  /** The NAS-Bench-201 CIFAR network (C=16, N=5, 3x32x32 input). */
  public static NetworkConfig nb201(int classes) {
    return new NetworkConfig(NB201_CHANNELS, NB201_CELLS, 3, 32, 32, classes);
  }

  /** The same network for other images. */
  public NetworkConfig withInput(int inputChannels, int height, int width, int classes) {
    return new NetworkConfig(channels, cells, inputChannels, height, width, classes);
  }
}
