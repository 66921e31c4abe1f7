package org.nas4j.pbt;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.util.Format;
import org.nas4j.report.LinePlot;
import org.nas4j.train.TrainData;
import org.nas4j.util.Json;
import org.nas4j.util.Stats;

/**
 * Runs variants of PBT-NAS at equal compute (same population, steps and step length: every variant trains
 * the same number of images) for several seeds, and summarises them: the best member's final test accuracy
 * as mean ± std over seeds ({@code table.md}, {@code summary.csv}) and the mean best validation accuracy per
 * step ({@code curves.png}). Each run lives in {@code <dir>/<variant>-s<seed>} and is reused when finished.
 */
public final class PbtBench {
  private final Path dir;
  private final PrintStream log;

  public PbtBench(Path dir, PrintStream log) {
    this.dir = dir;
    this.log = log;
  }

  /** Runs (or reuses) one variant and seed. */
  public void run(PbtConfig config, TrainData data) throws IOException {
    run(config, data, null);
  }

  /** Runs (or reuses) one variant and seed; {@code gan} is the GAN task's settings, or null for classification. */
  public void run(PbtConfig config, TrainData data, GanSettings gan) throws IOException {
    Path run = runDir(config.variant(), config.seed());
    if (Files.exists(run.resolve("result.json"))) {
      log.println("reusing " + run);
      return;
    }
    log.printf("== %s seed %d -> %s%n", config.variant().id(), config.seed(), run);
    (gan == null ? new PbtSearch(config, data, run, log) : new PbtSearch(config, data, run, log, gan)).run();
  }

  /**
   * The GAN task's summary ({@code table.md}, {@code summary.csv}, {@code curves.png}): per variant the best member's
   * FD-classifier (lower is better) and classifier score as mean ± standard error over seeds, and the paired
   * difference of each variant to pbt-nas over the seeds both finished (variant minus pbt-nas: positive when pbt-nas
   * is better) with its t statistic (mean / standard error of the differences); curves of the best FD-classifier in the
   * population after each step (equal compute per step for every variant), mean over seeds.
   */
  public String reportGan(List<Variant> variants, int seeds, String command) throws IOException {
    Files.createDirectories(dir);
    Map<Variant, Map<Integer, double[]>> runs = new LinkedHashMap<>(); // seed -> fd, score, seconds
    Map<Variant, double[]> curves = new LinkedHashMap<>();
    List<List<Object>> csv = new ArrayList<>();
    for (Variant v : variants) {
      Map<Integer, double[]> bySeed = new LinkedHashMap<>();
      List<double[]> best = new ArrayList<>();
      for (int s = 0; s < seeds; s++) {
        Path res = runDir(v, s).resolve("result.json");
        if (!Files.exists(res)) {
          continue;
        }
        JsonObject o = Json.GSON.fromJson(Files.readString(res), JsonObject.class);
        double fd = o.get("fd_classifier").getAsDouble();
        double score = o.get("classifier_score").getAsDouble();
        double secs = o.get("seconds").getAsDouble();
        bySeed.put(s, new double[] {fd, score, secs});
        csv.add(List.of(v.id(), s, o.get("best_member").getAsInt(), RunTables.fixed(fd, 4), RunTables.fixed(score, 4),
            RunTables.fixed(secs, 1), o.get("architecture").getAsString()));
        best.add(bestPerStep(runDir(v, s).resolve("fitness.csv"), "fd_classifier", false));
      }
      runs.put(v, bySeed);
      int steps = best.stream().mapToInt(b -> b.length).min().orElse(0);
      double[] m = new double[steps];
      for (double[] b : best) {
        for (int i = 0; i < steps; i++) {
          m[i] += b[i] / best.size();
        }
      }
      if (steps > 0) {
        curves.put(v, m);
      }
    }
    Map<Integer, double[]> ref = runs.getOrDefault(Variant.PBT_NAS, Map.of());
    StringBuilder md = new StringBuilder();
    md.append("GAN task: the best member of the final population (lowest FD-classifier; not FID, docs/gan.md), mean ± "
        + "standard error over seeds; paired: variant minus pbt-nas on the same seeds (positive = pbt-nas better), "
        + "t = mean / s.e. of the differences. Command: `").append(command).append("`\n\n")
        .append("| variant | runs | FD-classifier | classifier score | paired difference to pbt-nas | t | minutes per run |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (Variant v : variants) {
      Map<Integer, double[]> r = runs.get(v);
      if (r.isEmpty()) {
        continue;
      }
      List<Double> fd = r.values().stream().map(x -> x[0]).toList();
      List<Double> sc = r.values().stream().map(x -> x[1]).toList();
      List<Double> diffs = new ArrayList<>();
      for (Map.Entry<Integer, double[]> e : r.entrySet()) {
        if (v != Variant.PBT_NAS && ref.containsKey(e.getKey())) {
          diffs.add(e.getValue()[0] - ref.get(e.getKey())[0]);
        }
      }
      String paired = "-";
      String t = "-";
      if (!diffs.isEmpty()) {
        Stats d = Stats.of(diffs);
        double se = d.std() / Math.sqrt(d.n());
        paired = (d.n() < 2 ? Format.signed(d.mean(), 2) : Format.plusMinus(d.mean(), se, 2)) + " (" + d.n() + ")";
        t = d.n() >= 2 && se > 0 ? Format.signed(d.mean() / se, 2) : "-";
      }
      md.append("| ").append(v.id()).append(" | ").append(fd.size()).append(" | ").append(meanSe(fd, 2)).append(" | ")
          .append(meanSe(sc, 3)).append(" | ").append(paired).append(" | ").append(t).append(" | ")
          .append(Format.fixed(Stats.of(r.values().stream().map(x -> x[2]).toList()).mean() / 60, 1)).append(" |\n");
    }
    RunTables.write(dir.resolve("summary.csv"), List.of("variant", "seed", "best_member", "fd_classifier",
        "classifier_score", "seconds", "architecture"), csv);
    Files.writeString(dir.resolve("table.md"), md.toString());
    List<LinePlot.Series> lines = new ArrayList<>();
    for (Map.Entry<Variant, double[]> e : curves.entrySet()) {
      double[] steps = new double[e.getValue().length];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = i + 1;
      }
      lines.add(LinePlot.Series.line(e.getKey().id(), steps, e.getValue()));
    }
    LinePlot.write(dir.resolve("curves.png"), "Best FD-classifier in the population after each step, mean over seeds",
        "step (equal compute: every variant trains the same batches per step)", "best FD-classifier (lower is better)",
        lines);
    return md.toString();
  }

  private static String meanSe(List<Double> xs, int decimals) {
    Stats s = Stats.of(xs);
    return xs.size() < 2 ? Format.fixed(s.mean(), decimals)
        : Format.plusMinus(s.mean(), s.std() / Math.sqrt(s.n()), decimals);
  }

  private Path runDir(Variant v, long seed) {
    return dir.resolve(v.id() + "-s" + seed);
  }

  /** Writes table.md, summary.csv and curves.png for the given variants and seeds 0..seeds-1; returns the table. */
  public String report(List<Variant> variants, int seeds, String command) throws IOException {
    Files.createDirectories(dir);
    List<List<Object>> csv = new ArrayList<>();
    StringBuilder md = new StringBuilder();
    md.append("Best member of the final population (by validation accuracy); test accuracy, mean ± std over ")
        .append(seeds).append(" seeds. Command: `").append(command).append("`\n\n")
        .append("| variant | test accuracy % | valid accuracy % | runs | best is a child | child - base parent % | minutes per run | images/s |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    Map<Variant, double[]> curves = new LinkedHashMap<>();
    for (Variant v : variants) {
      List<Double> test = new ArrayList<>();
      List<Double> valid = new ArrayList<>();
      List<Double> secs = new ArrayList<>();
      List<Double> ips = new ArrayList<>();
      List<double[]> best = new ArrayList<>();
      List<Double> deltas = new ArrayList<>();
      int childBest = 0;
      for (int s = 0; s < seeds; s++) {
        Path run = runDir(v, s);
        Path res = run.resolve("result.json");
        if (!Files.exists(res)) {
          continue;
        }
        JsonObject o = Json.GSON.fromJson(Files.readString(res), JsonObject.class);
        test.add(o.get("test_accuracy").getAsDouble());
        valid.add(o.get("valid_accuracy").getAsDouble());
        secs.add(o.get("seconds").getAsDouble());
        ips.add(o.get("images_per_second").getAsDouble());
        csv.add(List.of(v.id(), s, o.get("best_member").getAsInt(), RunTables.fixed(valid.get(valid.size() - 1), 4),
            RunTables.fixed(test.get(test.size() - 1), 4), RunTables.fixed(secs.get(secs.size() - 1), 1),
            RunTables.fixed(ips.get(ips.size() - 1), 1), o.get("architecture").getAsString()));
        best.add(bestPerStep(run.resolve("fitness.csv")));
        deltas.addAll(childMinusBase(run));
        childBest += o.get("best_member").getAsInt() >= populationOf(run) ? 1 : 0;
      }
      if (test.isEmpty()) {
        continue;
      }
      Stats t = Stats.of(test);
      Stats va = Stats.of(valid);
      md.append("| ").append(v.id()).append(" | ").append(Format.plusMinus(100 * t.mean(), 100 * t.std(), 2)).append(" | ")
          .append(Format.plusMinus(100 * va.mean(), 100 * va.std(), 2)).append(" | ").append(test.size()).append(" | ")
          .append(childBest).append(" of ").append(test.size()).append(" | ")
          .append(deltas.isEmpty() ? "-" : Format.signed(100 * Stats.of(deltas).mean(), 2) + " (" + deltas.size() + " children)")
          .append(" | ").append(Format.fixed(Stats.of(secs).mean() / 60, 1)).append(" | ")
          .append(Format.count(Stats.of(ips).mean()))
          .append(" |\n");
      int steps = best.stream().mapToInt(b -> b.length).min().orElse(0);
      double[] m = new double[steps];
      for (double[] b : best) {
        for (int i = 0; i < steps; i++) {
          m[i] += 100 * b[i] / best.size(); // plotted in %
        }
      }
      curves.put(v, m);
    }
    RunTables.write(dir.resolve("summary.csv"), List.of("variant", "seed", "best_member", "valid_accuracy",
        "test_accuracy", "seconds", "images_per_second", "architecture"), csv);
    Files.writeString(dir.resolve("table.md"), md.toString());
    plot(dir.resolve("curves.png"), curves, seeds);
    return md.toString();
  }

  private static int populationOf(Path run) throws IOException {
    JsonObject p = Json.GSON.fromJson(Files.readString(run.resolve("population-0.json")), JsonObject.class);
    return p.getAsJsonArray("members").size();
  }

  /**
   * For every child: its validation accuracy after its first step minus its base parent's after the same
   * step (the base survives and trains on in parallel): how much making the child cost or gained.
   */
  static List<Double> childMinusBase(Path run) throws IOException {
    Map<String, Double> fit = new LinkedHashMap<>();
    for (var r : RunTables.read(run.resolve("fitness.csv"))) {
      fit.put(r.get("step") + ":" + r.get("member"), Double.parseDouble(r.get("valid_accuracy")));
    }
    List<Double> out = new ArrayList<>();
    for (int t = 1; Files.exists(run.resolve("population-" + t + ".json")); t++) {
      JsonObject p = Json.GSON.fromJson(Files.readString(run.resolve("population-" + t + ".json")), JsonObject.class);
      for (var e : p.getAsJsonArray("members")) {
        JsonObject m = e.getAsJsonObject();
        if (m.get("born").getAsInt() == t && m.get("base").getAsInt() >= 0) {
          Double child = fit.get((t + 1) + ":" + m.get("id").getAsInt());
          Double base = fit.get((t + 1) + ":" + m.get("base").getAsInt());
          if (child != null && base != null) {
            out.add(child - base);
          }
        }
      }
    }
    return out;
  }

  private static double[] bestPerStep(Path fitnessCsv) throws IOException {
    return bestPerStep(fitnessCsv, "valid_accuracy", true);
  }

  private static double[] bestPerStep(Path fitnessCsv, String column, boolean higherIsBetter) throws IOException {
    Map<Integer, Double> best = new LinkedHashMap<>();
    for (var r : RunTables.read(fitnessCsv)) {
      best.merge(Integer.parseInt(r.get("step")), Double.parseDouble(r.get(column)), higherIsBetter ? Math::max : Math::min);
    }
    return best.values().stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void plot(Path png, Map<Variant, double[]> curves, int seeds) throws IOException {
    List<LinePlot.Series> lines = new ArrayList<>();
    for (Map.Entry<Variant, double[]> e : curves.entrySet()) {
      double[] steps = new double[e.getValue().length];
      for (int s = 0; s < steps.length; s++) {
        steps[s] = s + 1;
      }
      lines.add(LinePlot.Series.line(e.getKey().id(), steps, e.getValue()));
    }
    LinePlot.write(png, "Best validation accuracy in the population after each step, mean over " + seeds + " seeds",
        "step", "best validation accuracy (%)", lines);
  }
}
