package org.nas4j.search;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nas4j.runner.SearchRunner;
import org.nas4j.runner.SearchResult;
import org.nas4j.runner.Workers;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.space.CellSpace;
import org.nas4j.store.Store;
import org.nas4j.store.StudySpec;
import org.nas4j.train.ProgressListener;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainResult;
import org.nas4j.train.Trainer;

/**
 * Threads or processes for training several small candidates at once (docs/search.md): trains {@code count}
 * random NAS-Bench-201 candidates through the runner, either with {@code W} worker threads in this JVM
 * (libtorch intra-op threads = cores / W) or with {@code W} child JVMs of one worker each, and prints the wall
 * time. Run by {@code bench/threads-vs-processes.sh}.
 *
 * <p>Arguments: {@code threads|processes|child W count data trainLimit channels cells seed}.
 */
public final class ParallelBench {
  public static void main(String[] a) throws Exception {
    String mode = a[0];
    int w = Integer.parseInt(a[1]);
    int count = Integer.parseInt(a[2]);
    long t0 = System.nanoTime();
    if (mode.equals("processes")) {
      List<Process> ps = new ArrayList<>();
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      for (int i = 0; i < w; i++) {
        int share = count / w + (i < count % w ? 1 : 0);
        int intra = Math.max(1, Runtime.getRuntime().availableProcessors() / w);
        List<String> cmd = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + intra, "-cp",
            System.getProperty("java.class.path"), ParallelBench.class.getName(), "child", "1", Integer.toString(share)));
        for (int k = 3; k < a.length; k++) {
          cmd.add(k == a.length - 1 ? Long.toString(Long.parseLong(a[k]) + i) : a[k]);
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / w)));
        ps.add(pb.start());
      }
      for (Process p : ps) {
        p.waitFor();
      }
    } else {
      Workers.configureEngineThreads(w);
      Engines.pytorch();
      DataSplit data = DataSplit.load(a[3], DataOptions.defaults().withTrainLimit(Integer.parseInt(a[4])).withValidLimit(1000));
      TrainConfig cfg = TrainConfig.defaults().withNetwork(Integer.parseInt(a[5]), Integer.parseInt(a[6]));
      long seed = Long.parseLong(a[7]);
      TrainData td = new TrainData(data.task(), data.train(), data.valid(), null, data.normalization(), data.augmentation());
      Evaluator ev = (arch, fid, s) -> {
        long e0 = System.nanoTime();
        TrainResult r = new Trainer(cfg.withEpochs(fid).withSeed(s)).train(arch, td, ProgressListener.NONE);
        return Evaluation.complete(arch.toString(), data.task(), fid, 100 * r.validAccuracy(), Map.of(),
            (System.nanoTime() - e0) / 1e9, r.params(), s);
      };
      long r0 = System.nanoTime();
      SearchResult r;
      try (Store store = Store.open(":memory:")) {
        r = SearchRunner.builder().space(CellSpace.NB201)
            .study(store, store.createStudy(StudySpec.of("bench", "nb201", data.task(), "rs", seed, 1)
                .withBudget(Budget.ofEvaluations(count))))
            .optimizer(() -> Optimizers.create("rs", OptimizerContext.of(CellSpace.NB201, seed))).evaluator(ev)
            .workers(w).workerInit(Autograd::inference).build().run();
      }
      System.out.printf(Locale.ROOT, "%s W=%d: %d candidates, runner %.1f s (evaluate %.1f s summed), overhead %.3f%%%n",
          mode, w, r.finished().size(), (System.nanoTime() - r0) / 1e9, r.evaluateSeconds(), 100 * r.overheadShare());
    }
    double cpu = cpuSeconds();
    System.out.printf(Locale.ROOT, "%s W=%d total wall %.1f s, cpu %.1f s (this JVM%s)%n", mode, w,
        (System.nanoTime() - t0) / 1e9, cpu, mode.equals("processes") ? ", children report their own" : "");
  }

  /** CPU seconds of this process (all threads, native ones included), from /proc on Linux. */
  static double cpuSeconds() {
    try {
      String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat")).split("\\) ")[1].split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime in clock ticks (100 Hz)
    } catch (Exception e) {
      return Double.NaN;
    }
  }
}
