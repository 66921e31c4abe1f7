package org.nas4j.pbt;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV files of a run directory ({@code fitness.csv}, {@code lineage.csv}, {@code steps.csv}) and of a PBT
 * benchmark, written and read with Commons CSV: a field is quoted when it needs to be (a layer-space architecture
 * holds commas), and a reader finds columns by name.
 */
final class RunTables {
  private static final CSVFormat WRITE = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();
  private static final CSVFormat READ = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

  private RunTables() {}

  /** Writes {@code file}: the header, then the rows. */
  static void write(Path file, List<String> header, List<List<Object>> rows) throws IOException {
    try (CSVPrinter w = WRITE.print(file, StandardCharsets.UTF_8)) {
      w.printRecord(header);
      w.printRecords(rows);
    }
  }

  /** Appends {@code row} to {@code file}, which is created with {@code header} first if it does not exist. */
  static void append(Path file, List<String> header, List<Object> row) throws IOException {
    boolean fresh = !Files.exists(file);
    try (CSVPrinter w = WRITE.print(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND))) {
      if (fresh) {
        w.printRecord(header);
      }
      w.printRecord(row);
    }
  }

  /** The rows of {@code file} after its header, each read by column name. */
  static List<CSVRecord> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return new ArrayList<>(READ.parse(r).getRecords());
    }
  }

  /** {@code v} with {@code decimals} decimals, as the tables print numbers. */
  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
