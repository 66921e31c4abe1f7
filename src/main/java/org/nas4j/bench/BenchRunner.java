package org.nas4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;

/**
 * Runs optimizers on a tabular benchmark many times, each run seeded with {@code Seeds.derive(seed, run)}
 * (the same seeds for every optimizer), in parallel over threads. A run asks, looks up, charges simulated
 * time and tells, one evaluation at a time, until its {@link Budget} is used; the chosen architecture is the
 * best objective observed, and it is reported with the benchmark's final-epoch metrics on every task.
 *
 * <p>A run never goes over its budget: the evaluation that would take the simulated time past it is not made.
 * Every evaluation counts, including an architecture the optimizer asks for a second time (it is looked up and
 * charged again).
 */
public final class BenchRunner {
  /** Safety stop for time-only budgets where evaluations cost nothing (failed look-ups): this many times the space. */
  static final int MAX_EVALUATIONS_PER_ARCHITECTURE = 4;

  /**
   * What to run.
   *
   * @param benchmark the table
   * @param task the search task
   * @param fidelity the epochs whose validation accuracy the optimizer sees (NAS-Bench-201's protocol: 12)
   * @param sources source observations handed to every optimizer (empty without transfer)
   * @param budget when each run stops
   * @param runs runs per optimizer
   * @param seed the bench seed every run's seed derives from
   * @param threads worker threads (runs are independent)
   */
  public record Config(TabularBenchmark benchmark, String task, int fidelity, List<SourceObservations> sources,
      Budget budget, int runs, long seed, int threads) {
    public Config {
      Objects.requireNonNull(benchmark, "benchmark");
      if (!budget.hasEvaluations() && !budget.hasSeconds()) {
        throw new InputException("no budget: give --budget-seconds (simulated training seconds) or --budget-evals");
      }
      benchmark.requireTask(task);
      benchmark.requireFidelity(task, fidelity);
      sources = List.copyOf(sources);
      if (runs < 1) {
        throw new InputException("--runs must be at least 1, got " + runs);
      }
      if (threads < 1) {
        throw new InputException("--threads must be at least 1, got " + threads);
      }
      if (budget.hasSeconds() && !benchmark.hasCost(task)) {
        throw new InputException("task " + task + " of benchmark " + benchmark.name()
            + " has no <task>_time<epochs> column, so a budget in seconds cannot be charged: use --budget-evals");
      }
    }
  }

  private final Config config;
  private final TabularEvaluator evaluator;
  private final List<String> reportColumns;

  public BenchRunner(Config config) {
    this.config = config;
    this.evaluator = new TabularEvaluator(config.benchmark(), config.task());
    this.reportColumns = config.benchmark().reportColumns();
  }

  public Config config() {
    return config;
  }

  /** The columns each run's chosen architecture is reported with. */
  public List<String> reportColumns() {
    return reportColumns;
  }

  /** One run of one optimizer, in the calling thread. */
  public RunTrace run(Optimizers.Entry entry, int run) {
    long seed = Seeds.derive(config.seed(), run);
    Optimizer optimizer = entry.create(new OptimizerContext(config.benchmark().space(), seed, config.sources()));
    Budget budget = config.budget();
    long hardCap = budget.hasEvaluations() ? budget.evaluations()
        : (long) Math.min(Integer.MAX_VALUE, (double) config.benchmark().space().size() * MAX_EVALUATIONS_PER_ARCHITECTURE);
    List<RunTrace.Step> steps = new ArrayList<>();
    double elapsed = 0;
    double best = Double.NaN;
    Architecture bestArch = null;
    while (steps.size() < hardCap) {
      Architecture a = optimizer.ask();
      Evaluation e = evaluator.evaluate(a, config.fidelity(), Seeds.derive(seed, steps.size()));
      if (budget.hasSeconds() && elapsed + e.costSeconds() > budget.seconds()) {
        break; // this evaluation would cross the budget: it is not made
      }
      elapsed += e.costSeconds();
      optimizer.tell(a, e.objective());
      if (e.ok() && (bestArch == null || e.objective() > best)) {
        best = e.objective();
        bestArch = a;
      }
      steps.add(new RunTrace.Step(steps.size() + 1, e.architecture(), e.objective(), e.costSeconds(), elapsed, best,
          bestArch == null ? null : bestArch.toString()));
    }
    double[] report = new double[reportColumns.size()];
    for (int i = 0; i < report.length; i++) {
      report[i] = bestArch == null ? Double.NaN : config.benchmark().value(bestArch, reportColumns.get(i));
    }
    return new RunTrace(entry.name(), run, seed, steps, bestArch == null ? null : bestArch.toString(), report);
  }

  /**
   * Every run of every optimizer, in parallel; the result lists each optimizer's runs in run order.
   *
   * @param progress called with the number of finished runs after each one (from worker threads)
   */
  public List<List<RunTrace>> runAll(List<Optimizers.Entry> optimizers, IntConsumer progress) {
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "bench-worker");
      t.setDaemon(true);
      return t;
    });
    AtomicInteger done = new AtomicInteger();
    try {
      List<List<Future<RunTrace>>> futures = new ArrayList<>();
      for (Optimizers.Entry entry : optimizers) {
        List<Future<RunTrace>> fs = new ArrayList<>();
        for (int r = 0; r < config.runs(); r++) {
          int run = r;
          fs.add(pool.submit(() -> {
            RunTrace t = run(entry, run);
            progress.accept(done.incrementAndGet());
            return t;
          }));
        }
        futures.add(fs);
      }
      List<List<RunTrace>> out = new ArrayList<>();
      for (List<Future<RunTrace>> fs : futures) {
        List<RunTrace> traces = new ArrayList<>();
        for (Future<RunTrace> f : fs) {
          traces.add(f.get());
        }
        out.add(traces);
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bench interrupted", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException re) {
        throw re;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    } finally {
      pool.shutdownNow();
    }
  }
}
