package org.nas4j.cli;

import org.nas4j.data.DataOptions;
import picocli.CommandLine.Option;

/**
 * The data options of every command that trains ({@code train}, {@code search}, {@code pbt}), declared once so
 * they are named, documented and defaulted alike. Used as a picocli {@code @Mixin}.
 */
final class DataArgs {
  @Option(names = "--train-limit", defaultValue = "0", paramLabel = "K",
      description = "train on at most K images, a seeded sample (0 = all)")
  int trainLimit;

  @Option(names = "--valid-limit", defaultValue = "0", paramLabel = "K", description = "at most K validation images (0 = all)")
  int validLimit;

  @Option(names = "--test-limit", defaultValue = "0", paramLabel = "K", description = "at most K test images (0 = all)")
  int testLimit;

  @Option(names = "--valid-fraction", defaultValue = "0.1", paramLabel = "F",
      description = "fraction of the training images held out for validation (default: ${DEFAULT-VALUE})")
  double validFraction;

  /** These options with the command's seed; augmentation stays automatic (by image colour). */
  DataOptions options(long seed) {
    Flags.atLeast("--train-limit", trainLimit, 0, "0 means all");
    Flags.atLeast("--valid-limit", validLimit, 0, "0 means all");
    Flags.atLeast("--test-limit", testLimit, 0, "0 means all");
    return DataOptions.defaults().withValidFraction(validFraction).withTrainLimit(trainLimit)
        .withValidLimit(validLimit).withTestLimit(testLimit).withSeed(seed);
  }
}
