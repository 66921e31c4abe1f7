package org.nas4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nas4j.engine.Engines;
import org.nas4j.pbt.GanModel;
import org.nas4j.report.ImageGrid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j sample}: PNG images from the exported generator of a 'nas4j pbt --task gan' run. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generates images with the EMA generator exported by 'nas4j pbt --task gan' (generator.json + "
        + "generator.bin in its run directory) and writes them as PNG files, sample-0000.png, ..., and grid.png.",
        "Example: ./nas4j sample --model runs/pbt-gan-fashion-mnist-pbt-nas-s0 --count 16 --out samples"})
public final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "run directory of a finished GAN run")
  Path model;

  @Option(names = "--count", defaultValue = "16", paramLabel = "N", description = "images to write (default: ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the PNG files (created if missing)")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "noise seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws Exception {
    Flags.atLeast("--count", count, 1, "pass the number of images to write, e.g. --count 16");
    if (count > 100_000) {
      throw new org.nas4j.InputException("--count " + count + " is more than 100000 images: pass a smaller --count");
    }
    OutputPaths.folder("--out", out);
    GanModel g = GanModel.load(model); // a wrong folder is one line before the engine loads
    Engines.pytorch();
    float[] img = g.generate(count, seed);
    int ch = g.sizes().imageChannels();
    int side = g.sizes().imageSize();
    for (int i = 0; i < count; i++) {
      ImageGrid.writeOne(out.resolve(String.format(java.util.Locale.ROOT, "sample-%04d.png", i)), img, i, ch, side, side);
    }
    ImageGrid.write(out.resolve("grid.png"), img, 0, Math.min(count, 64), ch, side, side, 8, 2);
    System.out.println("wrote " + count + " images (" + ch + "x" + side + "x" + side + ") and grid.png to " + out);
    return 0;
  }
}
