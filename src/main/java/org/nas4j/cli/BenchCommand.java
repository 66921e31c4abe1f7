package org.nas4j.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.nas4j.bench.BenchReport;
import org.nas4j.bench.BenchRunner;
import org.nas4j.bench.BenchSources;
import org.nas4j.evaluate.Budget;
import org.nas4j.bench.RunTrace;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.util.Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j bench}: compares optimizers on a tabular benchmark over many seeded runs. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
        "Compares optimizers on a tabular benchmark (NAS-Bench-201 bundled, or your CSV) over many seeded runs, "
            + "each under a simulated budget.",
        "Prints a Table-5 style summary (mean ± std of the chosen architecture's final-epoch numbers on every task) "
            + "and writes traces, summary.md, summary.json and plots to --out.",
        "Example: nas4j bench --benchmark nb201 --task cifar10 --optimizers rs,rea,reinforce --runs 100 "
            + "--budget-seconds 12000 --out bench-out"})
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--benchmark", defaultValue = "nb201",
      description = "nb201 (bundled NAS-Bench-201) or csv:PATH (docs/benchmarks.md). Default: ${DEFAULT-VALUE}.")
  String benchmark;

  @Option(names = "--ops", split = ",",
      description = "The op set of a csv: benchmark, in order (default: read from its architecture strings).")
  List<String> ops;

  @Option(names = "--task", description = "The search task (default: the benchmark's first, cifar10 for nb201).")
  String task;

  @Option(names = "--fidelity",
      description = "Epochs whose validation accuracy the optimizer sees and whose time is charged (default: the "
          + "task's smallest, 12 for nb201, the NAS-Bench-201 protocol; 200 for full training).")
  Integer fidelity;

  @Option(names = "--sources",
      description = "Source tasks for transfer, comma-separated (e.g. cifar100,imagenet16). Test variants of a task, "
          + "with fixed seeds: shuffled:TASK (values permuted), negated:TASK (ranks it backwards), noisy:TASK@RHO "
          + "(correlation RHO with its normal scores).")
  String sources;

  @Option(names = "--optimizers", defaultValue = "rs,rea,reinforce",
      description = "Comma-separated optimizer names. Default: ${DEFAULT-VALUE}.")
  String optimizers;

  @Option(names = "--runs", defaultValue = "100", description = "Runs per optimizer. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--budget-seconds", defaultValue = "0",
      description = "Simulated training seconds per run (12000 in NAS-Bench-201's protocol).")
  double budgetSeconds;

  @Option(names = "--budget-evals", defaultValue = "0", description = "Evaluations per run.")
  int budgetEvals;

  @Option(names = "--report-at", split = ",",
      description = "Also report regret after these numbers of evaluations, e.g. 10,20,50 (a run's choice among its "
          + "first k; its first k evaluations do not depend on the budget). Default: each run's final choice.")
  List<Integer> reportAt;

  @Option(names = "--seed", defaultValue = "0", description = "Bench seed; run r uses Seeds.derive(seed, r). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--threads", description = "Worker threads (default: all cores).")
  Integer threads;

  @Option(names = "--out", description = "Directory for traces, summary.md, summary.json and plots.")
  Path out;

  @Option(names = "--no-progress", description = "Do not draw the progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    if (out != null) {
      OutputPaths.folder("--out", out);
    }
    TabularBenchmark b = TabularBenchmark.load(benchmark, ops == null ? null : ops.stream().map(String::strip).toList());
    String t = task == null ? b.tasks().get(0) : task;
    b.requireTask(t);
    int f = fidelity == null ? b.fidelities(t).get(0) : fidelity;
    b.requireFidelity(t, f);
    List<Optimizers.Entry> entries = Optimizers.parseList(optimizers);
    List<SourceObservations> src = BenchSources.parse(b, sources, t, f);
    Budget budget = new Budget(budgetEvals, budgetSeconds);
    List<Integer> at = reportAt == null ? List.of() : reportAt;
    BenchReport.requireCheckpoints(at);
    int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    BenchRunner.Config config = new BenchRunner.Config(b, t, f, src, budget, runs, seed, nThreads);
    BenchRunner runner = new BenchRunner(config);

    int total = runs * entries.size();
    long start = System.nanoTime();
    List<List<RunTrace>> traces = runner.runAll(entries, done -> {
      if (!noProgress) {
        progress(done, total, start);
      }
    });
    line.end();
    BenchReport report = new BenchReport(config, entries.stream().map(Optimizers.Entry::name).toList(), traces, at);
    System.out.print(report.markdown());
    if (out != null) {
      report.write(out);
      System.out.println("\nwrote " + out.resolve("summary.md") + ", summary.json, runs.csv, traces/, best_vs_*.png, incumbent_vs_*.png, regret_vs_evals.png");
    }
    System.out.println("wall time " + Format.seconds((System.nanoTime() - start) / 1e9) + " s on " + nThreads + " thread(s)");
    return 0;
  }

  private final ProgressLine line = ProgressLine.stderr(Duration.ofMillis(100), Duration.ofSeconds(5));
  private int shown = -1;

  /** Never backwards (runs finish on several threads); the last update always shows. */
  private synchronized void progress(int done, int total, long start) {
    if (done <= shown) {
      return;
    }
    shown = done;
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    line.show(ProgressLine.bar(done, total, 40) + " " + Format.count(done) + "/" + Format.count(total) + " runs, "
        + Format.duration(elapsed), done == total);
  }
}
