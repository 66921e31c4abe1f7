package org.nas4j.search;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.nas4j.runner.SearchRunner;
import org.nas4j.runner.SearchResult;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.bench.TabularEvaluator;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;

/**
 * A search process for {@link KillResumeTest}: NAS-Bench-201 lookups through the real runner and an SQLite
 * store, each evaluation taking {@code delayMs} like a (very short) training. Every training start is appended
 * to a log so the test can tell whether a finished evaluation was ever trained again.
 *
 * <p>Arguments: store, study, budget, delayMs, workers, startLog.
 */
public final class KillableSearch {
  public static void main(String[] args) throws IOException {
    String storePath = args[0];
    String name = args[1];
    int budget = Integer.parseInt(args[2]);
    long delay = Long.parseLong(args[3]);
    int workers = Integer.parseInt(args[4]);
    TabularBenchmark nb = TabularBenchmark.nb201();
    TabularEvaluator lookup = new TabularEvaluator(nb, "cifar10");
    try (OutputStream log = new FileOutputStream(args[5], true); Store store = Store.open(storePath)) {
      Evaluator slow = (a, fidelity, seed) -> {
        synchronized (log) {
          try {
            log.write(("start " + a + " " + ProcessHandle.current().pid() + " " + System.nanoTime() + "\n").getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return lookup.evaluate(a, fidelity, seed);
      };
      Study study = store.createOrLoadStudy(
          StudySpec.of(name, "nb201", "cifar10", "rea", 11, 12).withBudget(Budget.ofEvaluations(budget)));
      SearchResult r = SearchRunner.builder().space(nb.space()).study(store, study)
          .optimizer(() -> Optimizers.create("rea", OptimizerContext.of(nb.space(), 11)))
          .evaluator(slow)
          .workers(workers).heartbeat(Duration.ofMillis(200), Duration.ofSeconds(2)).build().run();
      System.out.println("done " + r.finished().size() + " replayed " + r.replayed());
    }
  }
}
