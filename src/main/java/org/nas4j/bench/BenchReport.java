package org.nas4j.bench;

import org.nas4j.optimizers.Optimizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.nas4j.evaluate.Budget;
import org.nas4j.util.Format;
import org.nas4j.report.LinePlot;
import org.nas4j.util.Json;
import org.nas4j.util.Stats;

/**
 * What a bench produced: every run of every optimizer, summarised as in NAS-Bench-201's Table 5 (mean ± std
 * over runs of the chosen architecture's final-epoch numbers on every task), and written as files:
 * <ul>
 *   <li>{@code summary.md}: the table; {@code summary.json}: the same numbers with medians;</li>
 *   <li>{@code runs.csv}: one row per run (chosen architecture and its reported numbers);</li>
 *   <li>{@code traces/<optimizer>.csv}: every evaluation of every run;</li>
 *   <li>{@code best_vs_time.png}, {@code best_vs_evals.png}: best objective so far (mean over runs, band ±1 std);</li>
 *   <li>{@code incumbent_vs_time.png}, {@code incumbent_vs_evals.png}: the final-epoch test number (validation
 *       when there is none) of the best-so-far architecture on the search task;</li>
 *   <li>{@code regret_vs_evals.png}: the same as normalised regret, band ±1 standard error over runs.</li>
 * </ul>
 */
public final class BenchReport {
  /** The CSV files: fields quoted only when they need it; lines end as {@code BufferedWriter.newLine} ended them. */
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator(System.lineSeparator()).get();
  private final BenchRunner.Config config;
  private final List<String> optimizers;
  private final List<List<RunTrace>> traces;
  private final List<String> columns;
  private final List<Integer> checkpoints;
  private final Regret regret;

  /** A report on each run's final choice. */
  public BenchReport(BenchRunner.Config config, List<String> optimizers, List<List<RunTrace>> traces) {
    this(config, optimizers, traces, List.of());
  }

  /**
   * @param checkpoints evaluation counts at which regret is also reported (each run's choice among its first k
   *     evaluations); empty for the final choice only
   */
  public BenchReport(BenchRunner.Config config, List<String> optimizers, List<List<RunTrace>> traces,
      List<Integer> checkpoints) {
    if (optimizers.size() != traces.size()) {
      throw new IllegalArgumentException(optimizers.size() + " optimizers but " + traces.size() + " trace lists");
    }
    requireCheckpoints(checkpoints);
    this.config = config;
    this.optimizers = List.copyOf(optimizers);
    this.traces = List.copyOf(traces);
    this.columns = config.benchmark().reportColumns();
    this.checkpoints = checkpoints.stream().distinct().sorted().toList();
    this.regret = new Regret(config.benchmark(), incumbentColumn());
  }

  /** Fails with a one-line message unless every checkpoint is at least 1 (call it before the runs). */
  public static void requireCheckpoints(List<Integer> checkpoints) {
    for (int k : checkpoints) {
      if (k < 1) {
        throw new org.nas4j.InputException("--report-at needs evaluation counts of at least 1, got " + k);
      }
    }
  }

  /** The evaluation counts regret is reported at; empty means each run's final choice. */
  public List<Integer> checkpoints() {
    return checkpoints;
  }

  /**
   * Each run's normalised regret after {@code k} evaluations (its last when it made fewer; {@code k <= 0}: its
   * final choice), in run order: NaN for a run that had found nothing by then.
   */
  public double[] regrets(int optimizer, int k) {
    return traces.get(optimizer).stream().mapToDouble(t -> regret.of(t, k)).toArray();
  }

  /** Regret statistics of one optimizer after {@code k} evaluations ({@code k <= 0}: final choice). */
  public Stats regretStats(int optimizer, int k) {
    return Stats.of(regrets(optimizer, k));
  }

  /**
   * Transfer against its base, paired by run (run r of both used the same seed): the differences
   * {@code regret(optimizer) - regret(base)} after {@code k} evaluations, over runs where both found something.
   */
  public Paired paired(int optimizer, int base, int k) {
    return Paired.of(regrets(optimizer, k), regrets(base, k));
  }

  /** Pairs (transfer optimizer, its base) that are both in this report, by position. */
  public List<int[]> transferPairs() {
    List<int[]> out = new ArrayList<>();
    for (int o = 0; o < optimizers.size(); o++) {
      String base = org.nas4j.optimizers.Optimizers.baseOf(optimizers.get(o));
      int b = base == null ? -1 : optimizers.indexOf(base);
      if (b >= 0) {
        out.add(new int[] {o, b});
      }
    }
    return out;
  }

  /** The column regret is measured on, with its best and worst value in the table. */
  public Regret regret() {
    return regret;
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
        "Search on %s of %s, optimizers see %s, budget %s, %s runs each (bench seed %d%s). "
            + "Chosen architecture = best %s observed; numbers are its mean ± std over runs.",
        config.task(), config.benchmark().name(), objectiveColumn(), describe(config.budget()), Format.count(runs),
        config.seed(),
        config.sources().isEmpty() ? "" : ", sources " + sourceNames(),
        objectiveColumn());
  }

  /**
   * The Table-5 style Markdown table (with an "optimal" row: each column's best value in the table), then the
   * normalised regret per optimizer and, for every transfer optimizer whose base also ran, the paired
   * difference to its base. Values are printed with decimals fitted to each column's range in the table.
   */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(caption()).append("\n\n");
    sb.append("| method |");
    for (String c : columns) {
      sb.append(' ').append(c).append(" |");
    }
    sb.append(" evals |\n|---|");
    sb.append("---|".repeat(columns.size() + 1)).append('\n');
    int[] decimals = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      Regret r = new Regret(config.benchmark(), columns.get(c));
      decimals[c] = Format.decimalsForRange(r.best() - r.worst());
    }
    for (int o = 0; o < optimizers.size(); o++) {
      sb.append("| ").append(optimizers.get(o)).append(" |");
      for (int c = 0; c < columns.size(); c++) {
        Stats s = stats(o, c);
        sb.append(' ').append(Format.plusMinus(s.mean(), s.std(), decimals[c])).append(" |");
      }
      sb.append(' ').append(Format.fixed(evaluations(o).mean(), 1)).append(" |\n");
    }
    sb.append("| optimal |");
    for (int c = 0; c < columns.size(); c++) {
      sb.append(' ').append(Format.fixed(new Regret(config.benchmark(), columns.get(c)).best(), decimals[c])).append(" |");
    }
    sb.append(" |\n");
    for (int o = 0; o < optimizers.size(); o++) {
      long none = traces.get(o).stream().filter(t -> t.chosen() == null).count();
      if (none == traces.get(o).size()) {
        sb.append(String.format(Locale.ROOT, "%n%s: all %s runs found nothing (every evaluation failed), so it has no"
            + " numbers.%n", optimizers.get(o), Format.count(none)));
      } else if (none > 0) {
        sb.append(String.format(Locale.ROOT, "%n%s: %s of %s runs found nothing (every evaluation failed); its numbers"
            + " are over the other %s.%n", optimizers.get(o), Format.count(none), Format.count(traces.get(o).size()),
            Format.count(traces.get(o).size() - none)));
      }
    }
    List<Integer> at = checkpoints.isEmpty() ? List.of(0) : checkpoints;
    sb.append("\nNormalised regret of the chosen architecture on ").append(regret.column())
        .append(": (best - value) / (best - worst) over the table (best ")
        .append(Format.fixed(regret.best(), Format.decimalsForRange(regret.best() - regret.worst()))).append(", worst ")
        .append(Format.fixed(regret.worst(), Format.decimalsForRange(regret.best() - regret.worst())))
        .append("), mean ± standard error over runs; 0 is the table's best.\n\n| method |");
    for (int k : at) {
      sb.append(' ').append(label(k)).append(" |");
    }
    sb.append("\n|---|").append("---|".repeat(at.size())).append('\n');
    for (int o = 0; o < optimizers.size(); o++) {
      sb.append("| ").append(optimizers.get(o)).append(" |");
      for (int k : at) {
        Stats s = regretStats(o, k);
        double se = s.n() > 1 ? s.std() / Math.sqrt(s.n()) : 0;
        sb.append(' ').append(Format.plusMinus(s.mean(), se, Format.decimalsForSpread(se, 4))).append(" |");
      }
      sb.append('\n');
    }
    sb.append(regretCounts(at));
    List<int[]> pairs = transferPairs();
    if (!pairs.isEmpty()) {
      sb.append("\nTransfer against its base, paired by run seed: difference of regret (transfer - base), mean ±"
          + " standard error, and t = mean / se. Negative is better with transfer; t >= 2 is worse beyond noise."
          + "\n\n| transfer | base |");
      for (int k : at) {
        sb.append(' ').append(label(k)).append(" |");
      }
      sb.append("\n|---|---|").append("---|".repeat(at.size())).append('\n');
      for (int[] p : pairs) {
        sb.append("| ").append(optimizers.get(p[0])).append(" | ").append(optimizers.get(p[1])).append(" |");
        for (int k : at) {
          Paired d = paired(p[0], p[1], k);
          int dec = Format.decimalsForSpread(d.se(), 4);
          sb.append(' ').append(Format.signed(d.mean(), dec)).append("±").append(Format.fixed(d.se(), dec))
              .append(" (t = ").append(Format.fixed(d.t(), 1)).append(") |");
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * For each optimizer with runs left out of its regret (they had found nothing by a checkpoint, or the table has
   * no regret value for their choice): over how many runs each regret is.
   */
  private String regretCounts(List<Integer> at) {
    StringBuilder sb = new StringBuilder();
    for (int o = 0; o < optimizers.size(); o++) {
      int runs = traces.get(o).size();
      List<String> counts = new ArrayList<>();
      boolean fewer = false;
      for (int k : at) {
        int n = regretStats(o, k).n();
        fewer |= n < runs;
        counts.add(Format.count(n) + " of " + Format.count(runs) + " " + label(k));
      }
      if (fewer) {
        sb.append('\n').append(optimizers.get(o)).append(": regret is over the runs with a choice (and its ")
            .append(regret.column()).append(" value) by then: ").append(String.join(", ", counts)).append(".\n");
      }
    }
    return sb.toString();
  }

  private static String label(int k) {
    return k <= 0 ? "final" : "@" + Format.count(k) + " evals";
  }

  /**
   * summary.json: benchmark, task, budget, the Table-5 statistics of every optimizer ({@code metrics}: column to
   * mean, std, median), its regret at each checkpoint ({@code regret}: "final" or the evaluation count to mean,
   * se, n) and, for transfer optimizers whose base ran too, the paired differences ({@code transfer}).
   */
  public String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("benchmark", config.benchmark().name());
    root.put("task", config.task());
    root.put("fidelity", config.fidelity());
    root.put("objective", objectiveColumn());
    root.put("budget", object("evaluations", config.budget().evaluations(), "seconds", config.budget().seconds()));
    root.put("seed", config.seed());
    root.put("sources", config.sources().stream().map(s -> s.task()).toList());
    root.put("regret_column", object("column", regret.column(), "best", regret.best(), "worst", regret.worst()));
    List<Integer> at = checkpoints.isEmpty() ? List.of(0) : checkpoints;
    List<Object> opts = new ArrayList<>();
    for (int o = 0; o < optimizers.size(); o++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("optimizer", optimizers.get(o));
      m.put("runs", traces.get(o).size());
      m.put("runs_that_found_nothing", traces.get(o).stream().filter(t -> t.chosen() == null).count());
      m.put("evaluations", statsJson(evaluations(o)));
      m.put("best_objective", statsJson(bestObjective(o)));
      Map<String, Object> metrics = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        metrics.put(columns.get(c), statsJson(stats(o, c)));
      }
      m.put("metrics", metrics);
      Map<String, Object> reg = new LinkedHashMap<>();
      for (int k : at) {
        Stats s = regretStats(o, k);
        reg.put(k <= 0 ? "final" : Integer.toString(k), object("mean", s.mean(), "se",
            s.n() > 1 ? s.std() / Math.sqrt(s.n()) : Double.NaN, "n", s.n()));
      }
      m.put("regret", reg);
      opts.add(m);
    }
    root.put("optimizers", opts);
    List<Object> transfer = new ArrayList<>();
    for (int[] p : transferPairs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("optimizer", optimizers.get(p[0]));
      m.put("base", optimizers.get(p[1]));
      Map<String, Object> diffs = new LinkedHashMap<>();
      for (int k : at) {
        Paired d = paired(p[0], p[1], k);
        diffs.put(k <= 0 ? "final" : Integer.toString(k), object("regret_difference", d.mean(), "se", d.se(),
            "t", d.t(), "n", d.n()));
      }
      m.put("regret_difference", diffs);
      transfer.add(m);
    }
    root.put("transfer", transfer);
    return Json.write(root);
  }

  private static String describe(Budget b) {
    return (b.hasEvaluations() ? Format.count(b.evaluations()) + " evaluations" : "")
        + (b.hasEvaluations() && b.hasSeconds() ? " or " : "")
        + (b.hasSeconds() ? Format.seconds(b.seconds()) + " simulated seconds" : "");
  }

  private static Map<String, Object> statsJson(Stats s) {
    return object("mean", s.mean(), "std", s.std(), "median", s.median());
  }

  /** A JSON object with its keys in the order given (so summary.json is the same file on every run). */
  private static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** A CSV number: exact and ungrouped, for programs (what people read goes through {@link Format}). */
  private static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "null";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v); // the shortest text that reads back as the same double
  }

  /** Writes every file into {@code dir} (created if needed). */
  public void write(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("summary.md"), markdown(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.json"), json(), StandardCharsets.UTF_8);
    try (CSVPrinter w = CSV.print(dir.resolve("runs.csv"), StandardCharsets.UTF_8)) {
      List<String> header = new ArrayList<>(List.of("optimizer", "run", "seed", "evaluations", "elapsed_s",
          "best_objective", "chosen"));
      header.addAll(columns);
      w.printRecord(header);
      for (List<RunTrace> runs : traces) {
        for (RunTrace t : runs) {
          List<Object> row = new ArrayList<>(List.of(t.optimizer(), t.run(), t.seed(), t.steps().size(),
              num(t.elapsedSeconds()), cell(t.bestObjective()), t.chosen() == null ? "" : t.chosen()));
          for (double v : t.report()) {
            row.add(cell(v));
          }
          w.printRecord(row);
        }
      }
    }
    for (int o = 0; o < optimizers.size(); o++) {
      try (CSVPrinter w = CSV.print(dir.resolve("traces").resolve(optimizers.get(o) + ".csv"), StandardCharsets.UTF_8)) {
        w.printRecord("optimizer", "run", "seed", "evaluation", "architecture", "objective", "cost_s", "elapsed_s",
            "best_objective", "best_architecture");
        for (RunTrace t : traces.get(o)) {
          for (RunTrace.Step s : t.steps()) {
            w.printRecord(t.optimizer(), t.run(), t.seed(), s.evaluation(), s.architecture(), cell(s.objective()),
                num(s.costSeconds()), num(s.elapsedSeconds()), cell(s.best()),
                s.bestArchitecture() == null ? "" : s.bestArchitecture());
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
    // what transfer is judged by: regret, with the standard error of its mean (the spread the t tests use)
    List<LinePlot.Series> regrets = curvesByEvaluations(
        st -> st.bestArchitecture() == null ? Double.NaN : regret.of(st.bestArchitecture()), true);
    LinePlot.write(dir.resolve("regret_vs_evals.png"), config.benchmark().name() + " " + config.task()
        + ": normalised regret of the best found so far, sources " + sourceNames(), "evaluations",
        "regret on " + regret.column() + " (mean, band ±1 s.e. over runs)", regrets, 0, afterStart(regrets, true));
  }

  private String sourceNames() {
    return config.sources().isEmpty() ? "none" : String.join(",", config.sources().stream().map(s -> s.task()).toList());
  }

  /** The search task's final-epoch test column, or its validation column when there is no test column. */
  String incumbentColumn() {
    int e = config.benchmark().finalEpochs(config.task());
    String test = TabularBenchmark.column(config.task(), "test", e);
    return config.benchmark().hasColumn(test) ? test : TabularBenchmark.validColumn(config.task(), e);
  }

  private void plots(Path dir, String prefix, String title, String y, ToDoubleFunction<RunTrace.Step> value)
      throws IOException {
    List<LinePlot.Series> byEvals = curvesByEvaluations(value, false);
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

  /**
   * Best-so-far after k evaluations (a run that stopped earlier keeps its last best), band ±1 std over runs,
   * or ±1 standard error of the mean when {@code standardError}.
   */
  List<LinePlot.Series> curvesByEvaluations(ToDoubleFunction<RunTrace.Step> value, boolean standardError) {
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
      out.add(series(optimizers.get(o), x, perRun, standardError));
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
      out.add(series(optimizers.get(o), x, perRun, false));
    }
    return out;
  }

  private static LinePlot.Series series(String name, double[] x, double[][] perRun, boolean standardError) {
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
      double band = standardError ? s.std() / Math.sqrt(s.n()) : s.std();
      mean[i] = enough ? s.mean() : Double.NaN;
      lo[i] = enough ? s.mean() - band : Double.NaN;
      hi[i] = enough ? s.mean() + band : Double.NaN;
    }
    return new LinePlot.Series(name, x, mean, lo, hi);
  }
}
