package org.nas4j.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.Locale;
import org.nas4j.report.LinePlot;

/**
 * What a bench produced: every run of every optimizer, summarised as in NAS-Bench-201's Table 5 (mean ± std
 * over runs of the chosen architecture's final-epoch numbers on every task), and written as files:
 * <ul>
 *   <li>{@code summary.md}: the table; {@code summary.json}: the same numbers with medians;</li>
 *   <li>{@code runs.csv}: one row per run (chosen architecture and its reported numbers);</li>
 *   <li>{@code traces/<optimizer>.csv}: every evaluation of every run;</li>
 *   <li>{@code best_vs_time.png}, {@code best_vs_evals.png}: best objective so far (mean over runs, band ±1 std);</li>
 *   <li>{@code incumbent_vs_time.png}, {@code incumbent_vs_evals.png}: the final-epoch test number (validation
 *       when there is none) of the best-so-far architecture on the search task.</li>
 * </ul>
 */
public final class BenchReport {
  private final BenchRunner.Config config;
  private final List<String> optimizers;
  private final List<List<RunTrace>> traces;
  private final List<String> columns;

  public BenchReport(BenchRunner.Config config, List<String> optimizers, List<List<RunTrace>> traces) {
    if (optimizers.size() != traces.size()) {
      throw new IllegalArgumentException(optimizers.size() + " optimizers but " + traces.size() + " trace lists");
    }
    this.config = config;
    this.optimizers = List.copyOf(optimizers);
    this.traces = List.copyOf(traces);
    this.columns = config.benchmark().reportColumns();
  }

  /** The reported columns, e.g. {@code cifar100_test200}. */
  public List<String> columns() {
    return columns;
  }

  public List<String> optimizers() {
    return optimizers;
  }

  /** The runs of one optimizer (by its position in {@link #optimizers()}). */
  public List<RunTrace> runs(int optimizer) {
    return traces.get(optimizer);
  }

  /** Statistics of one reported column for one optimizer. */
  public Stats stats(int optimizer, int column) {
    return Stats.of(traces.get(optimizer).stream().mapToDouble(t -> t.report()[column]).toArray());
  }

  /** Statistics of one reported column for an optimizer by name. */
  public Stats stats(String optimizer, String column) {
    int o = optimizers.indexOf(optimizer);
    int c = columns.indexOf(column);
    if (o < 0 || c < 0) {
      throw new IllegalArgumentException("no " + optimizer + " / " + column + " in this report");
    }
    return stats(o, c);
  }

  /** Statistics of the number of evaluations per run. */
  public Stats evaluations(int optimizer) {
    return Stats.of(traces.get(optimizer).stream().mapToDouble(t -> t.steps().size()).toArray());
  }

  /** Statistics of the best objective each run observed. */
  public Stats bestObjective(int optimizer) {
    return Stats.of(traces.get(optimizer).stream().mapToDouble(RunTrace::bestObjective).toArray());
  }

  private String objectiveColumn() {
    return TabularBenchmark.validColumn(config.task(), config.fidelity());
  }

  /** One line saying what was run. */
  public String caption() {
    int runs = config.runs();
    return String.format(Locale.ROOT,
        "Search on %s of %s, optimizers see %s, budget %s, %d runs each (bench seed %d%s). "
            + "Chosen architecture = best %s observed; numbers are its mean ± std over runs.",
        config.task(), config.benchmark().name(), objectiveColumn(), config.budget(), runs, config.seed(),
        config.sources().isEmpty() ? "" : ", sources " + String.join(",",
            config.sources().stream().map(s -> s.task()).toList()),
        objectiveColumn());
  }

  /** The Table-5 style Markdown table (with an "optimal" row: each column's best value in the table). */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(caption()).append("\n\n");
    sb.append("| method |");
    for (String c : columns) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append(" evals |\n|---|");
    sb.append("---|".repeat(columns.size() + 1)).append('\n');
    for (int o = 0; o < optimizers.size(); o++) {
      sb.append("| ").append(optimizers.get(o)).append(" |");
      for (int c = 0; c < columns.size(); c++) {
        Stats s = stats(o, c);
        sb.append(String.format(Locale.ROOT, " %.2f±%.2f |", s.mean(), s.std()));
      }
      sb.append(String.format(Locale.ROOT, " %.1f |\n", evaluations(o).mean()));
    }
    sb.append("| optimal |");
    for (String c : columns) {
      double best = Arrays.stream(config.benchmark().column(c)).filter(x -> !Double.isNaN(x)).max().orElse(Double.NaN);
      sb.append(String.format(Locale.ROOT, " %.2f |", best));
    }
    sb.append(" |\n");
    return sb.toString();
  }

  /** summary.json: {"optimizers": [{"optimizer", "runs", "metrics": {column: {mean, std, median}}}], ...}. */
  public String json() {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"benchmark\": ").append(str(config.benchmark().name())).append(",\n");
    sb.append("  \"task\": ").append(str(config.task())).append(",\n");
    sb.append("  \"fidelity\": ").append(config.fidelity()).append(",\n");
    sb.append("  \"objective\": ").append(str(objectiveColumn())).append(",\n");
    sb.append("  \"budget\": {\"evaluations\": ").append(config.budget().evaluations()).append(", \"seconds\": ")
        .append(num(config.budget().seconds())).append("},\n");
    sb.append("  \"seed\": ").append(config.seed()).append(",\n");
    sb.append("  \"sources\": [");
    for (int i = 0; i < config.sources().size(); i++) {
      sb.append(i > 0 ? ", " : "").append(str(config.sources().get(i).task()));
    }
    sb.append("],\n  \"optimizers\": [\n");
    for (int o = 0; o < optimizers.size(); o++) {
      sb.append("    {\"optimizer\": ").append(str(optimizers.get(o)))
          .append(", \"runs\": ").append(traces.get(o).size())
          .append(", \"evaluations\": ").append(statsJson(evaluations(o)))
          .append(", \"best_objective\": ").append(statsJson(bestObjective(o)))
          .append(", \"metrics\": {");
      for (int c = 0; c < columns.size(); c++) {
        sb.append(c > 0 ? ", " : "").append(str(columns.get(c))).append(": ").append(statsJson(stats(o, c)));
      }
      sb.append("}}").append(o + 1 < optimizers.size() ? "," : "").append('\n');
    }
    sb.append("  ]\n}\n");
    return sb.toString();
  }

  private static String statsJson(Stats s) {
    return "{\"mean\": " + num(s.mean()) + ", \"std\": " + num(s.std()) + ", \"median\": " + num(s.median()) + "}";
  }

  private static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
  }

  private static String str(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  /** Writes every file into {@code dir} (created if needed). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.json"), json(), StandardCharsets.UTF_8);
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("runs.csv"), StandardCharsets.UTF_8)) {
      w.write("optimizer,run,seed,evaluations,elapsed_s,best_objective,chosen");
      for (String c : columns) {
        w.write("," + c);
      }
      w.newLine();
      for (List<RunTrace> runs : traces) {
        for (RunTrace t : runs) {
          w.write(t.optimizer() + "," + t.run() + "," + t.seed() + "," + t.steps().size() + ","
              + num(t.elapsedSeconds()) + "," + cell(t.bestObjective()) + "," + (t.chosen() == null ? "" : t.chosen()));
          for (double v : t.report()) {
            w.write("," + cell(v));
          }
          w.newLine();
        }
      }
    }
    for (int o = 0; o < optimizers.size(); o++) {
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("traces").resolve(optimizers.get(o) + ".csv"),
          StandardCharsets.UTF_8)) {
        w.write("optimizer,run,seed,evaluation,architecture,objective,cost_s,elapsed_s,best_objective,best_architecture");
        w.newLine();
        for (RunTrace t : traces.get(o)) {
          for (RunTrace.Step s : t.steps()) {
            w.write(t.optimizer() + "," + t.run() + "," + t.seed() + "," + s.evaluation() + "," + s.architecture() + ","
                + cell(s.objective()) + "," + num(s.costSeconds()) + "," + num(s.elapsedSeconds()) + ","
                + cell(s.best()) + "," + (s.bestArchitecture() == null ? "" : s.bestArchitecture()));
            w.newLine();
          }
        }
      }
    }
    String y = "best " + objectiveColumn() + " so far (mean, band ±1 std over runs)";
    String title = config.benchmark().name() + " " + config.task() + ": best found";
    ToDoubleFunction<RunTrace.Step> observed = RunTrace.Step::best;
    plots(dir, "best", title, y, observed);
    // the same runs judged by what the paper reports: the best-so-far architecture's final-epoch number
    String finalColumn = incumbentColumn();
    Map<String, Double> cache = new HashMap<>();
    ToDoubleFunction<RunTrace.Step> incumbent = st -> st.bestArchitecture() == null ? Double.NaN
        : cache.computeIfAbsent(st.bestArchitecture(),
            a -> config.benchmark().value(config.benchmark().space().parse(a), finalColumn));
    plots(dir, "incumbent", config.benchmark().name() + " " + config.task() + ": " + finalColumn
        + " of the best found so far", finalColumn + " of the incumbent (mean, band ±1 std over runs)", incumbent);
  }

  /** The search task's final-epoch test column, or its validation column when there is no test column. */
  String incumbentColumn() {
    int e = config.benchmark().finalEpochs(config.task());
    String test = config.task() + "_test" + e;
    return config.benchmark().hasColumn(test) ? test : TabularBenchmark.validColumn(config.task(), e);
  }

  private void plots(Path dir, String prefix, String title, String y, ToDoubleFunction<RunTrace.Step> value)
      throws IOException {
    List<LinePlot.Series> byEvals = curvesByEvaluations(value);
    LinePlot.write(dir.resolve(prefix + "_vs_evals.png"), title + " vs evaluations", "evaluations", y, byEvals,
        afterStart(byEvals, false), afterStart(byEvals, true));
    if (config.benchmark().hasCost(config.task())) {
      List<LinePlot.Series> byTime = curvesByTime(value);
      LinePlot.write(dir.resolve(prefix + "_vs_time.png"), title + " vs simulated time", "simulated training seconds",
          y, byTime, afterStart(byTime, false), afterStart(byTime, true));
    }
  }

  /**
   * The y range is that of the bands after the first tenth of the x range, so the end (where optimizers
   * differ) is readable and the wide early bands are clipped.
   */
  private static double afterStart(List<LinePlot.Series> series, boolean high) {
    double out = high ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (LinePlot.Series s : series) {
      for (int i = s.x().length / 10; i < s.x().length; i++) {
        double v = high ? s.upper()[i] : s.lower()[i];
        if (!Double.isNaN(v)) {
          out = high ? Math.max(out, v) : Math.min(out, v);
        }
      }
    }
    return Double.isInfinite(out) ? Double.NaN : out;
  }

  private static String cell(double v) {
    return Double.isNaN(v) ? "" : num(v);
  }

  /** Best-so-far after k evaluations (a run that stopped earlier keeps its last best). */
  List<LinePlot.Series> curvesByEvaluations(ToDoubleFunction<RunTrace.Step> value) {
    int max = traces.stream().flatMap(List::stream).mapToInt(t -> t.steps().size()).max().orElse(0);
    double[] x = new double[max];
    for (int k = 0; k < max; k++) {
      x[k] = k + 1;
    }
    List<LinePlot.Series> out = new ArrayList<>();
    for (int o = 0; o < optimizers.size(); o++) {
      double[][] perRun = new double[traces.get(o).size()][];
      for (int r = 0; r < perRun.length; r++) {
        List<RunTrace.Step> steps = traces.get(o).get(r).steps();
        perRun[r] = new double[max];
        for (int k = 0; k < max; k++) {
          perRun[r][k] = steps.isEmpty() ? Double.NaN
              : value.applyAsDouble(steps.get(Math.min(k, steps.size() - 1)));
        }
      }
      out.add(series(optimizers.get(o), x, perRun));
    }
    return out;
  }

  /** Best-so-far at simulated times on a grid of 200 points up to the budget (or the longest run). */
  List<LinePlot.Series> curvesByTime(ToDoubleFunction<RunTrace.Step> value) {
    double end = config.budget().hasSeconds() ? config.budget().seconds()
        : traces.stream().flatMap(List::stream).mapToDouble(RunTrace::elapsedSeconds).max().orElse(1);
    int n = 200;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = end * (i + 1) / n;
    }
    List<LinePlot.Series> out = new ArrayList<>();
    for (int o = 0; o < optimizers.size(); o++) {
      double[][] perRun = new double[traces.get(o).size()][n];
      for (int r = 0; r < perRun.length; r++) {
        List<RunTrace.Step> steps = traces.get(o).get(r).steps();
        int k = -1;
        for (int i = 0; i < n; i++) {
          while (k + 1 < steps.size() && steps.get(k + 1).elapsedSeconds() <= x[i]) {
            k++;
          }
          perRun[r][i] = k < 0 ? Double.NaN : value.applyAsDouble(steps.get(k));
        }
      }
      out.add(series(optimizers.get(o), x, perRun));
    }
    return out;
  }

  private static LinePlot.Series series(String name, double[] x, double[][] perRun) {
    int n = x.length;
    double[] mean = new double[n];
    double[] lo = new double[n];
    double[] hi = new double[n];
    for (int i = 0; i < n; i++) {
      double[] col = new double[perRun.length];
      for (int r = 0; r < perRun.length; r++) {
        col[r] = perRun[r][i];
      }
      Stats s = Stats.of(col);
      // a point needs at least half the runs, so early times are not the mean of a few lucky runs
      boolean enough = s.n() * 2 >= perRun.length && s.n() > 0;
      mean[i] = enough ? s.mean() : Double.NaN;
      lo[i] = enough ? s.mean() - s.std() : Double.NaN;
      hi[i] = enough ? s.mean() + s.std() : Double.NaN;
    }
    return new LinePlot.Series(name, x, mean, lo, hi);
  }
}
