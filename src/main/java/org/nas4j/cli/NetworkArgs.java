package org.nas4j.cli;

import org.nas4j.network.NetworkOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The space, device and NASNet regularisation options of {@code train} and {@code search}, declared once (a picocli
 * {@code @Mixin}). Drop-path and the auxiliary head exist only in NASNet networks; cutout works for any.
 */
final class NetworkArgs {
  @Option(names = "--space", defaultValue = "nb201", paramLabel = "NAME",
      description = "search space: nb201 (NAS-Bench-201 cells), nasnet (NAO's NASNet cells, 11 ops) or nasnet-ws "
          + "(NAO-WS's 5 ops) (default: ${DEFAULT-VALUE})")
  String space;

  @Mixin DeviceArg device = new DeviceArg();

  @Option(names = "--drop-path", defaultValue = "0", paramLabel = "P",
      description = "NASNet only: drop-path probability of the last cell at the end of training (NAO: 0.3) (default: ${DEFAULT-VALUE})")
  double dropPath;

  @Option(names = "--auxiliary", defaultValue = "0", paramLabel = "W",
      description = "NASNet only: weight of the auxiliary head's loss, 0 for no head (NAO: 0.4) (default: ${DEFAULT-VALUE})")
  double auxiliary;

  @Option(names = "--cutout", defaultValue = "0", paramLabel = "PX",
      description = "cutout square in pixels on training images, 0 for none (NAO's final training: 16 on CIFAR) (default: ${DEFAULT-VALUE})")
  int cutout;

  /** The network options, checked; NASNet-only options on another space are refused. */
  NetworkOptions options() {
    NetworkOptions o = new NetworkOptions(dropPath, auxiliary);
    if (!o.equals(NetworkOptions.NONE) && !space.startsWith("nasnet")) {
      throw new org.nas4j.InputException("--drop-path and --auxiliary apply to NASNet networks, not to space " + space
          + ": add --space nasnet or leave them out");
    }
    return o;
  }

  /** Selects the device; {@code gpu} without a usable GPU is a one-line error (exit status 2). */
  void selectDevice() {
    device.select();
  }
}
