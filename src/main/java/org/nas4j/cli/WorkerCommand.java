package org.nas4j.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.InputException;
import org.nas4j.runner.Workers;
import org.nas4j.search.FinalModel;
import org.nas4j.search.SearchJob;
import org.nas4j.store.Counts;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;
import org.nas4j.util.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nas4j worker}: one more process on a search study that lives in a shared store (PostgreSQL for several
 * machines). It takes every setting from the study, claims evaluations, and leaves when the budget is spent.
 */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Joins a search study in a shared store and trains its candidates until the study's budget is spent: start "
            + "as many as you like, on any machines that reach the store (docs/workers.md).",
        "The study's dataset, space, optimizer, recipe and seed come from the store; a worker killed mid-training "
            + "has its evaluation trained again by another worker after --lease.",
        "A PBT-NAS study created with nas4j pbt --store URL --workers 0 is joined the same way: the worker trains its "
            + "member-steps and breeds a generation when it finishes the generation's last one.",
        "Example: ./nas4j worker --store 'jdbc:postgresql://db/nas?user=nas' --study digits-nb201-rea-s0"})
public final class WorkerCommand implements Callable<Integer> {
  @Option(names = "--store", required = true, paramLabel = "URL",
      description = "the store holding the study: a jdbc:postgresql: URL (or an SQLite file on this machine)")
  String store;

  @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study to work on")
  String study;

  @Option(names = "--max-trials", defaultValue = "0", paramLabel = "N",
      description = "train at most N candidates, then leave (default: 0, no limit)")
  int maxTrials;

  @Option(names = "--idle-exit", defaultValue = "0", paramLabel = "S",
      description = "leave after S seconds with nothing to claim while others still train (default: 0, stay until "
          + "the study is finished, to take over from workers that die)")
  long idleExit;

  @Option(names = "--wait-for-study", defaultValue = "0", paramLabel = "S",
      description = "wait up to S seconds for the store and the study to appear (workers started before the study "
          + "is created; default: 0)")
  long waitForStudy;

  @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
      description = "candidates trained at once in this process (default: ${DEFAULT-VALUE})")
  int threads;

  @Mixin DeviceArg device = new DeviceArg(); // each worker chooses its own

  @Option(names = "--final-epochs", paramLabel = "N",
      description = "epochs of the final model if this worker finishes the study; 0 skips it (default: 3 x the "
          + "study's epochs)")
  Integer finalEpochs;

  @Option(names = "--lease", defaultValue = "30", paramLabel = "S",
      description = "seconds without a heartbeat after which a worker's claim is given to another (heartbeats every "
          + "S/3; default: ${DEFAULT-VALUE})")
  double lease;

  @Option(names = "--reconnect", defaultValue = "300", paramLabel = "S",
      description = "keep retrying for S seconds while PostgreSQL cannot be reached (a restart; default: "
          + "${DEFAULT-VALUE})")
  long reconnect;

  @Option(names = "--data", paramLabel = "SPEC", description = "check: the study's dataset must be this one")
  String data;

  @Option(names = "--space", paramLabel = "NAME", description = "check: the study's search space must be this one")
  String space;

  @Option(names = "--optimizer", paramLabel = "NAME", description = "check: the study's optimizer must be this one")
  String optimizer;

  @Option(names = "--epochs", paramLabel = "N", description = "check: the study's epochs per candidate")
  Integer epochs;

  @Option(names = "--seed", paramLabel = "N", description = "check: the study's seed")
  Long seed;

  @Override
  public Integer call() throws java.io.IOException {
    Flags.atLeast("--threads", threads, 1, "pass --threads 1 or more");
    Flags.atLeast("--max-trials", maxTrials, 0, "0 means no limit");
    if (idleExit < 0 || waitForStudy < 0 || reconnect < 0) {
      throw new InputException("--idle-exit, --wait-for-study and --reconnect take seconds, 0 or more: got "
          + idleExit + ", " + waitForStudy + " and " + reconnect);
    }
    if (finalEpochs != null) {
      Flags.atLeast("--final-epochs", finalEpochs, 0, "0 skips the final model");
    }
    if (!(lease >= 1) || lease > 86_400) {
      throw new InputException("--lease must be between 1 and 86400 seconds, got " + lease
          + ": leave it out for 30");
    }
    device.select();
    SearchJob.WorkerOptions w = new SearchJob.WorkerOptions(true, maxTrials, Duration.ofSeconds(idleExit),
        Duration.ofMillis(Math.round(lease * 1000)), Duration.ofSeconds(reconnect));
    Study st = awaitStudy();
    if (st.spec().space().startsWith("pbt-")) {
      return runPbt(st);
    }
    int fin = finalEpochs != null ? finalEpochs : 3 * st.spec().fidelity();
    SearchJob.Config cfg = SearchJob.joinConfig(store, st,
        new SearchJob.Given(data, space, optimizer, epochs, seed), threads, fin, w);
    Workers.configureEngineThreads(threads);
    System.err.println("worker " + Workers.process() + " joins study " + st.name());
    SearchJob.Outcome o = new SearchJob(cfg, System.err, new ProgressBar(System.err, false, "%")).run();
    System.err.printf(Locale.ROOT, "worker %s: trained %s evaluation(s) of study %s (%s)%n", Workers.process(),
        Format.count(o.result().trainedHere()), st.name(), o.result().stop());
    if (o.finalModel().isPresent()) {
      SearchCommand.printOutcome(o, cfg, System.out);
    }
    return 0;
  }

  /**
   * PBT-NAS across workers: rebuilds the run from the options {@code nas4j pbt --workers 0} stored with the study,
   * then trains member-steps (and runs the generation barrier when it finishes a step's last one) until the end.
   */
  private int runPbt(Study st) throws java.io.IOException {
    Workers.configureEngineThreads(threads); // before anything loads the engine
    PbtCommand pbt = new PbtCommand();
    try (Store s = Store.openExisting(store)) {
      List<String> args = org.nas4j.pbt.PbtWorker.args(s, st).orElseThrow(() -> new InputException("study "
          + st.name() + " is a PBT-NAS population recorded by one nas4j pbt process: nas4j worker joins PBT studies "
          + "created with nas4j pbt --store URL --workers 0; continue this one with nas4j pbt --study " + st.name()));
      new picocli.CommandLine(pbt).parseArgs(args.toArray(new String[0]));
    }
    pbt.options.workers = 1;
    org.nas4j.pbt.PbtConfig cfg = pbt.options.config(org.nas4j.pbt.Variant.parse(pbt.variant), pbt.seed);
    contradiction(st, "--seed", st.spec().seed(), seed);
    contradiction(st, "--data", pbt.options.data, data);
    org.nas4j.train.TrainData d = pbt.options.load(pbt.seed);
    System.err.println("worker " + Workers.process() + " joins PBT study " + st.name());
    List<Thread> ts = new ArrayList<>();
    int[] trained = new int[threads];
    Throwable[] failed = new Throwable[1];
    for (int i = 0; i < threads; i++) {
      int k = i;
      Thread t = new Thread(() -> {
        // --reconnect holds for PBT studies too: every store call rides out a PostgreSQL restart
        try (Store s = org.nas4j.store.JdbcStore.open(store, org.nas4j.store.JdbcStore.Settings.defaults()
            .withReconnect(Duration.ofSeconds(reconnect)).existingOnly())) {
          String name = Workers.process() + (threads > 1 ? "/" + (k + 1) : "");
          trained[k] = new org.nas4j.pbt.PbtWorker(cfg, d, s, s.study(st.name()), name,
              Duration.ofMillis(Math.round(lease * 1000)), System.err).run(maxTrials).trainedHere();
        } catch (Throwable e) {
          synchronized (failed) {
            failed[0] = failed[0] == null ? e : failed[0];
          }
        }
      }, "nas4j-pbt-worker-" + (i + 1));
      t.start();
      ts.add(t);
    }
    for (Thread t : ts) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (failed[0] instanceof RuntimeException re) {
      throw re;
    } else if (failed[0] != null) {
      throw new IllegalStateException(failed[0]);
    }
    System.err.printf(Locale.ROOT, "worker %s: trained %d member-step(s) of PBT study %s%n", Workers.process(),
        java.util.Arrays.stream(trained).sum(), st.name());
    return 0;
  }

  private static void contradiction(Study st, String flag, Object stored, Object given) {
    if (given != null && !given.toString().equals(stored.toString())) {
      throw new InputException("study " + st.name() + " was created with " + flag + " " + stored + ", not " + given
          + ": drop " + flag + " or pass " + stored);
    }
  }

  /** The study, waiting up to {@code --wait-for-study} for the store and the study to exist. */
  private Study awaitStudy() {
    long deadline = System.nanoTime() + Duration.ofSeconds(waitForStudy).toNanos();
    while (true) {
      try (Store s = Store.openExisting(store)) {
        return s.study(study);
      } catch (InputException notYet) {
        if (System.nanoTime() >= deadline) {
          throw notYet;
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for study " + study, e);
      }
    }
  }

  /**
   * {@code nas4j search --workers N --processes}: starts N worker processes on this machine for a created study,
   * their output on stderr with a {@code [worker i]} prefix, waits for them, then prints the study's outcome.
   *
   * @return 0, or the first nonzero exit status of a worker
   */
  static int runProcesses(SearchJob.Config cfg, Study study, PrintStream out) throws IOException,
      InterruptedException {
    int n = cfg.workers();
    String java = ProcessHandle.current().info().command()
        .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    // each process gets its share of the cores for libtorch's threads (they would all take every core otherwise)
    int threadsEach = Math.max(1, Runtime.getRuntime().availableProcessors() / n);
    List<Process> ps = new ArrayList<>();
    List<Thread> pumps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true",
          "-Dai.djl.pytorch.num_threads=" + threadsEach, "-Dai.djl.pytorch.num_interop_threads=1",
          "-cp", System.getProperty("java.class.path"), Main.class.getName(), "worker", "--store", cfg.store(),
          "--study", study.name(), "--final-epochs", Integer.toString(cfg.finalEpochs())));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      // as the launcher does: libgomp's spinning threads of several processes on shared cores collapse training
      pb.environment().putIfAbsent("OMP_WAIT_POLICY", "passive");
      Process p = pb.start();
      ps.add(p);
      String prefix = "[worker " + (i + 1) + "] ";
      Thread t = new Thread(() -> pump(p.getInputStream(), prefix), "nas4j-worker-out");
      t.setDaemon(true);
      t.start();
      pumps.add(t);
    }
    // a stopped search (Ctrl-C) stops its workers; their claims come back after the lease
    Thread stopper = new Thread(() -> ps.forEach(Process::destroy), "nas4j-stop-workers");
    Runtime.getRuntime().addShutdownHook(stopper);
    int status = 0;
    for (int i = 0; i < n; i++) {
      int s = ps.get(i).waitFor();
      if (s != 0 && status == 0) {
        status = s;
        System.err.println("nas4j: worker " + (i + 1) + " exited with status " + s);
      }
    }
    for (Thread t : pumps) {
      t.join(2000);
    }
    Runtime.getRuntime().removeShutdownHook(stopper);
    if (status != 0) {
      return status;
    }
    try (Store s = Store.openExisting(cfg.store())) {
      Study st = s.study(study.name());
      Counts c = s.counts(st);
      out.printf(Locale.ROOT, "study %s: %s of %s evaluations finished by %d worker processes%n", st.name(),
          Format.count(c.finished()), Format.count(st.spec().budget().evaluations()), n);
      Optional<FinalModel> fm = FinalModel.read(FinalModel.dir(s, st.name()));
      SearchCommand.printOutcome(st, s.best(st).map(Trial::evaluation), fm, cfg, out);
    }
    return 0;
  }

  private static void pump(InputStream in, String prefix) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        System.err.println(prefix + line);
      }
    } catch (IOException ignored) {
      // the worker is gone; its exit status tells
    }
  }
}
