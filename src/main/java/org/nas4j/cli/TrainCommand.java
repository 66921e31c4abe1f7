package org.nas4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nas4j.InputException;
import org.nas4j.data.DataSplit;
import org.nas4j.evaluate.Seeds;
import org.nas4j.util.Format;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.space.SearchSpaces;
import org.nas4j.util.Json;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.ProgressListener;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainResult;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nas4j train}: trains one architecture (NAS-Bench-201 cell or NASNet cell pair) and reports its accuracy. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains one NAS-Bench-201 cell architecture (C=16, N=5 network by default) with NAS-Bench-201's "
        + "recipe: SGD, Nesterov momentum 0.9, weight decay 5e-4, learning rate 0.1 with a cosine schedule.",
        "With --space nasnet it trains NAO's NASNet network for a normal:...;reduce:... cell pair (docs/nasnet.md).",
        "Prints progress to stderr and a summary to stdout; --json writes the summary (accuracies as fractions).",
        "Example: nas4j train --arch '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
            + "nor_conv_3x3~2|' --data fashion-mnist --epochs 1 --train-limit 10000 --json r.json"})
public final class TrainCommand implements Callable<Integer> {
  @Mixin DataArgs dataArgs = new DataArgs();
  @Mixin NetworkArgs network = new NetworkArgs();

  @Option(names = "--arch", required = true, paramLabel = "ARCH",
      description = "cell in NAS-Bench-201 form, |op~0|+|op~0|op~1|+|op~0|op~1|op~2| with ops none, skip_connect, "
          + "nor_conv_1x1, nor_conv_3x3, avg_pool_3x3; with --space nasnet normal:op~in+op~in|... (5 nodes);reduce:...; "
          + "or 'random' for one drawn from --seed")
  String arch;

  @Option(names = "--data", required = true, paramLabel = "SPEC",
      description = "dataset: digits, fashion-mnist, mnist, cifar10[:DIR], cifar100[:DIR], idx:DIR, folder:DIR[@HxW]")
  String data;

  @Option(names = "--epochs", defaultValue = "1", paramLabel = "E", description = "training epochs (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--channels", defaultValue = "16", paramLabel = "C", description = "network width C (default: ${DEFAULT-VALUE})")
  int channels;

  @Option(names = "--cells", defaultValue = "5", paramLabel = "N", description = "cells per stage N (default: ${DEFAULT-VALUE})")
  int cells;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "B", description = "images per SGD step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.1", paramLabel = "LR", description = "initial learning rate (default: ${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
      description = "fixes the validation split, the architecture for --arch random, initialisation and data order (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", paramLabel = "FILE", description = "write the summary as JSON")
  Path json;

  @Option(names = "--save", paramLabel = "DIR", description = "save the trained model (model.json + weights.params) in DIR")
  Path save;

  @Option(names = "--quiet", description = "no progress bar")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    SearchSpace space = SearchSpaces.get(network.space);
    Architecture a = "random".equals(arch.strip())
        ? space.sample(new SplittableRandom(Seeds.stream(seed, Seeds.Stream.RANDOM_ARCHITECTURE)))
        : space.parse(arch);
    TrainConfig cfg = TrainConfig.defaults().withEpochs(epochs).withNetwork(channels, cells).withBatchSize(batchSize)
        .withLearningRate(learningRate).withSeed(seed).withOptions(network.options());
    if (json != null) {
      OutputPaths.file("--json", json);
    }
    if (save != null) {
      OutputPaths.folder("--save", save);
    }
    network.selectDevice();
    DataSplit split = DataSplit.load(data, dataArgs.options(seed).withCutout(network.cutout)).requireValidation();
    PrintStream err = System.err;
    err.println("nas4j train: " + a + " on " + split.describe());
    Bar bar = quiet ? null : new Bar(err, System.console() != null);
    TrainResult r;
    Saved saved = null;
    try (TrainedModel model = new Trainer(cfg).fit(a, TrainData.from(split), bar == null ? null : bar)) {
      if (bar != null) {
        bar.finish();
      }
      r = model.result();
      if (save != null) {
        saved = save(save, model);
      }
    }
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "arch            %s%n", r.architecture());
    out.printf(Locale.ROOT, "data            %s%n", split.describe());
    out.printf(Locale.ROOT, "valid accuracy  %s (%s images)%n", Format.percent(r.validAccuracy()),
        Format.count(split.valid().size()));
    out.printf(Locale.ROOT, "test accuracy   %s (%s images)%n", Format.percent(r.testAccuracy()),
        Format.count(split.test().size()));
    out.printf(Locale.ROOT, "params          %s (%s)%n", Format.count(r.params()), Format.compact(r.params()));
    out.printf(Locale.ROOT, "flops           %s (%s) multiply-accumulates per image%n", Format.count(r.flops()),
        Format.compact(r.flops()));
    out.printf(Locale.ROOT, "train seconds   %s (%s images/s, %d epochs, batch %d, C=%d, N=%d)%n",
        Format.seconds(r.trainSeconds()), Format.count(r.imagesPerSecond()), r.epochs(), cfg.recipe().batchSize(), cfg.channels(),
        cfg.cells());
    out.printf(Locale.ROOT, "seed            %d%n", r.seed());
    if (saved != null && saved.dir() != null) {
      out.printf(Locale.ROOT, "saved           %s%n", saved.dir());
    }
    if (json != null) {
      var m = ModelFiles.summary(r);
      m.put("data", data);
      m.put("train_images", split.train().size());
      m.put("valid_images", split.valid().size());
      m.put("test_images", split.test().size());
      m.put("batch_size", cfg.recipe().batchSize());
      m.put("channels", cfg.channels());
      m.put("cells", cfg.cells());
      try {
        Files.writeString(json, Json.write(m), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new InputException("could not write --json " + json + " (" + e.getMessage() + "); the summary is "
            + "printed above" + (saved != null && saved.dir() != null ? " and the model saved in " + saved.dir() : ""));
      }
    }
    if (saved != null && saved.failure() != null) {
      throw new InputException(saved.failure());
    }
    return 0;
  }

  /**
   * Where a trained model was saved: {@code dir} (null when nowhere) and, when it is not where the user asked,
   * the one-line message that says so.
   */
  record Saved(Path dir, String failure) {}

  /**
   * Saves a finished training in {@code dir}, or, when that fails although {@code --save} was checked before
   * training (the folder went away, the disk filled up), in a new temporary folder, so hours of training are not
   * lost to a path.
   */
  static Saved save(Path dir, TrainedModel model) {
    try {
      ModelFiles.save(dir, model);
      return new Saved(dir, null);
    } catch (IOException | UncheckedIOException e) {
      String why = "could not save the model in " + dir + " (" + e + ")";
      try {
        Path fallback = Files.createTempDirectory("nas4j-model-");
        ModelFiles.save(fallback, model);
        return new Saved(fallback, why + ": it is saved in " + fallback + " instead; move that folder where you want it");
      } catch (IOException | UncheckedIOException again) {
        return new Saved(null, why + " nor in a temporary folder (" + again + "): free some disk space and train again");
      }
    }
  }

  /** Progress on stderr: redrawn in place on a terminal, otherwise one line every few seconds. */
  static final class Bar implements ProgressListener {
    private final PrintStream err;
    private final ProgressLine line;
    private String last = "";

    Bar(PrintStream err, boolean tty) {
      this.err = err;
      this.line = new ProgressLine(err, tty, Duration.ofMillis(200), Duration.ofSeconds(5));
    }

    @Override
    public void onBatch(Progress p) {
      last = String.format(Locale.ROOT, "epoch %d/%d %s batch %s/%s  loss %s  %s img/s  %s s",
          p.epoch(), p.epochs(), ProgressLine.bar(p.batch(), p.batches(), 24), Format.count(p.batch()),
          Format.count(p.batches()), Format.fixed(p.loss(), 4), Format.count(p.imagesPerSecond()),
          Format.seconds(p.elapsedSeconds()));
      line.show(last, p.batch() == p.batches() && p.epoch() == p.epochs());
    }

    @Override
    public void onEvaluating(int done, int total) {
      if (done == 0) {
        line.end(); // the training line stays as it ended
      }
      line.show(String.format(Locale.ROOT, "measuring accuracy %s %s/%s images", ProgressLine.bar(done, total, 24),
          Format.count(done), Format.count(total)), done == total);
    }

    void finish() {
      line.end();
    }
  }

}
