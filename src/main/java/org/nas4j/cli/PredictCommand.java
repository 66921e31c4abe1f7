package org.nas4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nas4j.InputException;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.data.ImageSet;
import org.nas4j.engine.Engines;
import org.nas4j.pbt.PbtModel;
import org.nas4j.util.Format;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j predict}: classifies a dataset's test images with an exported (or saved) model. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Loads a model folder (from 'nas4j export' or 'nas4j train --save') or a finished 'nas4j pbt' run "
        + "directory (its best member) and classifies the test images of a dataset; prints the accuracy and, with "
        + "--out, writes one line per image.",
        "Example: ./nas4j predict --model best-model --data fashion-mnist --out predictions.csv"})
public final class PredictCommand implements Callable<Integer> {
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "model folder (model.json + weights.params), e.g. a finished PBT run directory")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "SPEC",
      description = "dataset whose test images to classify: digits, fashion-mnist, idx:DIR, folder:DIR[@HxW], ...")
  String data;

  @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "at most N images (0 = all)")
  int limit;

  @Option(names = "--out", paramLabel = "FILE", description = "CSV with index, predicted class, true class")
  Path out;

  @Override
  public Integer call() throws Exception {
    Flags.atLeast("--limit", limit, 0, "leave it out (or pass 0) for all test images");
    if (out != null) {
      OutputPaths.file("--out", out);
    }
    // the data first: a dataset mistake is reported before the engine loads (and prints its own warnings)
    ImageSet images = DataSplit.load(data, DataOptions.defaults().withTestLimit(limit)).test();
    try (TrainedModel m = load(model)) {
      Engines.pytorch();
      // the model answers with its own classes: other data would be scored against labels it never learned
      if (!m.classNames().equals(images.classNames())) {
        throw new InputException("dataset " + data + " has classes " + names(images.classNames()) + " but the model in "
            + model + " predicts " + names(m.classNames()) + ": classify a dataset with the model's classes");
      }
      long t0 = System.nanoTime();
      int[] p = m.predict(images);
      double secs = (System.nanoTime() - t0) / 1e9;
      List<String> names = m.classNames();
      int right = 0;
      for (int i = 0; i < p.length; i++) {
        right += p[i] == images.label(i) ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "%s images classified in %s s; accuracy %s (%s right)%n", Format.count(p.length),
          Format.seconds(secs), Format.percent((double) right / Math.max(1, p.length)), Format.count(right));
      int show = Math.min(5, p.length);
      for (int i = 0; i < show; i++) {
        System.out.println("  image " + i + ": " + names.get(p[i]) + " (true: " + images.classNames().get(images.label(i)) + ")");
      }
      if (out != null) {
        try (CSVPrinter w = CSV.print(out, StandardCharsets.UTF_8)) { // a class name may hold commas or quotes
          w.printRecord("index", "predicted", "label");
          for (int i = 0; i < p.length; i++) {
            w.printRecord(i, names.get(p[i]), images.classNames().get(images.label(i)));
          }
        }
        System.out.println("wrote " + out.toAbsolutePath());
      }
    }
    return 0;
  }

  /** A model folder, or a PBT run directory, which holds its best member as one. */
  static TrainedModel load(Path dir) {
    return PbtModel.holds(dir) ? PbtModel.load(dir) : ModelFiles.load(dir);
  }

  /** A class list for a one-line message: the first ten names. */
  private static String names(List<String> classes) {
    int n = classes.size();
    return "[" + String.join(", ", classes.subList(0, Math.min(10, n))) + (n > 10 ? ", ... (" + n + " in all)]" : "]");
  }
}
