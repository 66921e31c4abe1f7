package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.nas4j.bench.BenchReport;
import org.nas4j.bench.BenchRunner;
import org.nas4j.bench.BenchSources;
import org.nas4j.evaluate.Budget;
import org.nas4j.bench.Paired;
import org.nas4j.bench.RunTrace;
import org.nas4j.util.Stats;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.optimize.RegularizedEvolution;
import org.nas4j.optimize.nao.Nao;
import org.nas4j.util.Format;

/**
 * The cold-start trade-off of docs/transfer.md: how the transfer optimizers that draw candidates from the
 * predictor (rea-xfer, xfernao) fare with each {@link TransferPredictor.Draws} policy, on NAS-Bench-201's
 * 200-epoch protocol, with related, adversarial, weak and mixed sources: normalised regret after 10, 20 and 50
 * target evaluations, the paired difference to the base optimizer (t), and how many distinct sequences the
 * runs' first 10 evaluations form (real spread). Run with {@code bench/cold-start.sh [runs] [nao runs] [sets]};
 * {@code sets} (e.g. {@code related,mixed}) runs only those source sets, to rerun what a change affects.
 */
public final class ColdStartBench {
  private static final int[] AT = {10, 20, 50};

  private ColdStartBench() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int naoRuns = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    Set<String> only = args.length > 2 ? Set.of(args[2].split(",")) : null;
    TabularBenchmark nb = TabularBenchmark.nb201();
    String[][] targets = {{"cifar100", "cifar10", "imagenet16"}, {"cifar10", "cifar100", "imagenet16"},
        {"imagenet16", "cifar10", "cifar100"}};
    for (String[] t : targets) {
      String target = t[0];
      String a = t[1];
      String b = t[2];
      String[][] sets = {{"related", a + "," + b}, {"negated", "negated:" + a}, {"noisy", "noisy:" + a + "@0.2"},
          {"mixed", a + ",negated:" + a + ",negated:" + b + ",noisy:" + b + "@0.2,shuffled:" + b}};
      for (String[] set : sets) {
        if (only != null && !only.contains(set[0])) {
          continue;
        }
        System.out.printf(Locale.ROOT, "%n%s, sources %s (%s)%n", target, set[0], set[1]);
        System.out.println("| optimizer | draws | @10 | @20 | @50 | vs base @10 (t) | @20 | @50 | distinct first 10 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String base : List.of("rea", "nao")) {
          List<Optimizers.Entry> entries = new ArrayList<>();
          entries.add(Optimizers.get(base));
          for (TransferPredictor.Draws d : TransferPredictor.Draws.values()) {
            entries.add(new Optimizers.Entry(d.name().toLowerCase(Locale.ROOT), "", base.equals("rea")
                ? ctx -> new RegularizedEvolution(ctx, RegularizedEvolution.Config.NB201, TransferPredictor.forContext(ctx, d))
                : ctx -> Nao.xfer(ctx, TransferPredictor.forContext(ctx, d))));
          }
          BenchRunner.Config config = new BenchRunner.Config(nb, target, 200,
              BenchSources.parse(nb, set[1], target, 200), Budget.ofEvaluations(50), base.equals("rea") ? runs : naoRuns,
              0, Runtime.getRuntime().availableProcessors());
          List<List<RunTrace>> traces = new BenchRunner(config).runAll(entries, done -> {});
          BenchReport report = new BenchReport(config, entries.stream().map(Optimizers.Entry::name).toList(), traces);
          for (int o = 0; o < entries.size(); o++) {
            StringBuilder row = new StringBuilder("| " + (o == 0 ? base : base.equals("rea") ? "rea-xfer" : "xfernao")
                + " | " + (o == 0 ? "" : entries.get(o).name()) + " |");
            for (int k : AT) {
              Stats s = report.regretStats(o, k);
              row.append(" ").append(Format.plusMinus(s.mean(), s.std() / Math.sqrt(s.n()),
                  Format.decimalsForSpread(s.std() / Math.sqrt(s.n()), 4))).append(" |");
            }
            for (int k : AT) {
              Paired p = report.paired(o, 0, k);
              int dec = Format.decimalsForSpread(p.se(), 4);
              row.append(o == 0 ? " |" : " " + Format.signed(p.mean(), dec) + " (" + Format.fixed(p.t(), 1) + ") |");
            }
            Set<List<String>> distinct = new HashSet<>();
            for (RunTrace r : traces.get(o)) {
              distinct.add(r.steps().stream().limit(10).map(RunTrace.Step::architecture).toList());
            }
            row.append(" ").append(distinct.size()).append(" of ").append(traces.get(o).size()).append(" |");
            System.out.println(row);
          }
        }
      }
    }
  }
}
