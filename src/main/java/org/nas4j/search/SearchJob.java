package org.nas4j.search;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.nas4j.runner.SearchRunner;
import org.nas4j.runner.SearchResult;
import org.nas4j.InputException;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.util.Format;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpaces;
import org.nas4j.network.NetworkOptions;
import org.nas4j.space.SearchSpace;
import org.nas4j.runner.Workers;
import org.nas4j.store.JdbcStore;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudyFinish;
import org.nas4j.store.StudyLock;
import org.nas4j.store.StudySpec;
import org.nas4j.store.Trial;
import org.nas4j.util.Json;
import org.nas4j.train.Recipe;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainingEvaluator;
import org.nas4j.transfer.TransferPredictor;

/**
 * One {@code nas4j search}: opens (or resumes) a study in the store, trains candidates with the runner until
 * the budget is spent, then retrains the best architecture with the final budget and measures its test
 * accuracy. Everything a resume must match (dataset, its options, training recipe, transfer sources) is part
 * of the stored study, so a different dataset on resume is refused before anything is written. The options, the
 * dataset and the sources are checked before the store is opened ({@link #check}), so a refused search leaves no
 * store file and no study behind, and the corrected command can be run at once.
 */
public final class SearchJob {
  /** The evaluation budget of a new study when none is given. */
  public static final int DEFAULT_BUDGET_EVALS = 30;

  /**
   * What to search.
   *
   * @param data dataset spec ({@code fashion-mnist}, {@code digits}, ...)
   * @param dataOptions splits and limits
   * @param train the training recipe of candidates (its epochs and seed are set per candidate)
   * @param space search space name
   * @param optimizer optimizer name
   * @param budgetEvals the study's evaluation budget; null to keep a stored study's (a new one gets
   *     {@value #DEFAULT_BUDGET_EVALS})
   * @param wallTime wall time of this run; zero for no limit
   * @param epochs epochs per candidate (the fidelity)
   * @param finalEpochs epochs of the final retraining; 0 skips it
   * @param store store path or JDBC URL
   * @param study study name, or null for the default (task-space-optimizer-s<seed>)
   * @param resume the study must already exist
   * @param seed study seed
   * @param workers worker threads; 0 creates the study for other processes ({@code nas4j worker}) and trains nothing
   * @param sources the {@code --sources} value
   * @param worker how this process works on a study shared with others ({@link WorkerOptions#ALONE} for a search
   *     of its own)
   */
  public record Config(String data, DataOptions dataOptions, TrainConfig train, String space, String optimizer,
      Integer budgetEvals, Duration wallTime, int epochs, int finalEpochs, String store, String study, boolean resume, long seed, int workers,
      String sources, WorkerOptions worker) {
    public Config {
      if (budgetEvals != null && budgetEvals < 1) {
        throw new InputException("the evaluation budget must be at least 1 (got " + budgetEvals
            + "): pass --budget-evals 1 or more");
      }
      if (epochs < 1) {
        throw new InputException("--epochs must be at least 1 (got " + epochs + ")");
      }
      if (finalEpochs < 0) {
        throw new InputException("--final-epochs must be 0 (no final training) or more, got " + finalEpochs
            + ": leave it out for 3 x --epochs");
      }
      if (workers < 0) {
        throw new InputException("--workers must be 0 (create the study for nas4j worker) or more, got " + workers
            + ": leave it out for 2 on 2 or more cores");
      }
      java.util.Objects.requireNonNull(worker, "worker");
    }
  }

  /**
   * How a process works on a study that other processes share ({@code nas4j worker}).
   *
   * @param joining the study exists and this process only helps: it finishes the study (final model) only when
   *     the study's whole budget is spent, and it never changes the study's budget
   * @param maxTrials trainings this process may start (0: no limit)
   * @param idleExit leave when nothing was claimable for this long (zero: stay until the study is finished)
   * @param lease heartbeats every third of it; a claim not renewed for this long is released and trained again
   * @param reconnectFor how long store calls keep retrying while PostgreSQL is unreachable (a restart)
   */
  public record WorkerOptions(boolean joining, int maxTrials, Duration idleExit, Duration lease, Duration reconnectFor) {
    /** A search of its own: a 30 s lease (heartbeats every 10 s), no reconnecting. */
    public static final WorkerOptions ALONE = new WorkerOptions(false, 0, Duration.ZERO, Duration.ofSeconds(30),
        Duration.ZERO);

    public WorkerOptions {
      if (maxTrials < 0) {
        throw new InputException("--max-trials must be 0 (no limit) or more, got " + maxTrials);
      }
      if (idleExit.isNegative()) {
        throw new InputException("--idle-exit must be 0 (stay to the end) or more seconds, got " + idleExit.toSeconds());
      }
      if (lease.toMillis() < 1000) {
        throw new InputException("--lease must be at least 1 second, got " + lease.toMillis() + " ms");
      }
    }
  }

  /**
   * Told how the search goes: by the runner after each commit (from a worker thread, under its lock: keep it
   * short), and once when the runner has stopped, before the search prints anything else.
   */
  public interface Listener extends SearchRunner.Listener {
    /** The runner stopped (budget spent, wall time over): end a line drawn in place. */
    default void stopped() {}
  }

  /** What the search found. */
  public record Outcome(Study study, SearchResult result, Optional<FinalModel> finalModel, List<String> sources) {}

  /** What {@link #check} found: the space, the dataset, and what candidates train and are judged on. */
  private record Checked(SearchSpace space, DataSplit data, TrainData searchData) {}

  private final Config cfg;
  private final PrintStream log;
  private final Listener progress;
  private Checked checked;

  /**
   * @param log where the search's own lines go (stderr)
   * @param progress shown the progress of the runner (the CLI draws a progress line)
   */
  public SearchJob(Config cfg, PrintStream log, Listener progress) {
    this.cfg = cfg;
    this.log = log;
    this.progress = progress;
  }

  /** The search space of a name ({@link SearchSpaces}). */
  public static SearchSpace space(String name) {
    return SearchSpaces.get(name);
  }

  /** The default study name: {@code <task>-<space>-<optimizer>-s<seed>}. */
  public static String defaultStudyName(String task, String space, String optimizer, long seed) {
    return task + "-" + space + "-" + optimizer + "-s" + seed;
  }

  /**
   * Checks everything that needs no store (space, optimizer, dataset and its splits, the spelling of the sources)
   * and loads the dataset; {@link #run} calls it when the caller has not. Creates nothing, so a caller may check
   * before it clears the way for the search (the quick start deletes its last store only then).
   */
  public void check() {
    if (checked == null) {
      SearchSpace space = space(cfg.space());
      Optimizers.get(cfg.optimizer()); // an unknown name throws its one-line error
      DataSplit data = DataSplit.load(cfg.data(), cfg.dataOptions().withSeed(cfg.seed())).requireValidation();
      TrainData searchData = new TrainData(data.task(), data.train(), data.valid(), null, data.normalization(),
          data.augmentation());
      Sources.check(cfg.sources(), space, data.task());
      checked = new Checked(space, data, searchData);
    }
  }

  /** Creates the study (or checks a stored one) and trains nothing: for {@code --workers 0}. */
  public Study create() {
    check();
    try (Store store = cfg.resume() ? Store.openExisting(cfg.store()) : Store.open(cfg.store())) {
      return open(store).study();
    }
  }

  /** The study opened for this search, and its transfer sources as recorded. */
  private record Opened(Study study, List<SourceObservations> sources, List<String> sourceNames) {}

  public Outcome run() {
    check();
    SearchSpace space = checked.space();
    DataSplit data = checked.data();
    JdbcStore.Settings settings = JdbcStore.Settings.defaults().withReconnect(cfg.worker().reconnectFor());
    try (Store store = JdbcStore.open(cfg.store(), cfg.resume() ? settings.existingOnly() : settings)) {
      Opened opened = open(store);
      Study study = opened.study();
      String name = study.name();
      List<SourceObservations> sources = opened.sources();
      List<String> sourceNames = opened.sourceNames();
      Evaluator evaluator = new TrainingEvaluator(checked.searchData(), cfg.train());
      Engines.pytorch(); // load the engine once, before worker threads touch it
      OptimizerContext ctx = new OptimizerContext(space, cfg.seed(), sources);
      WorkerOptions w = cfg.worker();
      SearchResult result;
      try {
        result = SearchRunner.builder().space(space).study(store, study)
            .optimizer(() -> Optimizers.create(cfg.optimizer(), ctx)).evaluator(evaluator).wallTime(cfg.wallTime())
            .workers(cfg.workers()).workerInit(Autograd::inference).listener(progress)
            .heartbeat(w.lease().dividedBy(3), w.lease()).maxTrials(w.maxTrials()).idleExit(w.idleExit())
            .build().run();
      } finally {
        progress.stopped(); // what follows (or an error) starts on its own line
      }
      log.printf(Locale.ROOT, "search: %s evaluations (%s trained now, %s replayed) in %s; %s; time outside training "
              + "(optimizer %s s + store %s s) = %s of worker time%n",
          Format.count(result.finished().size()), Format.count(result.trainedHere()), Format.count(result.replayed()),
          Format.duration(result.wall()), result.stop(), Format.seconds(result.optimizerSeconds()),
          Format.seconds(result.storeSeconds()), Format.percent(result.overheadShare()));

      transferWeights(store, study, space).ifPresent(w2 -> log.println("transfer weights: " + w2));

      Optional<FinalModel> fin = Optional.empty();
      int budget = study.spec().budget().evaluations();
      boolean spent = store.counts(study).finished() >= budget;
      if (result.best().isPresent() && cfg.finalEpochs() > 0) {
        if (w.joining() && !spent) {
          log.printf(Locale.ROOT, "study %s is not finished yet (%s of %s evaluations): the worker that finishes it "
              + "trains the final model%n", name, Format.count(store.counts(study).finished()), Format.count(budget));
        } else {
          Architecture best = space.parse(result.best().get().evaluation().architecture());
          fin = finishOnce(store, study, best, data, result.best().get().evaluation(), sourceNames);
        }
      }
      return new Outcome(study, result, fin, sourceNames);
    }
  }

  /**
   * Trains the final model once per study and best architecture, whichever worker gets here first: under the
   * study's finish lock, a finish already recorded (by this or another process) is not repeated. Empty when
   * another machine trained it (its folder is there, not here).
   */
  private Optional<FinalModel> finishOnce(Store store, Study study, Architecture best, DataSplit data,
      Evaluation searched, List<String> sourceNames) {
    long seed = Seeds.stream(cfg.seed(), Seeds.Stream.FINAL_TRAINING);
    String key = best + " " + cfg.finalEpochs() + " epochs seed " + seed;
    java.nio.file.Path dir = FinalModel.dir(store, study.name());
    try (StudyLock l = store.lockStudy(study, StudyLock.Purpose.FINISH)) {
      Optional<StudyFinish> done = store.finishRecord(study);
      Optional<FinalModel> here = FinalModel.read(dir);
      if (done.isPresent() && done.get().key().equals(key)) {
        if (here.isPresent() && here.get().architecture().equals(best.toString())) {
          log.println("final model already trained by " + done.get().by() + ": " + dir);
          return here;
        }
        if (store.file().isEmpty()) { // PostgreSQL: the folder is on the machine of the worker that trained it
          log.println("final model already trained by worker " + done.get().by() + " at " + done.get().at()
              + ", in the folder " + dir + " of that machine");
          return Optional.empty();
        }
      }
      FinalModel fm = FinalModel.trainOrLoad(dir, best, data, cfg.train(), cfg.finalEpochs(), seed, searched,
          sourceNames, log);
      store.recordFinish(study, key, Workers.process());
      return Optional.of(fm);
    }
  }

  /** Opens (or creates) the study in the store, checking a stored one against this search's settings. */
  private Opened open(Store store) {
    SearchSpace space = checked.space();
    DataSplit data = checked.data();
    {
      String task = data.task();
      String name = cfg.study() != null ? cfg.study() : defaultStudyName(task, space.name(), cfg.optimizer(), cfg.seed());
      Optional<Study> existing = store.studies().stream().filter(s -> s.name().equals(name)).findFirst();
      if (cfg.resume() && existing.isEmpty()) {
        store.study(name); // throws the store's one-line "unknown study" error listing the known ones
      }
      JsonObject options = identityOptions(data);
      if (existing.isPresent()) {
        options = inStoredForm(options, existing.get().spec().optionsJson().getAsJsonObject(), cfg.train().recipe());
      }
      Map<String, Integer> sourceCounts;
      if (existing.isPresent()) {
        sourceCounts = storedSourceCounts(existing.get().spec());
      } else {
        sourceCounts = new LinkedHashMap<>();
        for (SourceObservations o : Sources.resolve(cfg.sources(), store, space, task).observations()) {
          sourceCounts.put(o.task(), o.size());
        }
      }
      JsonObject counts = new JsonObject();
      sourceCounts.forEach(counts::addProperty);
      options.add("source_counts", counts);
      StudySpec spec = StudySpec.of(name, space.name(), task, cfg.optimizer(), cfg.seed(), cfg.epochs())
          .withBudget(Budget.ofEvaluations(cfg.budgetEvals() != null ? cfg.budgetEvals() : DEFAULT_BUDGET_EVALS))
          .withDataFingerprint(data.fingerprint()).withOptions(options.toString());
      Study study = store.createOrLoadStudy(spec); // different dataset or options: one-line error, store unchanged
      int stored = study.spec().budget().evaluations();
      if (cfg.budgetEvals() != null && cfg.budgetEvals() != stored) {
        study = store.setBudget(study, spec.budget());
        log.printf(Locale.ROOT, "study %s: evaluation budget changed from %s to %s%n", name, Format.count(stored),
            Format.count(cfg.budgetEvals()));
      }
      int budget = study.spec().budget().evaluations();

      List<SourceObservations> sources = sourcesAsRecorded(store, space, task, sourceCounts);
      List<String> sourceNames = describe(sources);
      log.printf(Locale.ROOT, "study %s: %s on %s (%s), space %s, optimizer %s, %s evaluations of %d epoch(s), seed %d%n",
          name, cfg.worker().joining() ? "joining" : existing.isPresent() ? "resuming" : "new", task, data.describe(), space.name(), cfg.optimizer(),
          Format.count(budget), cfg.epochs(), cfg.seed());
      log.println("transfer sources: " + (sourceNames.isEmpty() ? "none" : String.join(", ", sourceNames)));
      if (!sourceNames.isEmpty() && !cfg.optimizer().contains("xfer")) {
        log.println("note: optimizer " + cfg.optimizer() + " does not use transfer sources; "
            + "rea-xfer, reinforce-xfer and xfernao do");
      }

      return new Opened(study, sources, sourceNames);
    }
  }

  /**
   * Settings given to a worker on its command line (null where not given): each must match the study's.
   *
   * @param data {@code --data}
   * @param space {@code --space}
   * @param optimizer {@code --optimizer}
   * @param epochs {@code --epochs}
   * @param seed {@code --seed}
   */
  public record Given(String data, String space, String optimizer, Integer epochs, Long seed) {
    public static final Given NOTHING = new Given(null, null, null, null, null);
  }

  /**
   * What a worker that joins a stored study runs: the study's own dataset, splits, recipe, network, space,
   * optimizer, seed and fidelity, read back from the store. A setting given on the command line that differs from
   * the study's is a one-line error, so a worker never trains something else under the study's name.
   *
   * @param threads trainings at once in this process
   * @param finalEpochs epochs of the final model if this worker finishes the study (0: none)
   */
  public static Config joinConfig(String storeUrl, Study study, Given given, int threads, int finalEpochs,
      WorkerOptions worker) {
    StudySpec spec = study.spec();
    JsonObject o = spec.optionsJson().getAsJsonObject();
    if (spec.space().startsWith("pbt-")) {
      throw new InputException("study " + study.name() + " is a PBT-NAS population: nas4j worker joins search studies "
          + "only; continue it with nas4j pbt --study " + study.name());
    }
    if (!o.has("data") || !o.has("recipe") && !o.has("learning_rate")) {
      throw new InputException("study " + study.name() + " was not made by nas4j search (no dataset recorded): "
          + "nas4j worker joins studies that nas4j search created");
    }
    String data = o.get("data").getAsString();
    contradiction(study, "--data", data, given.data());
    contradiction(study, "--space", spec.space(), given.space());
    contradiction(study, "--optimizer", spec.optimizer(), given.optimizer());
    contradiction(study, "--epochs", spec.fidelity(), given.epochs());
    contradiction(study, "--seed", spec.seed(), given.seed());
    DataOptions d = new DataOptions(o.get("valid_fraction").getAsDouble(), o.get("train_limit").getAsInt(),
        o.get("valid_limit").getAsInt(), o.get("test_limit").getAsInt(), spec.seed(), null)
        .withCutout(o.has("cutout") ? o.get("cutout").getAsInt() : 0);
    NetworkOptions net = NetworkOptions.NONE;
    if (o.has("network_options")) { // NASNet's drop-path and auxiliary head, recorded only when set
      JsonObject n = o.getAsJsonObject("network_options");
      net = new NetworkOptions(n.get("drop_path").getAsDouble(), n.get("auxiliary_weight").getAsDouble());
    }
    TrainConfig t = TrainConfig.defaults().withRecipe(storedRecipe(o))
        .withNetwork(o.get("channels").getAsInt(), o.get("cells").getAsInt()).withOptions(net);
    String sources = o.has("sources") ? o.get("sources").getAsString() : "auto";
    return new Config(data, d, t, spec.space(), spec.optimizer(), null, Duration.ZERO, spec.fidelity(), finalEpochs,
        storeUrl, study.name(), true, spec.seed(), threads, sources, worker);
  }

  private static void contradiction(Study study, String option, Object stored, Object given) {
    if (given != null && !String.valueOf(given).strip().equals(String.valueOf(stored))) {
      throw new InputException("study " + study.name() + " searches with " + option + " " + stored + ", not " + given
          + ": leave " + option + " out (a worker takes the study's settings) or pass another --study");
    }
  }

  /** The options a resumed search must match: how the data is cut and how candidates are trained. */
  private JsonObject identityOptions(DataSplit data) {
    JsonObject o = new JsonObject();
    DataOptions d = cfg.dataOptions();
    o.addProperty("data", cfg.data());
    o.addProperty("valid_fraction", d.validFraction());
    o.addProperty("train_limit", d.trainLimit());
    o.addProperty("valid_limit", d.validLimit());
    o.addProperty("test_limit", d.testLimit());
    TrainConfig t = cfg.train();
    o.add("recipe", Json.tree(t.recipe().describe()));
    o.addProperty("channels", t.channels());
    o.addProperty("cells", t.cells());
    // recorded only when set, so studies made before these options resume as they are
    if (!t.options().equals(NetworkOptions.NONE)) {
      o.add("network_options", Json.tree(t.options().describe()));
    }
    if (d.cutout() > 0) {
      o.addProperty("cutout", d.cutout());
    }
    o.addProperty("sources", cfg.sources() == null ? "auto" : cfg.sources());
    return o;
  }

  /**
   * {@code given} in the form of a study stored before its options held the whole recipe: those recorded only
   * {@code batch_size} and {@code learning_rate}, the rest being NAS-Bench-201's, so such a study still resumes. Any
   * other recipe, or a study with a recorded one, keeps {@code given} as it is (a difference is then named).
   */
  static JsonObject inStoredForm(JsonObject given, JsonObject stored, Recipe recipe) {
    if (stored.has("recipe") || !stored.has("learning_rate")
        || !recipe.equals(Recipe.nasBench201().withBatchSize(recipe.batchSize()).withLearningRate(recipe.learningRate()))) {
      return given;
    }
    JsonObject o = given.deepCopy();
    o.remove("recipe");
    o.addProperty("batch_size", recipe.batchSize());
    o.addProperty("learning_rate", recipe.learningRate());
    return o;
  }

  /** The recipe a study's options record, whole or (before it was) as its batch size and learning rate. */
  static Recipe storedRecipe(JsonObject options) {
    if (options.has("recipe")) {
      return Recipe.read((Map<?, ?>) Json.value(options.get("recipe")));
    }
    // studies of older versions kept two fields (their camelCase names are read as snake_case)
    return Recipe.nasBench201().withBatchSize(options.get("batch_size").getAsInt())
        .withLearningRate(options.get("learning_rate").getAsDouble());
  }

  static Map<String, Integer> storedSourceCounts(StudySpec spec) {
    Map<String, Integer> out = new LinkedHashMap<>();
    JsonElement e = spec.optionsJson();
    if (e.isJsonObject() && e.getAsJsonObject().has("source_counts")) {
      for (Map.Entry<String, JsonElement> c : e.getAsJsonObject().getAsJsonObject("source_counts").entrySet()) {
        out.put(c.getKey(), c.getValue().getAsInt());
      }
    }
    return out;
  }

  /**
   * The sources exactly as the study first saw them: each task's first {@code count} observations (the store
   * lists them in study and finish order, so later evaluations come after), so a resumed optimizer is rebuilt
   * from the same sources.
   */
  static List<SourceObservations> sourcesAsRecorded(Store store, SearchSpace space, String task,
      Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return List.of();
    }
    StringBuilder spec = new StringBuilder("auto");
    for (String t : counts.keySet()) {
      if (t.startsWith("nb201:")) {
        spec.append(',').append(t);
      }
    }
    return asRecorded(Sources.resolve(spec.toString(), store, space, task).observations(), counts);
  }

  /** The recorded sources among {@code resolved}, each cut to the count it had when the study started. */
  static List<SourceObservations> asRecorded(List<SourceObservations> resolved, Map<String, Integer> counts) {
    List<SourceObservations> out = new ArrayList<>();
    for (SourceObservations o : resolved) {
      Integer n = counts.get(o.task());
      if (n == null) {
        continue; // a task that appeared after this study started: not one of its sources
      }
      if (o.size() < n) {
        throw new InputException("transfer source " + o.task() + " had " + n + " evaluations when study started but has "
            + o.size() + " now: the store lost data; restore it or start a new study (--study NAME)");
      }
      out.add(n == o.size() ? o : new SourceObservations(o.task(), o.architectures().subList(0, n),
          java.util.Arrays.copyOf(o.values(), n)));
    }
    return out;
  }

  /**
   * The final model of a study: the one its search saved, or the best architecture trained now with the
   * study's own dataset and recipe (read back from its options) for {@code epochs}.
   */
  public static FinalModel finalModel(Store store, Study study, Architecture best, Evaluation searched, int epochs,
      PrintStream log) {
    java.nio.file.Path dir = FinalModel.dir(store, study.name());
    Optional<FinalModel> have = FinalModel.read(dir);
    if (have.isPresent() && have.get().architecture().equals(best.toString())) {
      return have.get();
    }
    StudySpec spec = study.spec();
    JsonObject o = spec.optionsJson().getAsJsonObject();
    if (!o.has("data")) {
      throw new InputException("study " + study.name() + " was not made by nas4j search (no dataset recorded): "
          + "train its best architecture with nas4j train --arch '" + best + "' --save DIR");
    }
    DataOptions d = new DataOptions(o.get("valid_fraction").getAsDouble(), o.get("train_limit").getAsInt(),
        o.get("valid_limit").getAsInt(), o.get("test_limit").getAsInt(), spec.seed(), null,
        o.has("cutout") ? o.get("cutout").getAsInt() : 0);
    DataSplit data = DataSplit.load(o.get("data").getAsString(), d);
    if (!data.fingerprint().equals(spec.dataFingerprint())) {
      throw new InputException("dataset " + o.get("data").getAsString() + " is not the one study " + study.name()
          + " searched on (its fingerprint changed): restore that dataset to export this study");
    }
    TrainConfig t = TrainConfig.defaults().withRecipe(storedRecipe(o)).withNetwork(o.get("channels").getAsInt(), o.get("cells").getAsInt());
    if (o.has("network_options")) {
      JsonObject n = o.getAsJsonObject("network_options");
      t = t.withOptions(new NetworkOptions(n.get("drop_path").getAsDouble(), n.get("auxiliary_weight").getAsDouble()));
    }
    return FinalModel.trainOrLoad(dir, best, data, t, epochs, Seeds.stream(spec.seed(), Seeds.Stream.FINAL_TRAINING), searched,
        recordedSources(spec), log);
  }

  /** The dataset spec a study searched on, or {@code DATA} when it was not made by nas4j search. */
  public static String dataSpec(StudySpec spec) {
    JsonElement e = spec.optionsJson();
    return e.isJsonObject() && e.getAsJsonObject().has("data") ? e.getAsJsonObject().get("data").getAsString() : "DATA";
  }

  /**
   * What the transfer predictor trusts at the end of a study: its recorded sources replayed with the study's
   * finished evaluations in finish order (as its optimizer heard them), e.g. {@code cifar10 0.93 (ranks 84% of
   * pairs right), target-only 0.07 after 30 evaluations}. Empty for a study without sources or whose optimizer
   * does not use them.
   */
  public static Optional<String> transferWeights(Store store, Study study, SearchSpace space) {
    StudySpec spec = study.spec();
    if (space == null || Optimizers.baseOf(spec.optimizer()) == null) {
      return Optional.empty();
    }
    List<SourceObservations> sources = sourcesAsRecorded(store, space, spec.task(), storedSourceCounts(spec));
    if (sources.isEmpty()) {
      return Optional.empty();
    }
    TransferPredictor p = TransferPredictor.forContext(new OptimizerContext(space, spec.seed(), sources));
    for (Trial t : store.finished(study)) {
      Evaluation e = t.evaluation();
      p.observe(space.parse(t.architecture()), e.ok() ? e.objective() : Double.NaN);
    }
    return Optional.of(p.describe());
  }

  /** The transfer sources a study was started with, as recorded in its options. */
  public static List<String> recordedSources(StudySpec spec) {
    List<String> out = new ArrayList<>();
    storedSourceCounts(spec).forEach((t, n) -> out.add(label(t, n)));
    return out;
  }

  private static String label(String task, int n) {
    return task + " (" + n + (task.startsWith("nb201:") ? " NAS-Bench-201 architectures)" : " evaluations from earlier studies)");
  }

  static List<String> describe(List<SourceObservations> sources) {
    List<String> out = new ArrayList<>();
    for (SourceObservations o : sources) {
      out.add(label(o.task(), o.size()));
    }
    return out;
  }

  /** A wall-time budget from text such as {@code 90s}, {@code 10m}, {@code 2h}; blank or 0 for none. */
  public static Duration parseDuration(String text) {
    if (text == null || text.isBlank() || text.strip().equals("0")) {
      return Duration.ZERO;
    }
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      char u = t.charAt(t.length() - 1);
      long n = Character.isDigit(u) ? Long.parseLong(t) : Long.parseLong(t.substring(0, t.length() - 1));
      if (n < 0) {
        return bad(text);
      }
      return switch (u) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        default -> Character.isDigit(u) ? Duration.ofSeconds(n) : bad(text);
      };
    } catch (NumberFormatException e) {
      return bad(text);
    }
  }

  private static Duration bad(String text) {
    throw new InputException("cannot read the time budget '" + text + "': write e.g. 90s, 10m or 2h");
  }
}
