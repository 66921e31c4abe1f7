package org.nas4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.InputException;
import org.nas4j.data.DataSplit;
import org.nas4j.pbt.PbtBench;
import org.nas4j.pbt.PbtConfig;
import org.nas4j.pbt.PbtSearch;
import org.nas4j.pbt.PbtStudy;
import org.nas4j.pbt.Variant;
import org.nas4j.util.Format;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.train.Recipe;
import org.nas4j.train.TrainData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nas4j pbt}: PBT-NAS (architecture mixing with shrink-perturb) and its baselines; {@code pbt bench}. */
@Command(name = "pbt", mixinStandardHelpOptions = true, subcommands = {PbtCommand.Bench.class},
    description = {"Population based training with architecture mixing (PBT-NAS, Chebykin et al. 2023) on a layer-wise "
        + "space: a population trains in synchronous steps; after each step the bottom quarter is replaced by children "
        + "that take each layer from one of two top-quarter parents, donor layers shrink-perturbed (0.4 w + 0.1 w_init).",
        "Runs resume: the same command continues a killed run from its --out directory.",
        "Example: nas4j pbt --data fashion-mnist --population 8 --steps 10 --epochs-per-step 1 --seed 0"})
public final class PbtCommand implements Callable<Integer> {

  /** Options shared by {@code pbt} and {@code pbt bench}. */
  static final class Options {
    @Mixin DataArgs dataArgs = new DataArgs();

    @Mixin DeviceArg device = new DeviceArg();

    @Option(names = "--data", paramLabel = "SPEC",
        description = "dataset (required): digits, fashion-mnist, mnist, cifar10[:DIR], idx:DIR, folder:DIR[@HxW]")
    String data;

    @Option(names = "--population", defaultValue = "8", paramLabel = "N", description = "population size (default: ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--steps", defaultValue = "10", paramLabel = "T", description = "synchronous steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--epochs-per-step", paramLabel = "K",
        description = "epochs each member trains per step (default: 1)")
    Integer epochsPerStep;

    @Option(names = "--batches-per-step", paramLabel = "K",
        description = "step length in batches instead of epochs (default: --epochs-per-step)")
    Integer batchesPerStep;

    @Option(names = "--tau", defaultValue = "0.25", description = "truncation fraction: top tau are parents, bottom tau replaced (default: ${DEFAULT-VALUE})")
    double tau;

    @Option(names = "--donor-prob", defaultValue = "0.25", paramLabel = "P",
        description = "probability that a gene comes from the donor (default: ${DEFAULT-VALUE})")
    double donorProbability;

    @Option(names = "--shrink", defaultValue = "0.4", paramLabel = "LAMBDA", description = "shrink factor of donor layers (default: ${DEFAULT-VALUE})")
    double lambda;

    @Option(names = "--perturb", defaultValue = "0.1", paramLabel = "GAMMA",
        description = "weight of the fresh initialisation in donor layers (default: ${DEFAULT-VALUE})")
    double gamma;

    @Option(names = "--bn-stats", defaultValue = "reset", paramLabel = "reset|mix",
        description = "batch-norm running statistics of changed layers: reset, or mixed like weights (default: ${DEFAULT-VALUE})")
    String bnStats;

    @Option(names = "--workers", paramLabel = "N",
        description = "members trained at the same time (default: one per core)")
    Integer workers;





    @Option(names = "--batch-size", paramLabel = "N", description = "batch size (default: 128; 64 with --task gan)")
    Integer batchSize;

    @Option(names = "--lr", description = "initial learning rate (default: 0.05 for SGD; 2e-4 for Adam with --task gan)")
    Double lr;

    @Option(names = "--task", defaultValue = "classify", paramLabel = "classify|gan",
        description = "classify: image classification (fitness: validation accuracy); gan: a generator and a "
            + "discriminator searched together (fitness: FD-classifier, docs/gan.md) (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--latent", defaultValue = "64", paramLabel = "L", description = "--task gan: length of the noise vector (default: ${DEFAULT-VALUE})")
    int latent;

    @Option(names = "--fd-samples", defaultValue = "1000", paramLabel = "N",
        description = "--task gan: generated (and real) images per FD-classifier (default: ${DEFAULT-VALUE})")
    int fdSamples;

    @Option(names = "--fd-epochs", defaultValue = "2", paramLabel = "E",
        description = "--task gan: epochs the FD-classifier trains, once per dataset (default: ${DEFAULT-VALUE})")
    int fdEpochs;

    @Option(names = "--cache", defaultValue = "runs/cache", paramLabel = "DIR",
        description = "--task gan: where the FD-classifier is cached (default: ${DEFAULT-VALUE})")
    Path cache;

    boolean gan() {
      return switch (task.toLowerCase(java.util.Locale.ROOT)) {
        case "classify" -> false;
        case "gan" -> true;
        default -> throw new InputException("unknown --task '" + task + "': choose classify or gan");
      };
    }

    /** The GAN task's settings, or null for classification. */
    org.nas4j.pbt.GanSettings ganSettings() {
      return gan() ? new org.nas4j.pbt.GanSettings(latent, cache, fdEpochs, fdSamples) : null;
    }

    @Option(names = "--constant-lr", description = "keep the learning rate constant, as the paper did (default: cosine over the whole run)")
    boolean constantLr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Nesterov momentum (default: ${DEFAULT-VALUE})")
    double momentum;

    @Option(names = "--weight-decay", defaultValue = "5e-4", description = "weight decay (default: ${DEFAULT-VALUE})")
    double weightDecay;

    @Option(names = "--space", defaultValue = "layers", paramLabel = "layers|nb201",
        description = "layers: the layer-wise space; nb201: NAS-Bench-201 cells, each edge a gene (default: ${DEFAULT-VALUE})")
    String space;

    @Option(names = "--stages", description = "stages of the layer space (default: 3, as nb201 has)")
    Integer stages;

    @Option(names = "--positions", defaultValue = "2", description = "searchable positions per stage (layers) or cells per stage (nb201) (default: ${DEFAULT-VALUE})")
    int positions;

    @Option(names = "--channels", defaultValue = "16", paramLabel = "C",
        description = "channels of the first stage, doubled per stage (default: ${DEFAULT-VALUE})")
    int channels;

    PbtConfig config(Variant variant, long seed) {
      boolean gan = gan();
      if (gan && spec != null && spec.commandLine().getParseResult().hasMatchedOption("--space")) {
        throw new InputException("--space does not apply to --task gan (it has its own generator and discriminator "
            + "space): drop --space");
      }
      PbtConfig.BnStats bn = switch (bnStats.toLowerCase(java.util.Locale.ROOT)) {
        case "reset" -> PbtConfig.BnStats.RESET;
        case "mix" -> PbtConfig.BnStats.MIX;
        default -> throw new InputException("--bn-stats must be reset or mix, got " + bnStats);
      };
      Flags.notBoth("--epochs-per-step", epochsPerStep, "--batches-per-step", batchesPerStep,
          "a step is counted in epochs or in batches, give one of them");
      if (stages != null && space.equals("nb201")) {
        throw new InputException("--stages " + stages + " does not apply to --space nb201 (its networks have 3 stages): "
            + "drop --stages, or use --space layers");
      }
      PbtConfig.StepUnit unit = batchesPerStep != null ? PbtConfig.StepUnit.BATCHES : PbtConfig.StepUnit.EPOCHS;
      int length = batchesPerStep != null
          ? Flags.atLeast("--batches-per-step", batchesPerStep, 1, "each member trains that many batches per step")
          : Flags.atLeast("--epochs-per-step", epochsPerStep != null ? epochsPerStep : 1, 1,
              "each member trains that many epochs per step");
      int w = workers != null ? Flags.atLeast("--workers", workers, 1,
          "leave it out for one per core (0 only with --store: the population is then trained by nas4j worker)")
          : PbtConfig.defaultWorkers();
      if (gan) { // Adam at a constant rate, as the paper's GAN task; momentum and weight decay are SGD's
        return new PbtConfig(variant, population, steps, length, unit, tau, donorProbability, lambda, gamma, bn, seed, w,
            new Recipe(batchSize != null ? batchSize : 64, lr != null ? lr : 2e-4, 0, 0, false, false), "gan", 1, 1,
            channels);
      }
      return new PbtConfig(variant, population, steps, length, unit, tau, donorProbability, lambda, gamma, bn, seed, w,
          new Recipe(batchSize != null ? batchSize : 128, lr != null ? lr : 0.05, momentum, weightDecay, true, !constantLr),
          space, stages != null ? stages : 3, positions, channels);
    }

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE) picocli.CommandLine.Model.CommandSpec spec;

    TrainData load(long seed) {
      if (data == null) {
        throw new InputException("missing --data: pass a dataset, e.g. --data fashion-mnist");
      }
      return TrainData.from(DataSplit.load(data, dataArgs.options(seed)).requireValidation());
    }
  }

  @Mixin Options options = new Options();

  @Option(names = "--variant", defaultValue = "pbt-nas", paramLabel = "NAME",
      description = "pbt-nas, mutation, no-mix, copy, reinit or random (default: ${DEFAULT-VALUE})")
  String variant;

  @Option(names = "--seed", defaultValue = "0", description = "run seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: runs/pbt-<task>-<variant>-s<seed>)")
  Path out;

  @Option(names = "--store", paramLabel = "PATH|URL",
      description = "also record every member of every step in this store (SQLite file or jdbc:postgresql: URL); none by default")
  String store;

  @Option(names = "--study", paramLabel = "NAME", description = "study name with --store (default: the run directory's name)")
  String study;

  @Override
  public Integer call() throws Exception {
    if (study != null && store == null) {
      throw new InputException("--study needs --store: pass --store nas4j.db too, or drop --study");
    }
    Variant v = Variant.parse(variant);
    if (options.workers != null && options.workers == 0) {
      return createForWorkers(v);
    }
    PbtConfig cfg = options.config(v, seed);
    options.device.select();
    org.nas4j.pbt.GanSettings gan = options.ganSettings();
    if (gan != null && store != null) {
      throw new InputException("--store does not record --task gan runs yet: drop --store (the run directory holds "
          + "every member's fitness in fitness.csv)");
    }
    TrainData data = options.load(seed);
    Path dir = OutputPaths.folder("--out", out != null ? out
        : Path.of("runs", "pbt-" + (gan != null ? "gan-" : "") + data.task() + "-" + v.id() + "-s" + seed));
    System.out.printf("pbt %s on %s: population %d, %d steps of %d %s, %d workers, run directory %s%n", v.id(), data.task(),
        cfg.population(), cfg.steps(), cfg.stepLength(), cfg.stepUnit().name().toLowerCase(java.util.Locale.ROOT),
        cfg.workers(), dir);
    PbtSearch search = gan != null ? new PbtSearch(cfg, data, dir, System.out, gan)
        : new PbtSearch(cfg, data, dir, System.out);
    search.requireSameConfig(); // before the store is opened: a refused resume creates or records nothing
    // Open the store first, so a bad one fails (exit 2) before any training.
    try (Store st = store == null ? null : Store.open(store)) {
      Study s = st == null ? null
          : PbtStudy.open(st, study != null ? study : dir.toAbsolutePath().normalize().getFileName().toString(), cfg, data.task(),
              dir);
      int before = st == null ? 0 : st.trials(s).size();
      if (st != null) {
        search.onStep(PbtStudy.recorder(st, s, search));
      }
      PbtSearch.Result r = search.run();
      report(r, dir);
      if (st != null) {
        PbtStudy.record(st, s, search, r);
        int now = st.trials(s).size();
        System.out.println("recorded " + Format.count(now - before) + " new evaluations in study " + s.spec().name()
            + " of store " + st.location() + " (" + Format.count(now) + " in all)");
      }
    }
    return 0;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /**
   * Options a worker must not inherit: where the store is, the study's name, this process's threads, folder and
   * device (each worker has its own --device).
   */
  private static final java.util.Set<String> LOCAL_OPTIONS =
      java.util.Set.of("--store", "--study", "--workers", "--out", "--device");

  /**
   * {@code --store URL --workers 0}: creates a study that {@code nas4j worker} processes train (PBT-NAS across
   * workers, docs/workers.md), trains nothing here, and prints the worker command.
   */
  private int createForWorkers(Variant v) {
    if (store == null) {
      throw new InputException("--workers 0 trains nothing here and needs --store: pass --store URL so that "
          + "nas4j worker processes can train the population, or --workers 1 or more");
    }
    if (out != null) {
      throw new InputException("--out does not apply with --workers 0 (the population lives in the store): drop --out");
    }
    if (options.ganSettings() != null) {
      throw new InputException("--task gan does not run on nas4j worker yet: drop --workers 0 and --store, and run it "
          + "in one process");
    }
    options.workers = 1; // each worker trains one member-step at a time
    PbtConfig cfg = options.config(v, seed);
    TrainData data = options.load(seed); // a bad dataset fails here, before the study exists
    String name = study != null ? study : "pbt-" + data.task() + "-" + v.id() + "-s" + seed;
    List<String> args = new ArrayList<>();
    List<String> all = spec.commandLine().getParseResult().originalArgs();
    int from = all.indexOf("pbt") + 1;
    for (int i = from; i < all.size(); i++) {
      String a = all.get(i);
      String key = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (LOCAL_OPTIONS.contains(key)) {
        if (!a.contains("=")) {
          i++; // and its value
        }
        continue;
      }
      args.add(a);
    }
    try (Store st = Store.open(store)) {
      Study s = org.nas4j.pbt.PbtWorker.create(st, name, cfg, data.task(), args);
      System.out.printf("created PBT study %s in %s: population %d, %d steps of %d %s, nothing trained here; start "
          + "workers with:%n  nas4j worker --store '%s' --study %s%n", s.name(), st.location(), cfg.population(),
          cfg.steps(), cfg.stepLength(), cfg.stepUnit().name().toLowerCase(java.util.Locale.ROOT), store, s.name());
    }
    return 0;
  }

  private static void report(PbtSearch.Result r, Path dir) {
    if (!Double.isNaN(r.fd())) {
      System.out.println("best member " + r.bestMember() + "  FD-classifier " + Format.fixed(r.fd(), 2)
          + "  classifier score " + Format.fixed(r.classifierScore(), 3) + "  " + Format.count(r.imagesPerSecond())
          + " images/s  " + Format.seconds(r.seconds()) + " s in all  " + r.architecture());
      System.out.println("wrote " + dir.resolve("result.json") + ", generator.json + generator.bin (the best member's EMA "
          + "generator: nas4j sample --model " + Shell.quote(dir.toString()) + "), samples.png, samples/step-<t>.png, lineage.png, fitness.png, "
          + "fitness.csv, lineage.csv");
      return;
    }
    System.out.println("best member " + r.bestMember() + "  valid " + Format.percent(r.validAccuracy()) + "  test "
        + Format.percent(r.testAccuracy()) + "  " + Format.count(r.imagesPerSecond()) + " images/s  "
        + Format.seconds(r.seconds()) + " s in all  " + r.architecture());
    System.out.println("wrote " + dir.resolve("result.json") + ", model.json + weights.params (the best member), lineage.png, fitness.png, fitness.csv, lineage.csv");
  }

  /** {@code nas4j pbt bench}: every variant at equal compute for several seeds, a table and plots. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Runs PBT-NAS and its baselines/ablations (random, mutation, no-mix, copy, reinit) at equal compute "
          + "for several seeds, then writes table.md (mean +- std of the best member's test accuracy), summary.csv and "
          + "curves.png. Finished runs are reused, so a killed bench resumes.",
          "Example: nice ./nas4j pbt bench --data fashion-mnist --train-limit 6000 --population 8 --steps 6 --seeds 3"})
  static final class Bench implements Callable<Integer> {
    @Mixin Options options = new Options();

    @Option(names = "--seeds", defaultValue = "3", paramLabel = "N", description = "seeds 0..N-1 (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--variants", defaultValue = "pbt-nas,mutation,random,no-mix,copy,reinit", paramLabel = "LIST",
        description = "comma-separated variants (default: ${DEFAULT-VALUE})")
    String variants;

    @Option(names = "--out", defaultValue = "runs/pbt-bench", paramLabel = "DIR", description = "bench directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
      Flags.atLeast("--seeds", seeds, 1, "one seed or more");
      options.device.select();
      OutputPaths.folder("--out", out);
      List<Variant> vs = new ArrayList<>();
      for (String s : variants.split(",")) {
        vs.add(Variant.parse(s));
      }
      PbtBench bench = new PbtBench(out, System.out);
      String command = "nas4j pbt bench " + String.join(" ", Arrays.asList(argv()));
      org.nas4j.pbt.GanSettings gan = options.ganSettings();
      for (long s = 0; s < seeds; s++) {
        long seed = s;
        TrainData data = options.load(seed);
        for (Variant v : vs) {
          bench.run(options.config(v, seed), data, gan);
        }
      }
      System.out.println(gan != null ? bench.reportGan(vs, seeds, command) : bench.report(vs, seeds, command));
      return 0;
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** The options as typed after {@code pbt bench}, for the table's caption. */
    private String[] argv() {
      List<String> all = spec.commandLine().getParseResult().originalArgs();
      int i = all.indexOf("bench");
      return all.subList(i + 1, all.size()).toArray(new String[0]);
    }
  }
}
