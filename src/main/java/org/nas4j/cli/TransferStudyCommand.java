package org.nas4j.cli;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nas4j.InputException;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.util.Format;
import org.nas4j.report.HeatMap;
import org.nas4j.transfer.DataVolumeStudy;
import org.nas4j.util.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j transfer-study}: the XferNAS data-volume study (rank correlation vs amounts of data). */
@Command(
    name = "transfer-study",
    mixinStandardHelpOptions = true,
    description = {
        "Measures how well the transfer predictor ranks held-out target architectures (Kendall tau, Spearman rho) "
            + "for every number of target evaluations x source evaluations per source task (XferNAS's Figure 3).",
        "0 source evaluations = the target-only model. Writes data-volume.csv (one row per seed), "
            + "data-volume-mean.csv and heat maps (kendall-<mode>.png, gain-<mode>.png) to --out.",
        "Example: nas4j transfer-study --benchmark nb201 --task cifar100 --sources cifar10,imagenet16 --out study"})
public final class TransferStudyCommand implements Callable<Integer> {
  @Option(names = "--benchmark", defaultValue = "nb201",
      description = "nb201 (bundled NAS-Bench-201) or csv:PATH (docs/benchmarks.md). Default: ${DEFAULT-VALUE}.")
  String benchmark;

  @Option(names = "--ops", split = ",", description = "The op set of a csv: benchmark, in order.")
  List<String> ops;

  @Option(names = "--task", description = "The target task (default: the benchmark's first).")
  String task;

  @Option(names = "--sources",
      description = "Source tasks, comma-separated, or test variants shuffled:TASK, negated:TASK, noisy:TASK@RHO "
          + "(default: all other tasks).")
  String sources;

  @Option(names = "--fidelity", description = "Epochs of the validation metric used (default: the task's largest).")
  Integer fidelity;

  @Option(names = "--target-evals", split = ",", defaultValue = "10,25,50,100,200",
      description = "Target evaluations per cell. Default: ${DEFAULT-VALUE}.")
  int[] targetEvals;

  @Option(names = "--source-evals", split = ",", defaultValue = "0,50,200,1000,all",
      description = "Source evaluations per source task ('all' for every one). Default: ${DEFAULT-VALUE}.")
  String[] sourceEvals;

  @Option(names = "--modes", split = ",", defaultValue = "weighted,pooled",
      description = "How sources enter the predictor: weighted (one network per source, weighted by how well it "
          + "ranks the target: what optimizers use), pooled (one network on all sources). Default: ${DEFAULT-VALUE}.")
  String[] modes;

  @Option(names = "--seeds", defaultValue = "5", description = "Repetitions. Default: ${DEFAULT-VALUE}.")
  int seeds;

  @Option(names = "--held-out", defaultValue = "2000",
      description = "Held-out target architectures ranked per seed. Default: ${DEFAULT-VALUE}.")
  int heldOut;

  @Option(names = "--seed", defaultValue = "0", description = "Study seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputPaths.folder("--out", out);
    TabularBenchmark b = TabularBenchmark.load(benchmark, ops == null ? null : ops.stream().map(String::strip).toList());
    String t = task == null ? b.tasks().get(0) : task;
    b.requireTask(t);
    List<Integer> fids = b.fidelities(t);
    int f = fidelity == null ? fids.get(fids.size() - 1) : fidelity;
    b.requireFidelity(t, f);
    String spec = sources;
    if (spec == null) {
      spec = String.join(",", b.tasks().stream().filter(x -> !x.equals(t) && b.fidelities(x).contains(f)).toList());
      if (spec.isEmpty()) {
        throw new InputException("benchmark " + b.name() + " has no other task with a " + f
            + "-epoch metric to transfer from: give --sources");
      }
    }
    List<SourceObservations> src = BenchSources.parse(b, spec, t, f);
    Flags.atLeast("--seeds", seeds, 1, "one repetition or more");
    Flags.atLeast("--held-out", heldOut, 10, "rank correlation needs some architectures to rank");
    int[] ns = new int[sourceEvals.length];
    for (int i = 0; i < ns.length; i++) {
      String s = sourceEvals[i].strip();
      try {
        ns[i] = s.equalsIgnoreCase("all") ? DataVolumeStudy.ALL
            : Flags.atLeast("--source-evals item", Integer.parseInt(s), 0, "give counts of 0 or more, or 'all'");
      } catch (NumberFormatException e) {
        throw new InputException("--source-evals item '" + s + "' is not a number or 'all'");
      }
    }
    List<DataVolumeStudy.Mode> ms = new ArrayList<>();
    for (String m : modes) {
      try {
        ms.add(DataVolumeStudy.Mode.valueOf(m.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InputException("unknown --modes item '" + m + "': use weighted, pooled");
      }
    }
    SourceObservations target = b.sourceObservations(t, f);
    long start = System.nanoTime();
    List<DataVolumeStudy.Row> rows =
        DataVolumeStudy.run(b.space(), target, src, targetEvals, ns, ms, seeds, heldOut, seed);
    Files.createDirectories(out);
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("data-volume.csv"), StandardCharsets.UTF_8)) {
      w.write("mode,target_evals,source_evals,seed,kendall,spearman,transfer_weight\n");
      for (DataVolumeStudy.Row r : rows) {
        w.write(String.format(Locale.ROOT, "%s,%d,%s,%d,%.4f,%.4f,%.4f%n", r.mode().name().toLowerCase(Locale.ROOT),
            r.targetEvaluations(), label(r.sourceEvaluations()), r.seed(), r.kendall(), r.spearman(),
            r.transferWeight()));
      }
    }
    System.out.printf(Locale.ROOT, "Data-volume study: target %s (%s), sources %s, %d seeds, %s held-out"
        + " architectures; mean Kendall tau (Spearman rho)%n", t, TabularBenchmark.validColumn(t, f), spec, seeds,
        Format.count(heldOut));
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("data-volume-mean.csv"), StandardCharsets.UTF_8)) {
      w.write("mode,target_evals,source_evals,seeds,kendall_mean,kendall_std,spearman_mean,spearman_std,"
          + "transfer_weight_mean\n");
      for (DataVolumeStudy.Mode m : ms) {
        String mode = m.name().toLowerCase(Locale.ROOT);
        double[][] tau = new double[ns.length][targetEvals.length];
        double[][] gain = new double[ns.length][targetEvals.length];
        StringBuilder md = new StringBuilder("\n" + mode + ":\n\n| source evals \\ target evals |");
        for (int nt : targetEvals) {
          md.append(' ').append(nt).append(" |");
        }
        md.append("\n|---|").append("---|".repeat(targetEvals.length)).append('\n');
        for (int i = 0; i < ns.length; i++) {
          md.append("| ").append(label(ns[i])).append(" |");
          for (int j = 0; j < targetEvals.length; j++) {
            double[] k = select(rows, m, targetEvals[j], ns[i], true);
            double[] s = select(rows, m, targetEvals[j], ns[i], false);
            int nt = targetEvals[j];
            int nsi = ns[i];
            double weight = rows.stream().filter(r -> r.mode() == m && r.targetEvaluations() == nt
                && r.sourceEvaluations() == nsi).mapToDouble(DataVolumeStudy.Row::transferWeight).average().orElse(0);
            Stats ks = Stats.of(k);
            Stats ss = Stats.of(s);
            w.write(String.format(Locale.ROOT, "%s,%d,%s,%d,%.4f,%.4f,%.4f,%.4f,%.4f%n", mode, targetEvals[j],
                label(ns[i]), k.length, ks.mean(), ks.std(), ss.mean(), ss.std(), weight));
            tau[i][j] = ks.mean();
            md.append(' ').append(Format.fixed(ks.mean(), 3)).append(" (").append(Format.fixed(ss.mean(), 3)).append(") |");
          }
          md.append('\n');
        }
        int base = indexOf(ns, 0);
        for (int i = 0; i < ns.length; i++) {
          for (int j = 0; j < targetEvals.length; j++) {
            gain[i][j] = base < 0 ? Double.NaN : tau[i][j] - tau[base][j];
          }
        }
        System.out.print(md);
        List<String> rowLabels = new ArrayList<>();
        for (int n : ns) {
          rowLabels.add(label(n) + " src");
        }
        List<String> colLabels = new ArrayList<>();
        for (int nt : targetEvals) {
          colLabels.add(nt + " tgt");
        }
        HeatMap.write(out.resolve("kendall-" + mode + ".png"), t + ": Kendall tau (" + mode + ", " + seeds + " seeds)",
            rowLabels, colLabels, tau, HeatMap.Scale.RANGE, v -> Format.fixed(v, 3));
        if (base >= 0) {
          HeatMap.write(out.resolve("gain-" + mode + ".png"), t + ": tau gain over target-only (" + mode + ")",
              rowLabels, colLabels, gain, HeatMap.Scale.AROUND_ZERO, v -> Format.signed(v, 3));
        }
      }
    }
    System.out.printf(Locale.ROOT, "%nwrote %s (data-volume.csv, data-volume-mean.csv, kendall-*.png, gain-*.png)"
        + " in %s s%n", out, Format.seconds((System.nanoTime() - start) / 1e9));
    return 0;
  }

  private static double[] select(List<DataVolumeStudy.Row> rows, DataVolumeStudy.Mode m, int nt, int ns, boolean kendall) {
    return rows.stream().filter(r -> r.mode() == m && r.targetEvaluations() == nt && r.sourceEvaluations() == ns)
        .mapToDouble(r -> kendall ? r.kendall() : r.spearman()).toArray();
  }

  private static int indexOf(int[] xs, int x) {
    for (int i = 0; i < xs.length; i++) {
      if (xs[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static String label(int n) {
    return n == DataVolumeStudy.ALL ? "all" : Integer.toString(n);
  }
}
