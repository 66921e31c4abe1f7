package org.nas4j.pbt;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Loader;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Seeds;
import org.nas4j.evaluate.Status;
import org.nas4j.space.Architecture;
import org.nas4j.store.Claim;
import org.nas4j.store.ClaimLostException;
import org.nas4j.store.Store;
import org.nas4j.store.StudyLock;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;
import org.nas4j.train.TrainData;
import org.nas4j.train.ModelFiles;
import org.nas4j.train.TrainedModel;
import org.nas4j.util.Json;

/**
 * PBT-NAS across workers: the population lives in the store, and any number of workers (threads or processes, on
 * any machines that reach the store) train it together.
 *
 * <ul>
 *   <li>A member-step is an evaluation ({@code <arch> #m<id>} at fidelity step x step length, as {@link PbtStudy}
 *       records a single-process run): claimed with a lease, kept alive by heartbeats, released when its worker
 *       dies and trained again by another.
 *   <li>Populations ({@code population-<t>.json}) and checkpoints ({@code m<id>-s<t>.bin}) are study files in the
 *       store ({@link Store#putFiles}); a member-step's checkpoint is written in the transaction that finishes it.
 *   <li>The barrier runs once per generation: the worker that finds every member-step of step t finished takes
 *       the study's {@link StudyLock.Purpose#GENERATION} lock, and only if {@code population-<t>.json} is still
 *       missing breeds (the same {@link PbtSearch#replace} as one process, seeded by the study seed and t), then
 *       writes the population and the children's checkpoints and deletes the checkpoints the new population no
 *       longer refers to, in one transaction. A worker that dies before that commit leaves nothing; the next redoes it.
 *   <li>Member-steps of a population are enqueued by whichever worker finds them missing (enqueue is idempotent),
 *       so a worker killed between the barrier and the enqueue stalls nothing.
 * </ul>
 * The lineage is the one a single-process run with the same seed draws: breeding reads only the fitness of the
 * step (ties by slot), never the order in which members finished.
 */
public final class PbtWorker {
  /** The study file holding the {@code nas4j pbt} options a worker rebuilds the run from. */
  public static final String ARGS_FILE = "pbt-args.json";
  /** The study file holding the best member after the last step, written by the worker that finishes the study. */
  public static final String RESULT_FILE = "result.json";

  private static final Pattern MEMBER = Pattern.compile(" #m(\\d+)$");
  private static final Pattern CHECKPOINT = Pattern.compile("^m\\d+-s(\\d+)\\.bin$");

  private final PbtConfig config;
  private final TrainData data;
  private final Store store;
  private final Study study;
  private final String worker;
  private final Duration lease;
  private final PrintStream log;
  private final PbtSearch search;
  private final MemberTrainer trainer;
  private final long stepBatches;
  private final Path scratch;
  private int trainedHere;

  /**
   * @param worker this worker's name in claims (unique among live workers)
   * @param lease a claim without a heartbeat for this long goes to another worker
   */
  public PbtWorker(PbtConfig config, TrainData data, Store store, Study study, String worker, Duration lease,
      PrintStream log) {
    this.config = config;
    this.data = data;
    this.store = store;
    this.study = study;
    this.worker = worker;
    this.lease = lease;
    this.log = log;
    try {
      this.scratch = Files.createTempDirectory("nas4j-pbt-worker");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory for breeding", e);
    }
    this.search = new PbtSearch(config, data, scratch, log);
    Loader train = new Loader(data.train(), data.normalization(), config.train().batchSize(), data.augmentation());
    Loader valid = new Loader(data.valid(), data.normalization(), 256, Augmentation.NONE);
    this.stepBatches = config.stepUnit() == PbtConfig.StepUnit.EPOCHS
        ? (long) config.stepLength() * train.batches() : config.stepLength();
    this.trainer = new MemberTrainer(search::network, config.train(), train, valid, stepBatches * config.steps());
  }

  /**
   * Creates (or loads, with the same settings) a study that workers train, and stores the options they rebuild
   * the run from. Its options say {@code mode: workers}; a study recorded by a single-process run is another study.
   */
  public static Study create(Store store, String name, PbtConfig cfg, String task, List<String> pbtArgs) {
    Study study = store.createOrLoadStudy(PbtStudy.spec(name, cfg, task, Map.of("mode", "workers")));
    Optional<List<String>> stored = args(store, study);
    if (stored.isEmpty()) {
      store.putFiles(study, Map.of(ARGS_FILE, Json.write(pbtArgs).getBytes(StandardCharsets.UTF_8)), List.of());
    } else if (!stored.get().equals(pbtArgs)) {
      // workers rebuild the run from the stored options: other ones would silently not apply
      throw new org.nas4j.InputException("study " + name + " was created with other nas4j pbt options ("
          + String.join(" ", stored.get()) + "): pass the same options, or another --study");
    }
    return study;
  }

  /** The {@code nas4j pbt} options of a study made by {@link #create}, or empty for any other study. */
  public static Optional<List<String>> args(Store store, Study study) {
    return store.file(study, ARGS_FILE).map(b -> {
      List<String> out = new ArrayList<>();
      for (var e : Json.GSON.fromJson(new String(b, StandardCharsets.UTF_8), com.google.gson.JsonArray.class)) {
        out.add(e.getAsString());
      }
      return out;
    });
  }

  /** The outcome of a worker: member-steps it trained, and whether the study is finished. */
  public record Outcome(int trainedHere, boolean finished) {}

  /**
   * Works on the study until its last step is done (or {@code maxSteps} member-steps were trained here, 0 = no
   * limit); the worker that sees the last population finishes the study once (the best member's test accuracy).
   */
  public Outcome run(int maxSteps) throws IOException {
    org.nas4j.engine.Engines.pytorch();
    org.nas4j.engine.Autograd.inference(); // per thread: gradients are recorded only inside a training step
    try {
      while (true) {
        int t = latestPopulation();
        if (t < 0) {
          initialise();
          continue;
        }
        if (t >= config.steps()) {
          finishStudy();
          return new Outcome(trainedHere, true);
        }
        if (maxSteps > 0 && trainedHere >= maxSteps) {
          return new Outcome(trainedHere, false);
        }
        PbtSearch.PopulationFile pop = population(t);
        List<Trial> step = enqueue(pop, t + 1);
        Optional<Claim> c = store.claim(study, worker, lease);
        if (c.isPresent()) {
          trainMemberStep(c.get());
          continue;
        }
        if (step.stream().allMatch(tr -> tr.status() == Status.COMPLETE || tr.status() == Status.FAILED)) {
          barrier(pop, t + 1);
        } else {
          sleep(300); // others train the rest of this step; their claims come back to us if they die
        }
      }
    } finally {
      deleteScratch();
    }
  }

  // ---- the queue -------------------------------------------------------------------------------------------

  private void initialise() throws IOException {
    try (StudyLock l = store.lockStudy(study, StudyLock.Purpose.GENERATION)) {
      if (latestPopulation() < 0) {
        List<Member> pop = search.initialPopulation();
        store.putFiles(study, Map.of(populationName(0), populationBytes(0, pop, config.population())), List.of());
      }
    }
  }

  /** Member-steps of step {@code step} (1-based), enqueued in slot order if missing. */
  private List<Trial> enqueue(PbtSearch.PopulationFile pop, int step) {
    int fidelity = step * config.stepLength();
    List<Trial> out = new ArrayList<>();
    for (Trial tr : store.trials(study)) {
      if (tr.fidelity() == fidelity) {
        out.add(tr);
      }
    }
    if (out.size() == pop.members().size()) {
      return out;
    }
    out.clear();
    for (Member m : pop.members()) {
      out.add(store.enqueue(study, memberArchitecture(m), fidelity));
    }
    return out;
  }

  static String memberArchitecture(Member m) {
    return m.architecture() + " #m" + m.id();
  }

  // ---- one member-step -------------------------------------------------------------------------------------

  private void trainMemberStep(Claim claim) throws IOException {
    int step = claim.fidelity() / config.stepLength();
    PbtSearch.PopulationFile pop = population(step - 1);
    Matcher mm = MEMBER.matcher(claim.architecture());
    if (!mm.find()) {
      throw new IllegalStateException("evaluation " + claim.architecture() + " of a PBT study names no member");
    }
    int id = Integer.parseInt(mm.group(1));
    Member m = pop.members().stream().filter(x -> x.id() == id).findFirst().orElseThrow(
        () -> new IllegalStateException("member " + id + " is not in population " + (step - 1)));
    Heartbeat hb = new Heartbeat(claim);
    try {
      Architecture a = search.space().parse(m.architecture());
      Weights w;
      Weights mom;
      if (m.checkpoint() == null) {
        w = search.layout().fresh(a, Seeds.stream(config.seed(), Seeds.Stream.MEMBER_WEIGHTS, m.id()));
        mom = new Weights(Map.of());
      } else {
        Checkpoint ck = checkpoint(m.checkpoint());
        w = ck.weights();
        mom = ck.momentum();
      }
      // the same seeds and batch range as PbtSearch#trainStep: a member-step trains the same wherever it runs
      MemberTrainer.Result r = trainer.train(a, w, mom, Seeds.stream(config.seed(), Seeds.Stream.MEMBER_DATA, m.id()),
          (step - 1) * stepBatches, step * stepBatches);
      if (r.diverged() != null) {
        log.println("member " + m.id() + " diverged, " + r.diverged() + ": it keeps its weights from the start of step "
            + step + " with fitness 0");
      }
      byte[] bytes = checkpointBytes(new Checkpoint(r.weights(), r.momentum()));
      Map<String, Double> metrics = new TreeMap<>();
      metrics.put("valid_accuracy", 100 * r.validAccuracy());
      // the fraction itself: breeding ranks on it, bit for bit as a single process does
      metrics.put("valid_fraction", r.validAccuracy());
      metrics.put("train_loss", r.trainLoss());
      metrics.put("images", (double) r.images());
      metrics.put("member", (double) m.id());
      metrics.put("slot", (double) m.slot());
      metrics.put("step", (double) step);
      PbtStudy.putLineage(metrics, m);
      String task = study.spec().task();
      Evaluation e = Double.isNaN(r.validAccuracy())
          ? Evaluation.failed(claim.architecture(), task, claim.fidelity(), r.trainSeconds(), config.seed(),
              "no validation accuracy")
          : Evaluation.complete(claim.architecture(), task, claim.fidelity(), 100 * r.validAccuracy(), metrics,
              r.trainSeconds(), -1, config.seed());
      hb.stop();
      store.finish(claim, e.withProvenance(search.provenance()), Map.of(PbtSearch.ckptName(m.id(), step), bytes));
      trainedHere++;
      log.printf(Locale.ROOT, "worker %s: step %d member %d (slot %d) valid %.2f%%%n", worker, step, m.id(), m.slot(),
          100 * r.validAccuracy());
    } catch (ClaimLostException lost) {
      log.println("worker " + worker + ": lost the claim on " + claim.architecture()
          + " (another worker trains it now)");
    } finally {
      hb.stop();
    }
  }

  /** Keeps a claim alive every third of the lease while the member trains. */
  private final class Heartbeat {
    private final Thread thread;
    private volatile boolean running = true;

    Heartbeat(Claim claim) {
      long every = Math.max(100, lease.toMillis() / 3);
      thread = new Thread(() -> {
        while (running) {
          try {
            Thread.sleep(every);
          } catch (InterruptedException e) {
            return;
          }
          if (!running) {
            return;
          }
          try {
            store.heartbeat(claim);
          } catch (RuntimeException e) {
            return; // lost, or the store is gone: finish will say so
          }
        }
      }, "nas4j-pbt-heartbeat");
      thread.setDaemon(true);
      thread.start();
    }

    void stop() {
      running = false;
      thread.interrupt();
    }
  }

  // ---- the barrier -----------------------------------------------------------------------------------------

  /** Exploit and explore after step {@code step}, once: population {@code step} from population {@code step - 1}. */
  private void barrier(PbtSearch.PopulationFile pop, int step) throws IOException {
    try (StudyLock l = store.lockStudy(study, StudyLock.Purpose.GENERATION)) {
      if (store.file(study, populationName(step)).isPresent()) {
        return; // another worker did it while we waited for the lock
      }
      List<PbtSearch.StepFitness> fit = fitness(pop, step);
      List<Member> next;
      int nextId = pop.nextId();
      Map<String, byte[]> files = new LinkedHashMap<>();
      if (step < config.steps() && config.variant() != Variant.RANDOM) {
        // breeding reads the parents' checkpoints from (and writes the children's to) the scratch directory
        Path dir = scratch.resolve("checkpoints");
        Files.createDirectories(dir);
        for (Member m : pop.members()) {
          String name = PbtSearch.ckptName(m.id(), step);
          Files.write(dir.resolve(name), store.file(study, name).orElseThrow(
              () -> new IllegalStateException("checkpoint " + name + " of study " + study.name() + " is missing")));
        }
        next = search.replace(pop.members(), fit, step, nextId);
        for (Member m : next) {
          if (m.born() == step) {
            files.put(m.checkpoint(), Files.readAllBytes(dir.resolve(m.checkpoint())));
            nextId++;
          }
        }
        deleteScratchCheckpoints();
      } else {
        next = new ArrayList<>();
        for (Member m : pop.members()) {
          next.add(new Member(m.id(), m.slot(), m.architecture(), PbtSearch.ckptName(m.id(), step), m.born(), m.base(),
              m.donor(), m.donorGenes(), m.born() == step - 1 ? m.kind() : "survivor"));
        }
      }
      files.put(populationName(step), populationBytes(step, next, nextId));
      // a checkpoint of this step or earlier that the new population does not start from is needed by nobody:
      // every child copied what it needs in this same transaction (Ray Tune's bug was deleting before that)
      Set<String> keep = new HashSet<>();
      for (Member m : next) {
        keep.add(m.checkpoint());
      }
      List<String> delete = new ArrayList<>();
      for (String f : store.fileNames(study)) {
        Matcher cm = CHECKPOINT.matcher(f);
        if (cm.matches() && Integer.parseInt(cm.group(1)) <= step && !keep.contains(f)) {
          delete.add(f);
        }
      }
      store.putFiles(study, files, delete);
      PbtSearch.StepFitness best = fit.stream()
          .max(Comparator.comparingDouble(PbtSearch.StepFitness::validAccuracy)).orElseThrow();
      log.printf(Locale.ROOT, "worker %s: step %d/%d done, best member %d %.2f%%%n", worker, step, config.steps(),
          best.member(), 100 * best.validAccuracy());
    }
  }

  /** Fitness of every member at the end of step {@code step}, by slot, from the finished member-steps. */
  private List<PbtSearch.StepFitness> fitness(PbtSearch.PopulationFile pop, int step) {
    return fitness(store.trials(study), pop, step, config.stepLength());
  }

  private static List<PbtSearch.StepFitness> fitness(List<Trial> trials, PbtSearch.PopulationFile pop, int step,
      int stepLength) {
    int fidelity = step * stepLength;
    Map<String, Trial> byArch = new LinkedHashMap<>();
    for (Trial tr : trials) {
      if (tr.fidelity() == fidelity) {
        byArch.put(tr.architecture(), tr);
      }
    }
    List<PbtSearch.StepFitness> out = new ArrayList<>();
    for (Member m : pop.members()) {
      Trial tr = byArch.get(memberArchitecture(m));
      Evaluation e = tr.evaluation();
      double acc = e.status() == Status.COMPLETE ? e.metrics().get("valid_fraction") : Double.NaN;
      out.add(new PbtSearch.StepFitness(step, m.slot(), m.id(), m.architecture(), acc,
          e.metrics().getOrDefault("train_loss", Double.NaN), e.metrics().getOrDefault("images", 0.0).longValue(),
          e.costSeconds()));
    }
    out.sort(Comparator.comparingInt(PbtSearch.StepFitness::slot));
    return out;
  }

  /**
   * Writes a finished study as the run directory one {@code nas4j pbt} process would have left (besides the
   * checkpoints): {@code result.json}, the population files, {@code fitness.csv}, {@code lineage.csv},
   * {@code lineage.png} and {@code fitness.png}, so that {@code nas4j report --run DIR} shows it. Writes nothing
   * for a study that has not finished.
   */
  public static void writeRun(Store store, Study study, Path dir) throws IOException {
    Optional<byte[]> result = store.file(study, RESULT_FILE);
    List<PbtSearch.PopulationFile> pops = populations(store, study);
    List<Trial> trials = store.trials(study);
    if (result.isEmpty() || pops.isEmpty() || trials.isEmpty()) {
      return;
    }
    Files.createDirectories(dir);
    Files.write(dir.resolve(RESULT_FILE), result.get());
    for (PbtSearch.PopulationFile p : pops) {
      Files.write(dir.resolve(populationName(p.step())), populationBytes(p.step(), p.members(), p.nextId()));
    }
    int stepLength = trials.stream().mapToInt(Trial::fidelity).min().orElseThrow();
    int steps = trials.stream().mapToInt(Trial::fidelity).max().orElseThrow() / stepLength;
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int t = 1; t <= steps; t++) {
      fit.add(fitness(trials, pops.get(t - 1), t, stepLength));
    }
    PbtSearch.writeTables(dir, fit, pops, false);
    Map<?, ?> r = Json.GSON.fromJson(new String(result.get(), StandardCharsets.UTF_8), Map.class);
    Lineage.draw(dir, r.get("variant") + ", seed " + ((Number) r.get("seed")).longValue() + " (nas4j worker)",
        pops.get(0).members().size(), fit, pops, false);
  }

  // ---- the end -------------------------------------------------------------------------------------------

  /** The best member of the last step and its test accuracy, once per study. */
  private void finishStudy() throws IOException {
    try (StudyLock l = store.lockStudy(study, StudyLock.Purpose.FINISH)) {
      if (store.finishRecord(study).isPresent()) {
        return;
      }
      PbtSearch.PopulationFile last = population(config.steps() - 1);
      List<PbtSearch.StepFitness> fit = fitness(last, config.steps());
      PbtSearch.StepFitness best = fit.stream().max(Comparator.comparingDouble(PbtSearch.StepFitness::validAccuracy)
          .thenComparingInt(f -> -f.slot())).orElseThrow();
      Checkpoint ck = checkpoint(PbtSearch.ckptName(best.member(), config.steps()));
      Loader test = new Loader(data.test(), data.normalization(), 256, Augmentation.NONE);
      double testAcc = trainer.accuracy(search.space().parse(best.architecture()), ck.weights(), test);
      Map<String, Object> result = PbtSearch.result(config, best, testAcc);
      result.put("checkpoint", PbtSearch.ckptName(best.member(), config.steps()));
      Map<String, byte[]> files = new LinkedHashMap<>(bestModelFiles(best, ck, testAcc));
      files.put(RESULT_FILE, Json.write(result).getBytes(StandardCharsets.UTF_8));
      store.putFiles(study, files, List.of());
      store.recordFinish(study, "pbt", worker);
      log.printf(Locale.ROOT, "worker %s: best member %d valid %.2f%% test %.2f%% %s%n", worker, best.member(),
          100 * best.validAccuracy(), 100 * testAcc, best.architecture());
    }
  }

  /**
   * The best member as a model folder ({@code model.json}, {@code weights.params}, as a single-process run
   * writes into its run directory), kept in the store under {@value #MODEL_PREFIX} so that {@code nas4j export}
   * works on any machine: the workers' scratch folders are their own.
   */
  private Map<String, byte[]> bestModelFiles(PbtSearch.StepFitness best, Checkpoint ck, double testAcc)
      throws IOException {
    Path tmp = Files.createTempDirectory("nas4j-pbt-best");
    try {
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("task", data.task());
      info.put("member", best.member());
      info.put("valid_accuracy", best.validAccuracy());
      info.put("test_accuracy", testAcc);
      try (TrainedModel model = PbtModel.of(search.network(search.space().parse(best.architecture())), ck.weights(),
          data.normalization(), data.train().classNames(), search.provenance())) {
        PbtModel.save(tmp, model, config, info);
      }
      Map<String, byte[]> out = new LinkedHashMap<>();
      for (String f : List.of(ModelFiles.MODEL_JSON, ModelFiles.WEIGHTS)) {
        out.put(MODEL_PREFIX + f, Files.readAllBytes(tmp.resolve(f)));
      }
      return out;
    } finally {
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  /** Where the best member's model folder lives among a finished study's files. */
  static final String MODEL_PREFIX = "best/";

  /**
   * The best member of a PBT study that workers trained, as a model folder's files by name ({@code model.json},
   * {@code weights.params}); empty when the study has not finished (or was not made for workers).
   */
  public static Map<String, byte[]> bestModel(Store store, Study study) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String f : List.of(ModelFiles.MODEL_JSON, ModelFiles.WEIGHTS)) {
      store.file(study, MODEL_PREFIX + f).ifPresent(b -> out.put(f, b));
    }
    return out.size() == 2 ? out : Map.of();
  }

  // ---- study files -----------------------------------------------------------------------------------------

  static String populationName(int step) {
    return "population-" + step + ".json";
  }

  private int latestPopulation() {
    int t = -1;
    for (String f : store.fileNames(study)) {
      if (f.startsWith("population-") && f.endsWith(".json")) {
        t = Math.max(t, Integer.parseInt(f.substring("population-".length(), f.length() - ".json".length())));
      }
    }
    return t;
  }

  private PbtSearch.PopulationFile population(int step) {
    byte[] b = store.file(study, populationName(step)).orElseThrow(
        () -> new IllegalStateException("population " + step + " of study " + study.name() + " is missing"));
    return Json.GSON.fromJson(new String(b, StandardCharsets.UTF_8), PbtSearch.PopulationFile.class);
  }

  /** Every population of a worker-trained study, by step (for tests and reports). */
  static List<PbtSearch.PopulationFile> populations(Store store, Study study) {
    List<PbtSearch.PopulationFile> out = new ArrayList<>();
    for (int t = 0; ; t++) {
      Optional<byte[]> b = store.file(study, populationName(t));
      if (b.isEmpty()) {
        return out;
      }
      out.add(Json.GSON.fromJson(new String(b.get(), StandardCharsets.UTF_8), PbtSearch.PopulationFile.class));
    }
  }

  private static byte[] populationBytes(int step, List<Member> members, int nextId) {
    return Json.write(new PbtSearch.PopulationFile(step, nextId, members)).getBytes(StandardCharsets.UTF_8);
  }

  private Checkpoint checkpoint(String name) throws IOException {
    byte[] b = store.file(study, name).orElseThrow(
        () -> new IllegalStateException("checkpoint " + name + " of study " + study.name() + " is missing"));
    Path f = Files.createTempFile(scratch, "load", ".bin");
    try {
      Files.write(f, b);
      return Checkpoint.load(f);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private byte[] checkpointBytes(Checkpoint c) throws IOException {
    Path f = scratch.resolve("save-" + Thread.currentThread().getId() + ".bin");
    try {
      c.save(f);
      return Files.readAllBytes(f);
    } finally {
      Files.deleteIfExists(f);
    }
  }

  private void deleteScratchCheckpoints() throws IOException {
    Path dir = scratch.resolve("checkpoints");
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void deleteScratch() {
    try {
      deleteScratchCheckpoints();
      try (var files = Files.list(scratch)) {
        for (Path p : files.toList()) {
          if (!Files.isDirectory(p)) {
            Files.deleteIfExists(p);
          }
        }
      }
      Files.deleteIfExists(scratch.resolve("checkpoints"));
      Files.deleteIfExists(scratch);
    } catch (IOException ignored) {
      // a temporary directory left behind is harmless
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
