package org.nas4j.search;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.nas4j.InputException;
import org.nas4j.data.DataSplit;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.store.Store;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.Trainer;
import org.nas4j.util.Json;

/**
 * The best architecture of a study retrained with the final budget: its weights (train's model files) and
 * {@code final.json} with what it scored, kept in the study's model folder next to the store
 * ({@code <store>.models/<study>/}, or {@code nas4j-models/<study>/} for PostgreSQL) so that {@code report}
 * and {@code export} find it later.
 *
 * @param dir the folder
 * @param architecture canonical string
 * @param task the task
 * @param epochs epochs of the final training
 * @param searchObjective the architecture's objective during the search (validation accuracy in %)
 * @param validAccuracy validation accuracy after the final training, a fraction
 * @param testAccuracy test accuracy after the final training, a fraction
 * @param params trainable parameters
 * @param trainSeconds seconds of the final training
 * @param seed the final training's seed
 * @param sources the transfer sources the search used
 */
public record FinalModel(Path dir, String architecture, String task, int epochs, double searchObjective,
    double validAccuracy, double testAccuracy, long params, double trainSeconds, long seed, List<String> sources) {

  static final String FILE = "final.json";
  /** Version of {@code final.json}: 2 keeps accuracies as fractions (older files, without the field, in %). */
  static final int FORMAT = 2;

  /** The model folder of a study in a store. */
  public static Path dir(Store store, String study) {
    return store.file().map(f -> Path.of(f + ".models", study)).orElse(Path.of("nas4j-models", study));
  }

  /** The final model of a study, if it was trained. */
  public static Optional<FinalModel> read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      Fields j = Json.GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), Fields.class);
      double unit = j.format < FORMAT ? 100 : 1; // files before format 2 kept accuracies in %
      return Optional.of(new FinalModel(dir, j.architecture, j.task, j.epochs, j.searchObjective,
          j.validAccuracy / unit, j.testAccuracy / unit, j.params, j.trainSeconds, j.seed,
          j.sources == null ? List.of() : j.sources));
    } catch (IOException | RuntimeException e) {
      throw new InputException(f + " is unreadable (" + e.getMessage() + "): delete the folder " + dir
          + " and rerun the search to retrain the final model");
    }
  }

  /** Retrains the best architecture unless this exact final model exists already (a resumed search). */
  static FinalModel trainOrLoad(Path dir, org.nas4j.space.Architecture best, DataSplit data, TrainConfig recipe,
      int epochs, long seed, Evaluation searched, List<String> sources, PrintStream log) {
    Optional<FinalModel> have = read(dir);
    if (have.isPresent() && have.get().architecture().equals(best.toString()) && have.get().epochs() == epochs
        && have.get().seed() == seed) {
      log.println("final model already trained: " + dir);
      return have.get();
    }
    log.printf(Locale.ROOT, "final training of the best architecture for %d epoch(s) ...%n", epochs);
    TrainData all = new TrainData(data.task(), data.train(), data.valid(), data.test(), data.normalization(),
        data.augmentation());
    long t0 = System.nanoTime();
    try (TrainedModel m = new Trainer(recipe.withEpochs(epochs).withSeed(seed)).fit(best, all, null)) {
      double secs = (System.nanoTime() - t0) / 1e9;
      FinalModel fm = new FinalModel(dir, best.toString(), data.task(), epochs, searched.objective(),
          m.result().validAccuracy(), m.result().testAccuracy(), m.result().params(), secs, seed, sources);
      Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
      deleteTree(tmp);
      Files.createDirectories(tmp);
      ModelFiles.save(tmp, m);
      Files.writeString(tmp.resolve(FILE), Json.write(fm.fields()), StandardCharsets.UTF_8);
      deleteTree(dir);
      Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
      return fm;
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the final model to " + dir, e);
    }
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (var s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  Fields fields() {
    Fields j = new Fields();
    j.format = FORMAT;
    j.architecture = architecture;
    j.task = task;
    j.epochs = epochs;
    j.searchObjective = searchObjective;
    j.validAccuracy = validAccuracy;
    j.testAccuracy = testAccuracy;
    j.params = params;
    j.trainSeconds = trainSeconds;
    j.seed = seed;
    j.sources = sources;
    return j;
  }

  /** The JSON shape of {@code final.json} (snake_case keys; the camelCase keys of older files are read too). */
  static final class Fields {
    int format;
    String architecture;
    String task;
    int epochs;
    double searchObjective;
    double validAccuracy;
    double testAccuracy;
    long params;
    double trainSeconds;
    long seed;
    List<String> sources;
  }
}
