package org.nas4j.pbt;

import java.nio.file.Path;
import org.nas4j.InputException;

/**
 * What the GAN task ({@code PbtConfig.space() == "gan"}) needs beyond a PBT configuration.
 *
 * @param latent length of the noise vector z
 * @param cache where the FD-classifier is cached (shared by runs on the same data)
 * @param classifierEpochs epochs the FD-classifier trains, once per dataset
 * @param samples images generated (and real images used) for each FD-classifier
 */
public record GanSettings(int latent, Path cache, int classifierEpochs, int samples) {
  public GanSettings {
    if (samples < 50) {
      throw new InputException("the FD-classifier needs at least 50 samples, got --fd-samples " + samples
          + ": pass --fd-samples 1000 or more for a stable distance");
    }
    if (classifierEpochs < 1) {
      throw new InputException("the FD-classifier needs at least 1 epoch, got --fd-epochs " + classifierEpochs);
    }
    if (latent < 2 || latent % 2 != 0) {
      throw new InputException("the latent size must be even and >= 2, got --latent " + latent);
    }
  }

  /** Defaults: latent 64, cache {@code runs/cache}, classifier 2 epochs, 1,000 samples. */
  public static GanSettings defaults() {
    return new GanSettings(64, Path.of("runs", "cache"), 2, 1000);
  }

  public GanSettings withCache(Path dir) {
    return new GanSettings(latent, dir, classifierEpochs, samples);
  }

  public GanSettings withSamples(int n) {
    return new GanSettings(latent, cache, classifierEpochs, n);
  }

  public GanSettings withClassifierEpochs(int e) {
    return new GanSettings(latent, cache, e, samples);
  }
}
