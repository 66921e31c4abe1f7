package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.nas4j.InputException;
import org.nas4j.SettingDifferences;
import org.nas4j.data.Loader;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Provenance;
import org.nas4j.evaluate.Seeds;
import org.nas4j.network.NetworkConfig;
import org.nas4j.pbt.space.CellGenes;
import org.nas4j.pbt.space.GanNetworks;
import org.nas4j.pbt.space.GanSpace;
import org.nas4j.report.ImageGrid;
import org.nas4j.report.PopulationCharts;
import org.nas4j.train.FdClassifier;
import org.nas4j.pbt.space.LayerNetwork;
import org.nas4j.space.CellSpace;
import org.nas4j.space.SearchSpace;
import org.nas4j.pbt.space.LayerSpace;
import org.nas4j.util.Format;
import org.nas4j.space.Architecture;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.TrainingProvenance;
import org.nas4j.util.Json;
import org.nas4j.util.Shuffle;
import org.nas4j.util.Stats;

/**
 * PBT-NAS (Chebykin et al., ECAI 2023): a population of networks trains in synchronous steps; after each
 * step the bottom tau are replaced by children of two members of the top tau (architecture mixing with
 * shrink-perturb), or, for the baselines, by mutants, or nobody is replaced (random search).
 *
 * <p>Everything lives in a run directory, so a killed run resumes where it stopped:
 * <ul>
 *   <li>{@code config.json}: the configuration (a resume with a different one is refused);
 *   <li>{@code population-<t>.json}: the population at the start of step t (after replacement), with the
 *       lineage of every member (parents, genes from the donor);
 *   <li>{@code results/s<t>-m<id>.json}: member id's fitness at the end of step t (1-based), written after
 *       its checkpoint, so finished members of an interrupted step are not trained again;
 *   <li>{@code checkpoints/m<id>-s<t>.bin}: weights and momentum. A checkpoint is deleted only after the
 *       next population file no longer refers to it, i.e. after every child has copied what it needs;
 *   <li>{@code elapsed.json}: the wall time spent on the run so far, over every process ({@link RunClock});
 *   <li>{@code fitness.csv}, {@code lineage.csv}, {@code steps.csv}, {@code lineage.png}, {@code fitness.png},
 *       {@code result.json}, {@code model.json} + {@code weights.params} (the best member as a model folder,
 *       {@link PbtModel}).
 * </ul>
 */
public final class PbtSearch {
  /** Run-directory format: 2 since accuracies are fractions and the recipe records Nesterov. */
  private static final int FORMAT = 2;

  private final PbtConfig config;
  private final TrainData data;
  private final Path dir;
  private final SearchSpace space;
  private final Shape imageShape;
  private final PrintStream log;
  private int killAfter;
  private final AtomicInteger trainedCount = new AtomicInteger();
  private final NetworkLayout layout = new NetworkLayout(this::network);
  private StepListener stepListener = step -> {};
  private final GanSettings gan;
  private final GanLayout ganLayout;

  /** Told when a step's results and next population are on disk (e.g. to record them in a store). */
  @FunctionalInterface
  public interface StepListener {
    /** Step {@code step} (1-based) is complete. */
    void stepDone(int step) throws IOException;
  }

  /**
   * The outcome of a run: the best member of the last step.
   *
   * @param validAccuracy the best member's fitness, a fraction
   * @param testAccuracy the best member's accuracy on the test images, a fraction
   * @param seconds wall time over every process that worked on the run, resumes included
   */
  public record Result(int bestMember, String architecture, double validAccuracy, double testAccuracy, int steps,
      double seconds, double imagesPerSecond, Path directory, double fd, double classifierScore) {
    /** A classifier's result (no FD-classifier scores). */
    public Result(int bestMember, String architecture, double validAccuracy, double testAccuracy, int steps,
        double seconds, double imagesPerSecond, Path directory) {
      this(bestMember, architecture, validAccuracy, testAccuracy, steps, seconds, imagesPerSecond, directory, Double.NaN,
          Double.NaN);
    }
  }

  /**
   * Fitness of one member at the end of one step (1-based), as stored in {@code results/}; accuracy a fraction. A GAN
   * member has no accuracy (NaN) but an FD-classifier {@code fd} and classifier score (null for a classifier).
   */
  record StepFitness(int step, int slot, int member, String architecture, double validAccuracy, double trainLoss,
      long images, double seconds, Double fd, Double classifierScore) {
    StepFitness(int step, int slot, int member, String architecture, double validAccuracy, double trainLoss,
        long images, double seconds) {
      this(step, slot, member, architecture, validAccuracy, trainLoss, images, seconds, null, null);
    }

    /** What selection maximises: validation accuracy, or minus the FD-classifier for a GAN. */
    double fitness() {
      // the JSON files read an absent number as NaN, so a classifier's fd comes back NaN rather than null
      return fd == null || fd.isNaN() ? validAccuracy : -fd;
    }
  }

  /** FD-classifier of a GAN member whose losses diverged: worse than any real one, and finite for the JSON files. */
  static final double DIVERGED_FD = 1e9;

  /** Trains one member for one step: a classifier ({@link MemberTrainer}) or a GAN ({@link GanTrainer}). */
  @FunctionalInterface
  private interface StepTrainer {
    MemberTrainer.Result train(Architecture a, Weights w, Weights state, long dataSeed, long from, long to);
  }

  public PbtSearch(PbtConfig config, TrainData data, Path dir, PrintStream log) {
    this(config, data, dir, log, config.space().equals("gan") ? GanSettings.defaults() : null);
  }

  /**
   * A run of the GAN task ({@code config.space()} is {@code gan}): the population are generator-discriminator pairs,
   * fitness is minus the FD-classifier of the EMA generator's samples ({@link GanTrainer}).
   */
  public PbtSearch(PbtConfig config, TrainData data, Path dir, PrintStream log, GanSettings gan) {
    this.config = config;
    this.data = data;
    this.dir = dir;
    this.log = log;
    this.imageShape = new Shape(data.train().channels(), data.train().height(), data.train().width());
    if (config.space().equals("gan")) {
      if (data.train().height() != data.train().width()) {
        throw new InputException("the GAN task needs square images, got " + data.train().height() + "x"
            + data.train().width() + ": resize them, e.g. --data folder:DIR@28x28");
      }
      this.space = GanSpace.INSTANCE;
      this.gan = java.util.Objects.requireNonNull(gan, "gan");
      this.ganLayout = new GanLayout(new GanNetworks.Sizes(gan.latent(), config.channels(), data.train().channels(),
          data.train().height()));
    } else {
      this.space = config.space().equals("nb201") ? CellSpace.NB201 : new LayerSpace(config.stages(), config.positions());
      this.gan = null;
      this.ganLayout = null;
    }
  }

  /** Whether this is the GAN task. */
  public boolean isGan() {
    return gan != null;
  }

  SearchSpace space() {
    return space;
  }

  /** Builds the (uninitialised) network of an architecture of this run. */
  GeneNetwork network(Architecture a) {
    if (space instanceof LayerSpace) {
      return LayerNetwork.build(a, config.channels(), imageShape, data.train().classes());
    }
    return CellGenes.build(a, new NetworkConfig(config.channels(), config.positions(), data.train().channels(),
        data.train().height(), data.train().width(), data.train().classes()));
  }

  /** Calls {@code listener} after every step this instance trains. */
  public PbtSearch onStep(StepListener listener) {
    this.stepListener = listener;
    return this;
  }

  /** Test hook: fail like a killed process once this many members have finished training (0 = never). */
  void killAfterMembers(int n) {
    killAfter = n;
  }

  /** Fresh initialisation and gene ownership of this run's architectures. */
  Breeding.Layout layout() {
    return gan != null ? ganLayout : layout;
  }

  /** Runs (or resumes) the search to the end: trains, then reports the best member. */
  public Result run() throws IOException {
    RunClock clock = RunClock.start(dir);
    if (gan != null) {
      try {
        runUntil(config.steps(), clock);
        return finishGan(clock);
      } finally {
        closeFdClassifier();
      }
    }
    runUntil(config.steps(), clock);
    return finish(new MemberTrainer(this::network, config.train(), trainLoader(), validLoader(), 1), clock);
  }

  private FdClassifier fdClassifier;

  /** The FD-classifier of this run's data, trained and cached the first time (GAN task). */
  private synchronized FdClassifier fdClassifier() {
    if (fdClassifier == null) {
      fdClassifier = FdClassifier.trainOrLoad(data, gan.cache(), gan.classifierEpochs(), gan.samples(), log);
    }
    return fdClassifier;
  }

  /** Frees the FD-classifier's native memory; a later call of {@link #fdClassifier()} loads it again from the cache. */
  private synchronized void closeFdClassifier() {
    if (fdClassifier != null) {
      fdClassifier.close();
      fdClassifier = null;
    }
  }

  private GanTrainer ganTrainer() {
    Loader real = new Loader(data.train(), GanTrainer.tanhRange(data.train().channels()), config.train().batchSize(),
        org.nas4j.data.Augmentation.NONE);
    return new GanTrainer(ganLayout, real, config.train().learningRate(), fdClassifier());
  }

  private Loader trainLoader() {
    return new Loader(data.train(), data.normalization(), config.train().batchSize(), data.augmentation());
  }

  private Loader validLoader() {
    return new Loader(data.valid(), data.normalization(), 256, org.nas4j.data.Augmentation.NONE);
  }

  /**
   * Runs (or resumes) the search until {@code lastStep} steps are complete, without the final report; a later
   * {@link #run()} continues from there.
   */
  public void runUntil(int lastStep) throws IOException {
    runUntil(lastStep, RunClock.start(dir));
  }

  private void runUntil(int lastStep, RunClock clock) throws IOException {
    Engines.pytorch();
    Files.createDirectories(dir.resolve("checkpoints"));
    Files.createDirectories(dir.resolve("results"));
    checkConfig();
    StepTrainer trainer;
    long stepBatches;
    if (gan != null) {
      GanTrainer g = ganTrainer();
      stepBatches = config.stepUnit() == PbtConfig.StepUnit.EPOCHS
          ? (long) config.stepLength() * g.batchesPerEpoch() : config.stepLength();
      trainer = g::train;
    } else {
      Loader train = trainLoader();
      stepBatches = config.stepUnit() == PbtConfig.StepUnit.EPOCHS
          ? (long) config.stepLength() * train.batches() : config.stepLength();
      trainer = new MemberTrainer(this::network, config.train(), train, validLoader(), stepBatches * config.steps())::train;
    }

    int start = latestPopulation();
    List<Member> pop;
    int nextId;
    if (start < 0) {
      pop = initialPopulation();
      nextId = config.population();
      writePopulation(0, pop, nextId);
      start = 0;
    } else {
      PopulationFile pf = readPopulation(start);
      pop = pf.members();
      nextId = pf.nextId();
      log.println("resuming " + dir + ": " + start + " of " + config.steps() + " steps done, "
          + Format.seconds(clock.earlier()) + " s spent so far");
    }
    int threads = Math.min(config.workers(), config.population());
    int intraOp = Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(() -> {
        Autograd.inference();
        Engines.intraOpThreads(intraOp);
        r.run();
      }, "pbt-worker-" + threadNo.incrementAndGet());
      th.setDaemon(true);
      return th;
    });
    try {
      for (int t = start; t < Math.min(lastStep, config.steps()); t++) {
        List<StepFitness> fit = trainStep(pop, t, trainer, stepBatches, pool, clock);
        List<Member> next;
        int step = t + 1;
        if (step < config.steps() && config.variant() != Variant.RANDOM) {
          next = replace(pop, fit, step, nextId);
          nextId += (int) next.stream().filter(m -> m.born() == step).count();
        } else {
          next = new ArrayList<>();
          for (Member m : pop) {
            next.add(new Member(m.id(), m.slot(), m.architecture(), ckptName(m.id(), step), m.born(), m.base(), m.donor(),
                m.donorGenes(), m.born() == t ? m.kind() : "survivor"));
          }
        }
        StepFitness best = fit.stream().max(Comparator.comparingDouble(StepFitness::fitness)).orElseThrow();
        if (gan != null) {
          writeSampleGrid(step, best); // its checkpoint is still there: the best member is an elite
        }
        writePopulation(step, next, nextId);
        deleteUnreferenced(next);
        pop = next;
        writeTables();
        clock.save();
        double median = Stats.of(fit.stream().map(StepFitness::fitness).toList()).median();
        log.println("step " + step + "/" + config.steps() + "  best member " + best.member() + " "
            + fitnessText(best.fitness()) + "  median " + fitnessText(median) + "  (" + best.architecture() + ")");
        stepListener.stepDone(step);
      }
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(10, java.util.concurrent.TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- one step ------------------------------------------------------------------------------------------

  private List<StepFitness> trainStep(List<Member> pop, int t, StepTrainer trainer, long stepBatches,
      ExecutorService pool, RunClock clock) throws IOException {
    int step = t + 1;
    long wall = System.nanoTime();
    List<Future<StepFitness>> futures = new ArrayList<>();
    long[] trained = new long[1];
    for (Member m : pop) {
      Path done = resultFile(step, m.id());
      if (Files.exists(done)) {
        futures.add(java.util.concurrent.CompletableFuture.completedFuture(readJson(done, StepFitness.class)));
        continue;
      }
      futures.add(pool.submit(() -> {
        if (killAfter > 0 && trainedCount.get() >= killAfter) {
          throw new IllegalStateException("simulated kill");
        }
        Architecture a = space.parse(m.architecture());
        Weights w;
        Weights mom;
        if (m.checkpoint() == null) {
          w = layout().fresh(a, Seeds.stream(config.seed(), Seeds.Stream.MEMBER_WEIGHTS, m.id()));
          mom = new Weights(Map.of());
        } else {
          Checkpoint c = Checkpoint.load(dir.resolve("checkpoints").resolve(m.checkpoint()));
          w = c.weights();
          mom = c.momentum();
        }
        MemberTrainer.Result r = trainer.train(a, w, mom, Seeds.stream(config.seed(), Seeds.Stream.MEMBER_DATA, m.id()),
            t * stepBatches, step * stepBatches);
        if (r.diverged() != null) {
          log.println("member " + m.id() + " diverged, " + r.diverged() + ": it keeps its weights from the start of step "
              + step + " with " + (gan == null ? "fitness 0" : "FD-classifier " + DIVERGED_FD));
        }
        new Checkpoint(r.weights(), r.momentum()).save(dir.resolve("checkpoints").resolve(ckptName(m.id(), step)));
        StepFitness f = gan == null
            ? new StepFitness(step, m.slot(), m.id(), m.architecture(), r.validAccuracy(), r.trainLoss(), r.images(),
                r.trainSeconds())
            : new StepFitness(step, m.slot(), m.id(), m.architecture(), Double.NaN, r.trainLoss(), r.images(),
                r.trainSeconds(), r.diverged() != null ? DIVERGED_FD : r.fd(),
                r.diverged() != null ? 0.0 : r.classifierScore());
        writeJson(done, f);
        clock.save();
        if (killAfter > 0 && trainedCount.incrementAndGet() >= killAfter) {
          throw new IllegalStateException("simulated kill after " + killAfter + " members");
        }
        synchronized (trained) {
          trained[0] += r.images();
        }
        return f;
      }));
    }
    List<StepFitness> out = new ArrayList<>();
    for (Future<StepFitness> f : futures) {
      try {
        out.add(f.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException("training a member failed: " + c, c);
      }
    }
    double seconds = (System.nanoTime() - wall) / 1e9;
    if (trained[0] > 0) {
      RunTables.append(dir.resolve("steps.csv"), List.of("step", "seconds", "images", "images_per_second", "workers"),
          List.of(step, RunTables.fixed(seconds, 2), trained[0], RunTables.fixed(trained[0] / seconds, 1),
              config.workers()));
    }
    return out;
  }

  /** Exploit and explore: the bottom members' slots get children of top members. */
  List<Member> replace(List<Member> pop, List<StepFitness> fit, int step, int firstChildId) throws IOException {
    Selection sel = Selection.of(pop.size(), config.tau());
    Map<Integer, Double> fitness = new LinkedHashMap<>();
    for (StepFitness f : fit) {
      fitness.put(f.member(), f.fitness());
    }
    List<Member> ranked = new ArrayList<>(pop);
    ranked.sort(Comparator.comparingDouble((Member m) -> -fitness.get(m.id())).thenComparingInt(Member::slot));
    List<Member> top = ranked.subList(0, sel.parents());
    List<Member> bottom = ranked.subList(sel.elites(), ranked.size());
    SplittableRandom rng = new SplittableRandom(Seeds.stream(config.seed(), Seeds.Stream.SELECTION, step));
    Map<Integer, Member> next = new LinkedHashMap<>();
    for (Member m : ranked.subList(0, sel.elites())) {
      next.put(m.slot(), new Member(m.id(), m.slot(), m.architecture(), ckptName(m.id(), step), m.born(), m.base(), m.donor(),
          m.donorGenes(), m.born() == step - 1 ? m.kind() : "survivor"));
    }
    Breeding.Layout layout = layout();
    int id = firstChildId;
    for (Member replaced : bottom) {
      int i = rng.nextInt(top.size());
      int j = rng.nextInt(top.size() - 1);
      if (j >= i) {
        j++;
      }
      Member a = top.get(i);
      Member b = top.get(j);
      if (fitness.get(b.id()) > fitness.get(a.id())) {
        Member tmp = a;
        a = b;
        b = tmp;
      }
      Breeding.Parent base = parent(a, step);
      long childSeed = Seeds.stream(config.seed(), Seeds.Stream.MEMBER_WEIGHTS, id);
      Breeding.Child child;
      Member donor = b;
      switch (config.variant()) {
        case MUTATION -> {
          child = Breeding.mutate(base, childSeed, layout, rng);
          donor = null;
        }
        case NO_MIX -> {
          child = Breeding.mix(base, base, Breeding.donorMask(space.positions(), config.donorProbability(), rng),
              config.effectiveLambda(), config.effectiveGamma(), config.bnStats(), childSeed, layout);
          donor = a;
        }
        default -> child = Breeding.mix(base, parent(b, step),
            Breeding.donorMask(space.positions(), config.donorProbability(), rng), config.effectiveLambda(),
            config.effectiveGamma(), config.bnStats(), childSeed, layout);
      }
      String file = ckptName(id, step);
      new Checkpoint(child.weights(), child.momentum()).save(dir.resolve("checkpoints").resolve(file));
      next.put(replaced.slot(), new Member(id, replaced.slot(), child.architecture().toString(), file, step, a.id(),
          donor == null ? -1 : donor.id(), child.donorGenes(), child.kind()));
      id++;
    }
    List<Member> out = new ArrayList<>(next.values());
    out.sort(Comparator.comparingInt(Member::slot));
    return out;
  }

  private Breeding.Parent parent(Member m, int step) {
    Checkpoint c = Checkpoint.load(dir.resolve("checkpoints").resolve(ckptName(m.id(), step)));
    return new Breeding.Parent(m.id(), space.parse(m.architecture()), c.weights(), c.momentum());
  }

  /**
   * Stratified initial architectures (as in the paper's code): for each gene every option appears
   * {@code N / options} times, the remainder is random, and each gene's column is shuffled independently.
   */
  List<Member> initialPopulation() {
    int n = config.population();
    SplittableRandom rng = new SplittableRandom(Seeds.stream(config.seed(), Seeds.Stream.INITIAL_POPULATION));
    int[][] genes = new int[n][space.positions()];
    for (int g = 0; g < space.positions(); g++) {
      int opts = space.optionCount(g);
      int[] col = new int[n];
      for (int i = 0; i < n; i++) {
        col[i] = i < (n / opts) * opts ? i % opts : rng.nextInt(opts);
      }
      Shuffle.shuffle(col, rng);
      for (int i = 0; i < n; i++) {
        genes[i][g] = col[i];
      }
    }
    List<Member> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Member(i, i, space.of(genes[i]).toString(), null, 0, -1, -1, List.of(), "init"));
    }
    return out;
  }

  // ---- the end --------------------------------------------------------------------------------------------

  /** A fitness as the log prints it: an accuracy in %, or a GAN's FD-classifier. */
  private String fitnessText(double fitness) {
    return gan == null ? Format.percent(fitness) : "FD-classifier " + RunTables.fixed(-fitness, 2);
  }

  /** Images in a sample grid (8 x 8) and their noise seed, the same for every step and member. */
  static final int GRID = 64;
  static final long GRID_NOISE = 64;

  /** {@code samples/step-<t>.png}: the EMA generator's samples of the best member after step t. */
  private void writeSampleGrid(int step, StepFitness best) throws IOException {
    Path png = dir.resolve("samples").resolve("step-" + step + ".png");
    if (Files.exists(png)) {
      return;
    }
    Checkpoint c = Checkpoint.load(dir.resolve("checkpoints").resolve(ckptName(best.member(), step)));
    float[] img = ganTrainer().generate(space.parse(best.architecture()), c.weights(), GRID, GRID_NOISE);
    ImageGrid.write(png, img, 0, GRID, data.train().channels(), data.train().height(), data.train().width(), 8, 2);
  }

  /**
   * The GAN task's end: the best member of the last step (lowest FD-classifier) is exported as a generator folder
   * ({@link GanModel}: {@code generator.json} + {@code generator.bin}), with {@code result.json} and the charts.
   */
  private Result finishGan(RunClock clock) throws IOException {
    List<StepFitness> last = results(config.steps());
    StepFitness best = last.stream()
        .max(Comparator.comparingDouble(StepFitness::fitness).thenComparingInt(f -> -f.slot())).orElseThrow();
    Checkpoint c = Checkpoint.load(dir.resolve("checkpoints").resolve(ckptName(best.member(), config.steps())));
    GanModel.save(dir, space.parse(best.architecture()), ganLayout.sizes(), GanLayout.part(c.weights(), GanLayout.EMA),
        data.task(), best.fd(), best.classifierScore(), provenance());
    ImageGrid.write(dir.resolve("samples.png"), ganTrainer().generate(space.parse(best.architecture()), c.weights(), GRID,
        GRID_NOISE), 0, GRID, data.train().channels(), data.train().height(), data.train().width(), 8, 3);
    double imagesPerSecond = imagesPerSecond();
    double seconds = clock.save();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("task", "gan");
    result.put("data", data.task());
    result.put("variant", config.variant().id());
    result.put("seed", config.seed());
    result.put("best_member", best.member());
    result.put("architecture", best.architecture());
    result.put("fd_classifier", best.fd());
    result.put("classifier_score", best.classifierScore());
    result.put("fd_classifier_valid_accuracy", fdClassifier().validAccuracy());
    result.put("fd_samples", gan.samples());
    result.put("seconds", seconds);
    result.put("images_per_second", imagesPerSecond);
    result.put(ModelFiles.PROVENANCE, provenance().describe());
    writeJson(dir.resolve("result.json"), result);
    Lineage.draw(dir, this);
    log.println("best member " + best.member() + ": FD-classifier " + RunTables.fixed(best.fd(), 2)
        + "  classifier score " + RunTables.fixed(best.classifierScore(), 3) + "  " + best.architecture());
    return new Result(best.member(), best.architecture(), Double.NaN, Double.NaN, config.steps(), seconds,
        imagesPerSecond, dir, best.fd(), best.classifierScore());
  }

  private Result finish(MemberTrainer trainer, RunClock clock) throws IOException {
    List<StepFitness> last = results(config.steps());
    StepFitness best = last.stream()
        .max(Comparator.comparingDouble(StepFitness::validAccuracy).thenComparingInt(f -> -f.slot())).orElseThrow();
    Path ckpt = dir.resolve("checkpoints").resolve(ckptName(best.member(), config.steps()));
    Checkpoint c = Checkpoint.load(ckpt);
    Architecture arch = space.parse(best.architecture());
    Loader test = new Loader(data.test(), data.normalization(), 256, org.nas4j.data.Augmentation.NONE);
    double testAcc = trainer.accuracy(arch, c.weights(), test);
    Map<String, Object> bestInfo = new LinkedHashMap<>();
    bestInfo.put("task", data.task());
    bestInfo.put("member", best.member());
    bestInfo.put("valid_accuracy", best.validAccuracy());
    bestInfo.put("test_accuracy", testAcc);
    try (TrainedModel model = PbtModel.of(network(arch), c.weights(), data.normalization(), data.train().classNames(),
        provenance())) {
      PbtModel.save(dir, model, config, bestInfo);
    }
    double imagesPerSecond = imagesPerSecond();
    double seconds = clock.save();
    Result r = new Result(best.member(), best.architecture(), best.validAccuracy(), testAcc, config.steps(), seconds,
        imagesPerSecond, dir);
    Map<String, Object> result = result(config, best, testAcc);
    result.put("seconds", seconds);
    result.put("images_per_second", imagesPerSecond);
    result.put(ModelFiles.PROVENANCE, provenance().describe());
    writeJson(dir.resolve("result.json"), result);
    Lineage.draw(dir, this);
    log.println("best member " + best.member() + ": valid " + Format.percent(best.validAccuracy()) + "  test "
        + Format.percent(testAcc) + "  " + best.architecture());
    return r;
  }

  /** The recipe every member trains with, over the whole run, and the software and device that train it. */
  Provenance provenance() {
    return TrainingProvenance.of(config.train(), config.stepUnit().name().toLowerCase(java.util.Locale.ROOT),
        (long) config.steps() * config.stepLength(), data.augmentation());
  }

  private double imagesPerSecond() throws IOException {
    Path steps = dir.resolve("steps.csv");
    if (!Files.exists(steps)) {
      return Double.NaN;
    }
    double images = 0;
    double secs = 0;
    for (var r : RunTables.read(steps)) {
      secs += Double.parseDouble(r.get("seconds"));
      images += Double.parseDouble(r.get("images"));
    }
    return secs == 0 ? Double.NaN : images / secs;
  }

  // ---- files -----------------------------------------------------------------------------------------------

  /** The population file of a step: members at the start of step {@code step + 1}. */
  record PopulationFile(int step, int nextId, List<Member> members) {}

  static String ckptName(int member, int step) {
    return "m" + member + "-s" + step + ".bin";
  }

  private Path resultFile(int step, int member) {
    return dir.resolve("results").resolve("s" + step + "-m" + member + ".json");
  }

  /** Fitness of every member at the end of step {@code step} (1-based), by slot. */
  List<StepFitness> results(int step) throws IOException {
    List<StepFitness> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("results"))) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("s" + step + "-")).toList()) {
        out.add(readJson(p, StepFitness.class));
      }
    }
    out.sort(Comparator.comparingInt(StepFitness::slot));
    return out;
  }

  /** Every stored population file, by step. */
  List<PopulationFile> populations() {
    List<PopulationFile> out = new ArrayList<>();
    for (int t = 0; Files.exists(populationFile(t)); t++) {
      out.add(readPopulation(t));
    }
    return out;
  }

  PbtConfig config() {
    return config;
  }

  Path directory() {
    return dir;
  }

  private Path populationFile(int step) {
    return dir.resolve("population-" + step + ".json");
  }

  private int latestPopulation() {
    int t = -1;
    while (Files.exists(populationFile(t + 1))) {
      t++;
    }
    return t;
  }

  private void writePopulation(int step, List<Member> members, int nextId) throws IOException {
    writeJson(populationFile(step), new PopulationFile(step, nextId, members));
  }

  private PopulationFile readPopulation(int step) {
    return readJson(populationFile(step), PopulationFile.class);
  }

  /**
   * Refuses to resume the run in the directory with other settings than it was started with, naming every one
   * that differs; writes nothing, so a caller checks this before it records anything (a study in a store).
   */
  public void requireSameConfig() {
    Path f = dir.resolve("config.json");
    if (Files.exists(f)) {
      JsonElement stored = readJson(f, JsonElement.class);
      if (!stored.isJsonObject() || !stored.getAsJsonObject().has("format")) {
        throw new InputException(dir + " holds a run of an older nas4j (accuracies in %), which this one cannot "
            + "resume: pass another --out directory to start again (a finished run's best member still loads with "
            + "'nas4j predict --model " + dir + "')");
      }
      // runs of nas4j before its one JSON configuration wrote the training settings with camelCase keys
      List<String> diffs = SettingDifferences.of(Json.snakeCaseKeys(stored), Json.GSON.toJsonTree(configView()));
      if (!diffs.isEmpty()) {
        throw new InputException(dir + " holds a run started with other settings: " + String.join(", ", diffs)
            + ": resume it with the same options, or pass another --out directory");
      }
    }
  }

  private void checkConfig() throws IOException {
    requireSameConfig();
    Path f = dir.resolve("config.json");
    if (!Files.exists(f)) {
      Files.writeString(f, Json.write(configView()));
    }
  }

  private Map<String, Object> configView() {
    Map<String, Object> m = new LinkedHashMap<>();
    PbtConfig c = config;
    m.put("format", FORMAT);
    m.put("variant", c.variant().id());
    m.put("task", data.task());
    m.put("train_images", data.train().size());
    m.put("valid_images", data.valid().size());
    m.put("population", c.population());
    m.put("steps", c.steps());
    m.put("step_length", c.stepLength());
    m.put("step_unit", c.stepUnit().name().toLowerCase(java.util.Locale.ROOT));
    m.put("tau", c.tau());
    m.put("donor_probability", c.donorProbability());
    m.put("lambda", c.effectiveLambda());
    m.put("gamma", c.effectiveGamma());
    m.put("bn_stats", c.bnStats().name().toLowerCase(java.util.Locale.ROOT));
    m.put("seed", c.seed());
    m.put("train", c.train());
    m.put("space", space.name());
    m.put("channels", c.channels());
    if (gan != null) {
      m.put("latent", gan.latent());
      m.put("fd_samples", gan.samples());
      m.put("fd_classifier_epochs", gan.classifierEpochs());
    }
    return m;
  }

  private void deleteUnreferenced(List<Member> pop) throws IOException {
    Set<String> keep = new HashSet<>();
    for (Member m : pop) {
      if (m.checkpoint() != null) {
        keep.add(m.checkpoint());
      }
    }
    try (Stream<Path> files = Files.list(dir.resolve("checkpoints"))) {
      for (Path p : files.toList()) {
        if (!keep.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** Rewrites fitness.csv and lineage.csv from the stored files. */
  private void writeTables() throws IOException {
    List<List<StepFitness>> fit = new ArrayList<>();
    for (int s = 1; s <= config.steps(); s++) {
      fit.add(results(s));
    }
    writeTables(dir, fit, populations(), gan != null);
  }

  /**
   * A run directory's {@code fitness.csv} (every member after every step) and {@code lineage.csv} (every child:
   * its parents and the genes from the donor), from the steps' fitness and the population files.
   */
  static void writeTables(Path dir, List<List<StepFitness>> steps, List<PopulationFile> pops, boolean gan)
      throws IOException {
    List<List<Object>> fit = new ArrayList<>();
    for (List<StepFitness> step : steps) {
      for (StepFitness f : step) {
        List<Object> row = new ArrayList<>(List.of(f.step(), f.slot(), f.member()));
        if (!gan) {
          row.addAll(List.of(RunTables.fixed(f.validAccuracy(), 6), RunTables.fixed(f.trainLoss(), 5)));
        } else {
          row.addAll(List.of(RunTables.fixed(f.fd(), 4), RunTables.fixed(f.classifierScore(), 4),
              RunTables.fixed(f.trainLoss(), 5)));
        }
        row.addAll(List.of(f.images(), RunTables.fixed(f.seconds(), 2), f.architecture()));
        fit.add(row);
      }
    }
    RunTables.write(dir.resolve("fitness.csv"), !gan
        ? List.of("step", "slot", "member", "valid_accuracy", "train_loss", "images", "seconds", "architecture")
        : List.of("step", "slot", "member", "fd_classifier", "classifier_score", "train_loss", "images", "seconds",
            "architecture"), fit);
    List<List<Object>> lin = new ArrayList<>();
    for (PopulationFile p : pops) {
      for (Member m : p.members()) {
        if (m.born() == p.step()) {
          lin.add(List.of(p.step(), m.slot(), m.id(), m.kind(), m.base(), m.donor(),
              String.join(" ", m.donorGenes().stream().map(String::valueOf).toList()), m.architecture()));
        }
      }
    }
    RunTables.write(dir.resolve("lineage.csv"), List.of("step", "slot", "member", "kind", "base", "donor", "donor_genes",
        "architecture"), lin);
  }

  /**
   * The fields of a classification run's {@code result.json} that one process and workers both write (the best
   * member after the last step, its validation and test accuracy), in order; callers add their own.
   */
  static Map<String, Object> result(PbtConfig config, StepFitness best, double testAcc) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("variant", config.variant().id());
    result.put("seed", config.seed());
    result.put("best_member", best.member());
    result.put("architecture", best.architecture());
    result.put("valid_accuracy", best.validAccuracy());
    result.put("test_accuracy", testAcc);
    return result;
  }

  static void writeJson(Path file, Object value) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Json.write(value), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static <T> T readJson(Path file, Class<T> type) {
    try {
      return Json.GSON.fromJson(Files.readString(file), type);
    } catch (IOException | RuntimeException e) {
      throw new InputException("cannot read " + file + " (" + e.getMessage() + "): delete it and resume", e);
    }
  }
}
