package org.nas4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.nas4j.InputException;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/**
 * A tabular benchmark: every architecture of a cell space with its metrics on one or more tasks, read from a
 * CSV file (format in {@code docs/benchmarks.md}).
 *
 * <p>Columns: {@code arch_str} (NAS-Bench-201 string form, required); metric columns
 * {@code <task>_<split><epochs>} such as {@code cifar10_valid12} or {@code cifar100_test200}; optional cost
 * columns {@code <task>_time<epochs>} (seconds to train that many epochs); optional {@code <task>_params}
 * (parameter count). A task with one final result only may drop the epoch count ({@code jigsaw_valid},
 * optionally {@code jigsaw_test} and {@code jigsaw_time}): its one fidelity is {@link #FINAL}. A task is any
 * prefix that has a {@code <task>_valid<epochs>} or {@code <task>_valid} column. Other columns are ignored.
 * Empty cells and {@code nan} are missing values. Fields may be double-quoted (RFC 4180). The file may be
 * gzip-compressed.
 *
 * <p>NAS-Bench-201 (Dong &amp; Yang, ICLR 2020) ships inside nas4j as {@link #nb201()}: tasks
 * {@code cifar10}, {@code cifar100}, {@code imagenet16}, fidelities 12 and 200 epochs.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class TabularBenchmark {
  /** The column every benchmark CSV needs. */
  public static final String ARCH_COLUMN = "arch_str";

  private static final Pattern METRIC = Pattern.compile("(.+)_([a-z]+)(\\d+)");
  /** A final-only column without an epoch count, e.g. {@code jigsaw_valid}: fidelity {@value #FINAL}. */
  private static final Pattern FINAL_METRIC = Pattern.compile("(.+)_(valid|test|time)");
  /** The fidelity of columns without an epoch count: the task's one and final result. */
  public static final int FINAL = 0;
  private static final Pattern PARAMS = Pattern.compile("(.+)_params");
  private static final Pattern EDGE = Pattern.compile("([^|~+]+)~\\d+");
  /** Without --ops, an op on fewer than 1/RARE_OP_RATIO of the rows of the commonest op is taken for a typo. */
  private static final int RARE_OP_RATIO = 10;
  private static final String NB201_RESOURCE = "nb201.csv.gz";
  private static volatile TabularBenchmark nb201;

  private final String name;
  private final CellSpace space;
  private final List<Architecture> architectures;
  private final Map<Architecture, Integer> rowOf;
  private final Map<String, double[]> columns;
  private final List<String> tasks;
  // derived from the column names once, since evaluations ask for them on every look-up
  private final Map<String, List<Integer>> fidelities = new HashMap<>();
  private final Map<String, List<String>> metricColumns = new HashMap<>();
  private final Map<String, TreeSet<Integer>> timeColumns = new HashMap<>();

  private TabularBenchmark(String name, CellSpace space, List<Architecture> architectures,
      Map<String, double[]> columns, List<String> tasks) {
    this.name = name;
    this.space = space;
    this.architectures = List.copyOf(architectures);
    Map<Architecture, Integer> rows = new HashMap<>();
    for (int i = 0; i < this.architectures.size(); i++) {
      rows.put(this.architectures.get(i), i);
    }
    this.rowOf = rows;
    this.columns = Collections.unmodifiableMap(columns);
    this.tasks = List.copyOf(tasks);
    for (String t : this.tasks) {
      TreeSet<Integer> valid = new TreeSet<>();
      TreeSet<Integer> times = new TreeSet<>();
      List<String> metrics = new ArrayList<>();
      for (String c : columns.keySet()) {
        Metric m = Metric.of(c);
        if (m != null && m.task().equals(t)) {
          int epochs = m.epochs();
          switch (m.split()) {
            case "time" -> times.add(epochs);
            case "valid" -> {
              valid.add(epochs);
              metrics.add(c);
            }
            default -> metrics.add(c);
          }
        }
      }
      fidelities.put(t, List.copyOf(valid));
      metricColumns.put(t, List.copyOf(metrics));
      timeColumns.put(t, times);
    }
  }

  /** NAS-Bench-201, bundled (loaded once and cached). */
  public static TabularBenchmark nb201() {
    TabularBenchmark b = nb201;
    if (b == null) {
      synchronized (TabularBenchmark.class) {
        b = nb201;
        if (b == null) {
          try (InputStream in = TabularBenchmark.class.getResourceAsStream(NB201_RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("resource " + NB201_RESOURCE + " missing from the nas4j jar");
            }
            b = read("nb201", new GZIPInputStream(in), CellSpace.NB201.ops());
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          nb201 = b;
        }
      }
    }
    return b;
  }

  /**
   * A benchmark by the command line's name: {@code nb201}, or {@code csv:PATH} for a user's file.
   *
   * @param ops the op set, or null to read it from the architecture strings
   */
  public static TabularBenchmark load(String spec, List<String> ops) {
    if (spec == null || spec.isBlank()) {
      throw new InputException("no benchmark given: use --benchmark nb201 or --benchmark csv:PATH");
    }
    if (spec.equals("nb201")) {
      if (ops != null && !ops.equals(CellSpace.NB201_OPS)) {
        throw new InputException("nb201 has ops " + CellSpace.NB201_OPS + ": drop --ops or give them in that order");
      }
      return nb201();
    }
    if (spec.startsWith("csv:")) {
      return readFile(Path.of(spec.substring(4)), ops);
    }
    throw new InputException("unknown benchmark '" + spec + "': use nb201 or csv:PATH (a CSV in the format of docs/benchmarks.md)");
  }

  /** Reads a benchmark CSV (plain or .gz) from a file. */
  public static TabularBenchmark readFile(Path file, List<String> ops) {
    if (!Files.isRegularFile(file)) {
      throw new InputException("benchmark file " + file + " does not exist: give an existing CSV path after csv:");
    }
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return read(file.toString(), in, ops);
    } catch (IOException e) {
      throw new InputException("cannot read benchmark file " + file + ": " + e.getMessage()
          + " (is it a readable CSV, gzip only if it ends in .gz?)", e);
    }
  }

  /**
   * Reads a benchmark CSV.
   *
   * @param name the benchmark's name, used in messages (a file path for user files)
   * @param ops the op set, or null to read it from the architecture strings (NAS-Bench-201's ops keep its order)
   */
  public static TabularBenchmark read(String name, InputStream in, List<String> ops) throws IOException {
    Rows csv = new Rows(name, in);
    List<String> header = csv.next();
    if (header == null) {
      throw new InputException("benchmark " + name + " is empty: it needs a header line with " + ARCH_COLUMN
          + " and <task>_valid<epochs> columns");
    }
    int archCol = header.indexOf(ARCH_COLUMN);
    if (archCol < 0) {
      throw new InputException("benchmark " + name + " has no " + ARCH_COLUMN + " column (header: "
          + String.join(",", header) + "): add one with NAS-Bench-201 strings like |nor_conv_3x3~0|+|...|");
    }
    // which columns are numeric, and the tasks they belong to
    Set<String> taskSet = new LinkedHashSet<>();
    Map<String, Boolean> finalOnly = new HashMap<>();
    for (String h : header) {
      Metric m = Metric.of(h);
      if (m != null && m.split().equals("valid")) {
        taskSet.add(m.task());
      }
      if (m != null && finalOnly.merge(m.task(), m.epochs() == FINAL, (x, y) -> x == y ? x : null) == null) {
        throw new InputException("benchmark " + name + " task " + m.task() + " has columns with and without an epoch"
            + " count (e.g. " + h + "): name them all <task>_<split><epochs>, or give one final <task>_valid only");
      }
    }
    if (taskSet.isEmpty()) {
      throw new InputException("benchmark " + name + " has no <task>_valid<epochs> or <task>_valid column (e.g."
          + " cifar10_valid12): the optimizer needs a validation metric per task");
    }
    List<Integer> numericCols = new ArrayList<>();
    for (int c = 0; c < header.size(); c++) {
      String task = taskOf(header.get(c));
      if (task != null && taskSet.contains(task)) {
        numericCols.add(c);
      }
    }
    Set<String> seenHeader = new java.util.HashSet<>();
    for (int c : numericCols) {
      if (!seenHeader.add(header.get(c))) {
        throw new InputException("benchmark " + name + " has column " + header.get(c) + " twice: rename or drop one");
      }
    }

    List<String> archStrings = new ArrayList<>();
    List<double[]> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    List<String> cells;
    while ((cells = csv.next()) != null) {
      int lineNo = csv.line();
      if (cells.size() != header.size()) {
        throw new InputException("benchmark " + name + " line " + lineNo + " has " + cells.size()
            + " fields, the header has " + header.size() + ": fix that line");
      }
      double[] vals = new double[numericCols.size()];
      for (int k = 0; k < vals.length; k++) {
        int c = numericCols.get(k);
        vals[k] = parseNumber(cells.get(c), name, lineNo, header.get(c));
      }
      archStrings.add(cells.get(archCol));
      rows.add(vals);
      lineNumbers.add(lineNo);
    }
    if (rows.isEmpty()) {
      throw new InputException("benchmark " + name + " has a header but no rows");
    }

    CellSpace space = ops != null ? spaceFor(name, ops) : spaceFor(name, readOps(name, archStrings, lineNumbers));
    List<Architecture> archs = new ArrayList<>(archStrings.size());
    Map<Architecture, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < archStrings.size(); i++) {
      Architecture a;
      try {
        a = space.parse(archStrings.get(i));
      } catch (InputException e) {
        throw new InputException("benchmark " + name + " line " + lineNumbers.get(i) + ": " + e.getMessage(), e);
      }
      Integer prev = firstLine.putIfAbsent(a, lineNumbers.get(i));
      if (prev != null) {
        throw new InputException("benchmark " + name + " line " + lineNumbers.get(i) + ": architecture " + a
            + " already appears on line " + prev + ": keep one row per architecture");
      }
      archs.add(a);
    }
    Map<String, double[]> cols = new LinkedHashMap<>();
    for (int k = 0; k < numericCols.size(); k++) {
      double[] col = new double[rows.size()];
      for (int i = 0; i < col.length; i++) {
        col[i] = rows.get(i)[k];
      }
      cols.put(header.get(numericCols.get(k)), col);
    }
    return new TabularBenchmark(name, space, archs, cols, new ArrayList<>(taskSet));
  }

  private static String taskOf(String column) {
    Metric m = Metric.of(column);
    if (m != null) {
      return m.task();
    }
    Matcher p = PARAMS.matcher(column);
    return p.matches() ? p.group(1) : null;
  }

  /** A metric column's parts: {@code cifar10_valid12} is (cifar10, valid, 12); {@code jigsaw_valid} is (jigsaw, valid, FINAL). */
  private record Metric(String task, String split, int epochs) {
    static Metric of(String column) {
      Matcher m = METRIC.matcher(column);
      if (m.matches()) {
        return new Metric(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
      }
      Matcher f = FINAL_METRIC.matcher(column);
      return f.matches() ? new Metric(f.group(1), f.group(2), FINAL) : null;
    }
  }

  /**
   * The op set of a table without {@code --ops}: every op its architectures use, each on many rows. An op on far
   * fewer rows than the commonest one ({@link #RARE_OP_RATIO}) is refused with its line: in a table of a space
   * every op turns up on a good share of the rows, so a rare one is a mistyped op, which would otherwise silently
   * make another space. A real op that is rare in a small table is accepted with {@code --ops}.
   */
  private static List<String> readOps(String name, List<String> archStrings, List<Integer> lineNumbers) {
    Map<String, Integer> rowsWith = new LinkedHashMap<>();
    Map<String, Integer> firstLine = new HashMap<>();
    for (int i = 0; i < archStrings.size(); i++) {
      Matcher m = EDGE.matcher(archStrings.get(i));
      Set<String> inRow = new LinkedHashSet<>();
      while (m.find()) {
        inRow.add(m.group(1));
      }
      if (inRow.isEmpty()) {
        throw new InputException("benchmark " + name + " line " + lineNumbers.get(i) + ": '" + archStrings.get(i)
            + "' is not an architecture in NAS-Bench-201 form like |op~0|+|op~0|op~1|+|op~0|op~1|op~2|");
      }
      for (String op : inRow) {
        rowsWith.merge(op, 1, Integer::sum);
        firstLine.putIfAbsent(op, lineNumbers.get(i));
      }
    }
    // NAS-Bench-201's ops keep its order, so its digit codes and its architectures stay the same
    List<String> ops = new ArrayList<>();
    for (String op : CellSpace.NB201_OPS) {
      if (rowsWith.containsKey(op)) {
        ops.add(op);
      }
    }
    for (String op : rowsWith.keySet()) {
      if (!ops.contains(op)) {
        ops.add(op);
      }
    }
    int most = Collections.max(rowsWith.values());
    int fewestCommon = rowsWith.values().stream().filter(n -> n * RARE_OP_RATIO >= most).min(Integer::compare)
        .orElse(most);
    for (Map.Entry<String, Integer> op : rowsWith.entrySet()) {
      if (op.getValue() * RARE_OP_RATIO < most) {
        throw new InputException("benchmark " + name + " line " + firstLine.get(op.getKey()) + ": unknown op '"
            + op.getKey() + "' (on " + op.getValue() + " line(s), every other op on " + fewestCommon + " or more): "
            + "correct it, or pass --ops " + String.join(",", ops) + " if the table really has this op");
      }
    }
    return ops;
  }

  private static CellSpace spaceFor(String name, List<String> ops) {
    if (ops.equals(CellSpace.NB201_OPS)) {
      return CellSpace.NB201;
    }
    String stem = Path.of(name).getFileName().toString().replaceFirst("\\.csv(\\.gz)?$", "");
    return new CellSpace(stem, ops);
  }

  private static double parseNumber(String cell, String name, int lineNo, String column) {
    String s = cell.strip();
    if (s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("na")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw new InputException("benchmark " + name + " line " + lineNo + " column " + column + ": '" + s
          + "' is not a number (leave the cell empty for a missing value)");
    }
  }

  /**
   * The records of a benchmark CSV (RFC 4180 read by Commons CSV: fields may be double-quoted, with commas,
   * doubled quotes or line breaks inside), each field stripped, blank lines skipped, and the line each record
   * starts on for messages.
   */
  private static final class Rows {
    // empty lines are records here (skipped below), so the lines consumed before a record give its first line;
    // spaces around a quoted field are allowed, as the hand-written reader before allowed them
    private static final CSVFormat FORMAT =
        CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).setIgnoreSurroundingSpaces(true).get();
    private final String name;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private int line;

    Rows(String name, InputStream in) throws IOException {
      this.name = name;
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      r.mark(1);
      if (r.read() != '\uFEFF') { // a byte-order mark, as spreadsheet programs write, is not part of the header
        r.reset();
      }
      this.parser = CSVParser.parse(r, FORMAT);
      this.records = parser.iterator();
    }

    /** The next non-blank record's fields, or null at the end. */
    List<String> next() {
      while (true) {
        line = Math.toIntExact(parser.getCurrentLineNumber() + 1);
        try {
          if (!records.hasNext()) {
            return null;
          }
          List<String> fields = records.next().stream().map(String::strip).toList();
          if (!fields.stream().allMatch(String::isEmpty)) {
            return fields;
          }
        } catch (UncheckedIOException e) {
          throw new InputException("benchmark " + name + " line " + line + " is not valid CSV ("
              + e.getCause().getMessage() + "): enclose a field in double quotes only as a whole,"
              + " and double any quote inside it", e);
        }
      }
    }

    /** The line the record last returned by {@link #next()} starts on (1-based). */
    int line() {
      return line;
    }
  }

  /** The benchmark's name ({@code nb201} or the file path). */
  public String name() {
    return name;
  }

  /** The cell space its architectures live in. */
  public CellSpace space() {
    return space;
  }

  /** Task names in the order of the file's columns. */
  public List<String> tasks() {
    return tasks;
  }

  /** Number of architectures in the table. */
  public int size() {
    return architectures.size();
  }

  /** Every architecture in the table, in file order. */
  public List<Architecture> architectures() {
    return architectures;
  }

  /** Whether the table has a row for this architecture. */
  public boolean contains(Architecture a) {
    return rowOf.containsKey(a);
  }

  /** Numeric column names, in file order. */
  public Set<String> columns() {
    return columns.keySet();
  }

  /** Whether a numeric column exists. */
  public boolean hasColumn(String column) {
    return columns.containsKey(column);
  }

  /** A column's value for an architecture, or NaN when the architecture or the value is missing. */
  public double value(Architecture a, String column) {
    double[] col = columns.get(column);
    if (col == null) {
      throw new IllegalArgumentException("benchmark " + name + " has no column " + column);
    }
    Integer row = rowOf.get(a);
    return row == null ? Double.NaN : col[row];
  }

  /** A column's values in row order (a copy). */
  public double[] column(String column) {
    double[] col = columns.get(column);
    if (col == null) {
      throw new IllegalArgumentException("benchmark " + name + " has no column " + column);
    }
    return col.clone();
  }

  /** Fails with a one-line message when the task is not in this benchmark. */
  public void requireTask(String task) {
    if (!tasks.contains(task)) {
      throw new InputException("unknown task '" + task + "': benchmark " + name + " has tasks " + String.join(", ", tasks));
    }
  }

  /** The epochs at which a task has a validation metric, ascending. */
  public List<Integer> fidelities(String task) {
    requireTask(task);
    return fidelities.get(task);
  }

  /** The longest schedule with a validation metric: the numbers results are reported with. */
  public int finalEpochs(String task) {
    List<Integer> f = fidelities(task);
    return f.get(f.size() - 1);
  }

  /** Fails with a one-line message when the task has no validation metric at that fidelity. */
  public void requireFidelity(String task, int epochs) {
    if (!fidelities(task).contains(epochs)) {
      throw new InputException("task " + task + " of benchmark " + name + " has no validation metric at " + epochs
          + " epochs (no column " + validColumn(task, epochs) + "): use --fidelity " + joinInts(fidelities(task)));
    }
  }

  /** The column an optimizer sees: {@code <task>_valid<epochs>} ({@code <task>_valid} for {@link #FINAL}). */
  public static String validColumn(String task, int epochs) {
    return column(task, "valid", epochs);
  }

  /** A metric column's name: {@code <task>_<split><epochs>}, or {@code <task>_<split>} for {@link #FINAL}. */
  public static String column(String task, String split, int epochs) {
    return task + "_" + split + (epochs == FINAL ? "" : Integer.toString(epochs));
  }

  /** Whether a task has cost columns, so a budget in seconds can be charged. */
  public boolean hasCost(String task) {
    return !timeColumns(task).isEmpty();
  }

  /**
   * Seconds to train an architecture for {@code epochs} on a task: the {@code <task>_time<epochs>} column when
   * present, else the longest schedule's time scaled linearly (NAS-Bench-201's protocol charges
   * {@code time200 * 12 / 200} for a 12-epoch evaluation). NaN when the task has no cost column or the value is
   * missing.
   */
  public double cost(Architecture a, String task, int epochs) {
    TreeSet<Integer> times = timeColumns(task);
    if (times.isEmpty()) {
      return Double.NaN;
    }
    if (times.contains(epochs)) {
      return value(a, column(task, "time", epochs));
    }
    int longest = times.last();
    return value(a, column(task, "time", longest)) * epochs / longest;
  }

  private TreeSet<Integer> timeColumns(String task) {
    requireTask(task);
    return timeColumns.get(task);
  }

  /** Parameter count on a task, or -1 when the table has no {@code <task>_params} column. */
  public long params(Architecture a, String task) {
    String c = task + "_params";
    if (!columns.containsKey(c)) {
      return -1;
    }
    double v = value(a, c);
    return Double.isNaN(v) ? -1 : Math.round(v);
  }

  /** Every metric column of a task (not time or params), in file order. */
  public List<String> metricColumns(String task) {
    requireTask(task);
    return metricColumns.get(task);
  }

  /**
   * The columns results are reported with: for every task, each split at that task's final epochs (for
   * NAS-Bench-201: cifar10_valid200, cifar100_valid200, cifar100_test200, imagenet16_valid200,
   * imagenet16_test200).
   */
  public List<String> reportColumns() {
    List<String> out = new ArrayList<>();
    for (String t : tasks) {
      int e = finalEpochs(t);
      for (String c : metricColumns(t)) {
        if (Metric.of(c).epochs() == e) {
          out.add(c);
        }
      }
    }
    return out;
  }

  /**
   * What a source task tells a transfer optimizer: every architecture with a value at this fidelity and that
   * value ({@code <task>_valid<epochs>}).
   */
  public SourceObservations sourceObservations(String task, int epochs) {
    requireFidelity(task, epochs);
    double[] col = columns.get(validColumn(task, epochs));
    List<Architecture> archs = new ArrayList<>();
    List<Double> vals = new ArrayList<>();
    for (int i = 0; i < col.length; i++) {
      if (!Double.isNaN(col[i])) {
        archs.add(architectures.get(i));
        vals.add(col[i]);
      }
    }
    return new SourceObservations(task, archs, vals.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static String joinInts(List<Integer> xs) {
    StringBuilder sb = new StringBuilder();
    for (int x : xs) {
      if (sb.length() > 0) {
        sb.append('|');
      }
      sb.append(x);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "TabularBenchmark[" + name + ", " + size() + " architectures, tasks " + tasks + ", ops " + space.ops() + "]";
  }
}
