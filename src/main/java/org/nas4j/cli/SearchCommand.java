package org.nas4j.cli;

import org.nas4j.optimizers.Optimizers;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import org.nas4j.InputException;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;
import java.util.concurrent.Callable;
import org.nas4j.data.DataOptions;
import org.nas4j.util.Format;
import org.nas4j.search.FinalModel;
import org.nas4j.search.SearchJob;
import org.nas4j.runner.Workers;
import org.nas4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code nas4j search}: a real architecture search on a dataset, kept in a store, resumable. */
@Command(name = "search", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Searches for an architecture by really training candidates (a reduced NAS-Bench-201 skeleton by default), "
            + "keeps every evaluation in the store, then retrains the best one with the final budget and reports its "
            + "test accuracy.",
        "Rerunning the same command (or adding --resume) continues a killed search: nothing finished is lost or "
            + "repeated. Several processes on one store share the work.",
        "Example: ./nas4j search --data fashion-mnist --optimizer rea --budget-evals 30 --epochs 2 --store nas4j.db"})
public final class SearchCommand implements Callable<Integer> {
  @Mixin DataArgs dataArgs = new DataArgs();
  @Mixin NetworkArgs network = new NetworkArgs();

  @Option(names = "--data", required = true, paramLabel = "SPEC",
      description = "dataset: digits, fashion-mnist, mnist, cifar10[:DIR], cifar100[:DIR], idx:DIR, folder:DIR[@HxW]")
  String data;

  @Option(names = "--optimizer", defaultValue = "rea-xfer",
      description = "optimizer: one of ${COMPLETION-CANDIDATES}; the -xfer ones use transfer sources (default: ${DEFAULT-VALUE})",
      completionCandidates = OptimizerNames.class)
  String optimizer;

  @Option(names = "--budget-evals", paramLabel = "N",
      description = "evaluations in the study, over all runs and processes (default: 30 for a new study; an existing "
          + "study keeps its stored budget unless this is given)")
  Integer budgetEvals;

  @Option(names = "--budget-time", defaultValue = "0", paramLabel = "TIME",
      description = "stop asking for new candidates after this wall time of this run, e.g. 30m or 2h (default: none)")
  String budgetTime;

  @Option(names = "--epochs", defaultValue = "1", description = "epochs per candidate (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(names = "--final-epochs", paramLabel = "N",
      description = "epochs of the final retraining of the best architecture; 0 skips it (default: 3 x --epochs)")
  Integer finalEpochs;

  @Option(names = "--store", defaultValue = "nas4j.db", paramLabel = "PATH|URL",
      description = "SQLite file or jdbc:postgresql: URL (default: ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--study", paramLabel = "NAME", description = "study name (default: <task>-<space>-<optimizer>-s<seed>)")
  String study;

  @Option(names = "--resume", description = "the study must exist already (otherwise the same command resumes or starts)")
  boolean resume;

  @Option(names = "--sources", defaultValue = "auto", paramLabel = "LIST",
      description = "transfer sources: auto (earlier studies in the store on other tasks, same space), none, "
          + "or nb201:TASK,... (default: ${DEFAULT-VALUE})")
  String sources;

  @Option(names = "--workers", paramLabel = "N",
      description = "candidates trained at once in this process, or with --processes the worker processes to start; "
          + "0 creates the study for nas4j worker and trains nothing (default: 2 on 2 or more cores, else 1)")
  Integer workers;

  @Option(names = "--processes",
      description = "train with --workers N separate nas4j worker processes on this machine (docs/workers.md) "
          + "instead of threads of this one")
  boolean processes;

  @Option(names = "--seed", defaultValue = "0", description = "study seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N", description = "SGD batch size (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.1", description = "initial learning rate, cosine-annealed (default: ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--channels", defaultValue = "8", paramLabel = "C",
      description = "network width: C of NAS-Bench-201 (16), F of NASNet (NAO: 36 or 128); default on CPU: ${DEFAULT-VALUE}")
  int channels;

  @Option(names = "--cells", defaultValue = "1", paramLabel = "N",
      description = "cells per stage N (NAS-Bench-201: 5, NAO: 6 final, 3 in search; default on CPU: ${DEFAULT-VALUE})")
  int cells;

  /** The registered optimizer names, for the help text. */
  static final class OptimizerNames extends java.util.ArrayList<String> {
    OptimizerNames() {
      super(org.nas4j.optimizers.Optimizers.names());
    }
  }

  @Override
  public Integer call() throws Exception {
    SearchJob.Config cfg = config();
    if (cfg.workers() == 0 && processes) { // before the study is created: a refused command changes nothing
      throw new InputException("--processes needs --workers 1 or more (got 0): pass --workers N, or leave out "
          + "--processes to create the study for nas4j worker");
    }
    if (cfg.workers() == 0 || processes) {
      Study st = new SearchJob(cfg, System.err, ProgressBar.stderr("%")).create();
      if (cfg.workers() == 0) {
        System.out.println("study " + st.name() + " is ready: start workers on any machine that reaches the store with");
        System.out.println("  ./nas4j worker --store " + Shell.quote(cfg.store()) + " --study " + Shell.quote(st.name()));
        return 0;
      }
      return WorkerCommand.runProcesses(cfg, st, System.out);
    }
    SearchJob.Outcome o = new SearchJob(cfg, System.err, ProgressBar.stderr("%")).run();
    printOutcome(o, cfg, System.out);
    return 0;
  }

  SearchJob.Config config() {
    int w = workers != null ? workers : Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    if (w == 0 && budgetTime != null && !budgetTime.equals("0")) {
      throw new InputException("--budget-time limits this process's training, but --workers 0 trains nothing: leave "
          + "it out");
    }
    DataOptions d = dataArgs.options(seed).withCutout(network.cutout);
    TrainConfig t = TrainConfig.defaults().withBatchSize(batchSize).withLearningRate(lr).withNetwork(channels, cells)
        .withOptions(network.options());
    int fin = finalEpochs != null ? finalEpochs : 3 * epochs;
    network.selectDevice();
    SearchJob.Config cfg = new SearchJob.Config(data, d, t, network.space, optimizer,
        budgetEvals, SearchJob.parseDuration(budgetTime), epochs, fin, store, study, resume, seed, w, sources,
        SearchJob.WorkerOptions.ALONE);
    if (!processes) {
      Workers.configureEngineThreads(Math.max(1, cfg.workers()));
    }
    return cfg;
  }

  /** Prints the best architecture and its test accuracy (stdout), then what to do next. */
  static void printOutcome(SearchJob.Outcome o, SearchJob.Config cfg, PrintStream out) {
    printOutcome(o.study(), o.result().best().map(Trial::evaluation), o.finalModel(), cfg, out);
  }

  /** Prints a study's best architecture, its final model if there is one here, and what to do next. */
  static void printOutcome(Study study, Optional<Evaluation> found, Optional<FinalModel> finalModel,
      SearchJob.Config cfg, PrintStream out) {
    String name = study.name();
    if (found.isEmpty()) {
      out.println("no candidate completed in study " + name);
      return;
    }
    var best = found.get();
    out.println("best architecture: " + best.architecture());
    out.printf(Locale.ROOT, "search validation accuracy: %s (%d epoch(s), %s parameters)%n",
        Format.percent(best.objective() / 100), best.fidelity(), Format.count(best.params()));
    if (finalModel.isPresent()) {
      FinalModel f = finalModel.get();
      out.printf(Locale.ROOT, "test accuracy: %s after %d epoch(s) of final training (validation %s)%n",
          Format.percent(f.testAccuracy()), f.epochs(), Format.percent(f.validAccuracy()));
    }
    String store = Shell.quote(cfg.store());
    String quotedStudy = Shell.quote(name);
    String model = Shell.quote(name + "-model");
    out.println("next:");
    out.println("  ./nas4j report --store " + store + " --study " + quotedStudy + " --out " + Shell.quote(name + ".html"));
    out.println("  ./nas4j export --store " + store + " --study " + quotedStudy + " --out " + model);
    out.println("  ./nas4j predict --model " + model + " --data " + Shell.quote(cfg.data()));
  }
}
