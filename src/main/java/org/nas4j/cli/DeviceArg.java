package org.nas4j.cli;

import org.nas4j.engine.Engines;
import picocli.CommandLine.Option;

/** The {@code --device} option of every command that trains, declared once (a picocli {@code @Mixin}). */
final class DeviceArg {
  @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto",
      description = "where networks train: cpu, gpu (an error when there is none; build with -Pcuda, docs/gpu.md) or "
          + "auto (a GPU when libtorch sees one) (default: ${DEFAULT-VALUE})")
  String device;

  /** Selects the device; {@code gpu} without a usable GPU is a one-line error (exit status 2). */
  void select() {
    if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
      throw new org.nas4j.InputException("--device must be cpu, gpu or auto, got '" + device + "'");
    }
    Engines.useDevice(device);
  }
}
