package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

public class TabularBenchmarkTest {
  private static final String BEST_C100 = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

  static TabularBenchmark csv(String text) throws IOException {
    return TabularBenchmark.read("test.csv", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), null);
  }

  @Test
  void bundledNb201ReproducesThePaper() {
    TabularBenchmark b = TabularBenchmark.nb201();
    assertEquals(15_625, b.size());
    assertSame(CellSpace.NB201, b.space());
    assertEquals(List.of("cifar10", "cifar100", "imagenet16"), b.tasks());
    assertEquals(List.of(12, 200), b.fidelities("cifar10"));
    assertEquals(91.61, max(b.column("cifar10_valid200")), 0.005);
    assertEquals(73.51, max(b.column("cifar100_test200")), 0.005);
    assertEquals(47.31, max(b.column("imagenet16_test200")), 0.005);
    Architecture best = b.space().parse(BEST_C100);
    assertEquals(73.49, b.value(best, "cifar100_valid200"), 0.005);
    assertEquals(List.of("cifar10_valid200", "cifar100_valid200", "cifar100_test200", "imagenet16_valid200",
        "imagenet16_test200"), b.reportColumns());
    // the all-3x3 cell has NAS-Bench-201's parameter count
    assertEquals(1_531_546, b.params(b.space().of(3, 3, 3, 3, 3, 3), "cifar10"));
  }

  @Test
  void evaluatorChargesTwelveOfTwoHundredEpochs() {
    TabularBenchmark b = TabularBenchmark.nb201();
    Architecture a = b.space().parse(BEST_C100);
    Evaluation e = new TabularEvaluator(b, "cifar10").evaluate(a, 12, 7);
    assertTrue(e.ok());
    assertEquals(b.value(a, "cifar10_valid12"), e.objective());
    assertEquals(b.value(a, "cifar10_time200") * 12 / 200, e.costSeconds(), 1e-9);
    assertEquals(b.value(a, "cifar10_valid200"), e.metric("cifar10_valid200"));
    Evaluation full = new TabularEvaluator(b, "cifar100").evaluate(a, 200, 7);
    assertEquals(73.49, full.objective(), 0.005);
    assertEquals(b.value(a, "cifar100_time200"), full.costSeconds(), 1e-9);
    InputException bad = assertThrows(InputException.class, () -> new TabularEvaluator(b, "cifar100").evaluate(a, 50, 7));
    assertTrue(bad.getMessage().contains("--fidelity 12|200"), bad.getMessage());
  }

  @Test
  void userCsvWithAnotherOpSetAndOneTask(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("mine.csv");
    StringBuilder sb = new StringBuilder("arch_str,foo_valid3,foo_test3,foo_time3,comment\n");
    String[] ops = {"conv", "pool"};
    int n = 0;
    for (int i = 0; i < 64; i++) {
      int[] g = new int[6];
      for (int e = 0; e < 6; e++) {
        g[e] = (i >> e) & 1;
      }
      String s = "|" + ops[g[0]] + "~0|+|" + ops[g[1]] + "~0|" + ops[g[2]] + "~1|+|" + ops[g[3]] + "~0|" + ops[g[4]]
          + "~1|" + ops[g[5]] + "~2|";
      sb.append('"').append(s).append("\",").append(Integer.bitCount(i)).append(',').append(i == 5 ? "" : "1.5")
          .append(",10,hello\n");
      n++;
    }
    Files.writeString(f, sb.toString());
    TabularBenchmark b = TabularBenchmark.load("csv:" + f, null);
    assertEquals(n, b.size());
    assertEquals(List.of("conv", "pool"), b.space().ops());
    assertEquals(List.of("foo"), b.tasks());
    assertEquals(List.of("foo_valid3", "foo_test3"), b.reportColumns());
    Architecture all = b.space().of(1, 1, 1, 1, 1, 1);
    Evaluation e = new TabularEvaluator(b, "foo").evaluate(all, 3, 0);
    assertEquals(6.0, e.objective());
    assertEquals(10.0, e.costSeconds());
    assertTrue(Double.isNaN(b.value(b.space().of(1, 0, 1, 0, 0, 0), "foo_test3")), "empty cell is missing");
    // ops given explicitly
    TabularBenchmark given = TabularBenchmark.load("csv:" + f, List.of("pool", "conv"));
    assertEquals(List.of("pool", "conv"), given.space().ops());
  }

  /**
   * A CSV of {@code rows} NAS-Bench-201 architectures (distinct, every op on many rows) with {@code foo_valid12},
   * in which row {@code typoRow} (0-based; -1 for none) has {@code typo} instead of its first op.
   */
  public static String nb201Csv(int rows, int typoRow, String typo) {
    StringBuilder sb = new StringBuilder("arch_str,foo_valid12\n");
    for (int i = 0; i < rows; i++) {
      String[] op = new String[6];
      for (int e = 0, code = i; e < 6; e++, code /= 5) {
        op[e] = CellSpace.NB201_OPS.get(code % 5);
      }
      if (i == typoRow) {
        op[0] = typo;
      }
      sb.append('|').append(op[0]).append("~0|+|").append(op[1]).append("~0|").append(op[2]).append("~1|+|")
          .append(op[3]).append("~0|").append(op[4]).append("~1|").append(op[5]).append("~2|,").append(i).append('\n');
    }
    return sb.toString();
  }

  @Test
  void anUnknownOpInOneRowNamesTheLineAndTheOpUnlessTheOpsAreGiven() throws IOException {
    assertEquals(CellSpace.NB201_OPS, csv(nb201Csv(100, -1, null)).space().ops());
    String typo = nb201Csv(100, 41, "nor_conv_3x4");
    InputException e = assertThrows(InputException.class, () -> csv(typo));
    assertTrue(e.getMessage().startsWith("benchmark test.csv line 43: unknown op 'nor_conv_3x4' (on 1 line(s)"),
        e.getMessage());
    assertTrue(e.getMessage().contains("--ops none,skip_connect,nor_conv_1x1,nor_conv_3x3,avg_pool_3x3,nor_conv_3x4"),
        e.getMessage());
    // the op set given: the rare op is meant
    List<String> six = List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "nor_conv_3x4");
    TabularBenchmark given = TabularBenchmark.read("test.csv",
        new ByteArrayInputStream(typo.getBytes(StandardCharsets.UTF_8)), six);
    assertEquals(six, given.space().ops());
    // with the ops given, an op outside them names its line
    InputException outside = assertThrows(InputException.class, () -> TabularBenchmark.read("test.csv",
        new ByteArrayInputStream(typo.getBytes(StandardCharsets.UTF_8)), CellSpace.NB201_OPS));
    assertTrue(outside.getMessage().contains("line 43") && outside.getMessage().contains("nor_conv_3x4"),
        outside.getMessage());
  }

  @Test
  void missingArchColumnIsClear() {
    InputException e = assertThrows(InputException.class, () -> csv("arch,foo_valid12\nx,1\n"));
    assertTrue(e.getMessage().contains("no arch_str column"), e.getMessage());
  }

  @Test
  void missingMetricColumnIsClear() {
    InputException e = assertThrows(InputException.class, () -> csv("arch_str,foo_test12\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n"));
    assertTrue(e.getMessage().contains("<task>_valid<epochs>"), e.getMessage());
  }

  @Test
  void malformedArchitectureNamesTheLine() {
    InputException e = assertThrows(InputException.class, () -> csv(
        "arch_str,foo_valid12\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n|none~0|+|none~0|+|none~0|none~1|none~2|,2\n"));
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
    InputException notArch = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\nhello,1\n"));
    assertTrue(notArch.getMessage().contains("line 2") && notArch.getMessage().contains("NAS-Bench-201 form"), notArch.getMessage());
  }

  @Test
  void badNumbersDuplicatesAndShortLinesAreClear() {
    String a = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    InputException num = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\n" + a + ",abc\n"));
    assertTrue(num.getMessage().contains("foo_valid12") && num.getMessage().contains("'abc'"), num.getMessage());
    InputException dup = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\n" + a + ",1\n" + a + ",2\n"));
    assertTrue(dup.getMessage().contains("already appears on line 2"), dup.getMessage());
    InputException shortLine = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\n" + a + "\n"));
    assertTrue(shortLine.getMessage().contains("1 fields"), shortLine.getMessage());
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() throws IOException {
    String a = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    String b = "|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|";
    // a byte-order mark, a quoted note spanning two lines, a doubled quote, spaces around a quoted field
    TabularBenchmark t = csv("\uFEFFarch_str,note,foo_valid12\n\"" + a + "\",\"one, \"\"two\"\"\nthree\",1.5\n\n"
        + b + ", \"x\" ,\"2\"\n");
    assertEquals(2, t.size());
    assertEquals(1.5, t.value(t.space().parse(a), "foo_valid12"));
    assertEquals(2, t.value(t.space().parse(b), "foo_valid12"));
    // a row after a quoted line break is named by the line it starts on
    InputException e = assertThrows(InputException.class, () -> csv("arch_str,note,foo_valid12\n" + a
        + ",\"x\ny\",1\n\n" + b + ",z,seven\n"));
    assertTrue(e.getMessage().contains("line 5 column foo_valid12"), e.getMessage());
  }

  @Test
  void aBrokenQuoteNamesTheLineAndTheFix() {
    String a = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    InputException stray = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\n" + a + ",1\n"
        + a + ",\"2\"x\n"));
    assertTrue(stray.getMessage().startsWith("benchmark test.csv line 3 is not valid CSV ("), stray.getMessage());
    assertTrue(stray.getMessage().endsWith("double any quote inside it"), stray.getMessage());
    InputException open = assertThrows(InputException.class, () -> csv("arch_str,foo_valid12\n" + a + ",\"1\n"));
    assertTrue(open.getMessage().startsWith("benchmark test.csv line 2 is not valid CSV ("), open.getMessage());
    assertFalse(open.getMessage().contains("\n"), open.getMessage());
  }

  @Test
  void unknownTaskAndBenchmarkAreClear(@TempDir Path dir) {
    TabularBenchmark b = TabularBenchmark.nb201();
    InputException e = assertThrows(InputException.class, () -> new TabularEvaluator(b, "svhn"));
    assertEquals("unknown task 'svhn': benchmark nb201 has tasks cifar10, cifar100, imagenet16", e.getMessage());
    InputException bench = assertThrows(InputException.class, () -> TabularBenchmark.load("nb101", null));
    assertTrue(bench.getMessage().contains("nb201 or csv:PATH"), bench.getMessage());
    InputException missing = assertThrows(InputException.class, () -> TabularBenchmark.load("csv:" + dir.resolve("no.csv"), null));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void sourcesAndShuffledSources() {
    TabularBenchmark b = TabularBenchmark.nb201();
    List<SourceObservations> s = BenchSources.parse(b, "cifar100,shuffled:imagenet16", "cifar10", 12);
    assertEquals(2, s.size());
    assertEquals("cifar100", s.get(0).task());
    assertEquals(15_625, s.get(0).size());
    assertEquals(b.value(s.get(0).architectures().get(9), "cifar100_valid12"), s.get(0).values()[9]);
    SourceObservations sh = s.get(1);
    assertEquals("shuffled:imagenet16", sh.task());
    double[] orig = b.column("imagenet16_valid12");
    double[] perm = sh.values();
    assertFalse(Arrays.equals(orig, perm));
    double[] a = orig.clone();
    double[] c = perm.clone();
    Arrays.sort(a);
    Arrays.sort(c);
    assertTrue(Arrays.equals(a, c), "a permutation keeps the values");
    assertTrue(Arrays.equals(perm, BenchSources.parse(b, "shuffled:imagenet16", "cifar10", 12).get(0).values()),
        "fixed seed");
    assertTrue(BenchSources.parse(b, " ", "cifar10", 12).isEmpty());
    assertThrows(InputException.class, () -> BenchSources.parse(b, "cifar10", "cifar10", 12));
    assertThrows(InputException.class, () -> BenchSources.parse(b, "mnist", "cifar10", 12));
  }

  @Test
  void negatedAndNoisySources() {
    TabularBenchmark b = TabularBenchmark.nb201();
    double[] orig = b.column("cifar10_valid200");
    List<SourceObservations> s = BenchSources.parse(b, "negated:cifar10,noisy:cifar10@0.2,noisy:cifar100@0.2,"
        + "noisy:cifar10@-1", "cifar10", 200);
    assertEquals(List.of("negated:cifar10", "noisy:cifar10@0.2", "noisy:cifar100@0.2", "noisy:cifar10@-1"),
        s.stream().map(SourceObservations::task).toList());
    assertEquals(-1, org.nas4j.transfer.Ranks.spearman(orig, s.get(0).values()), 1e-12, "negated ranks backwards");
    double[] z = org.nas4j.transfer.Ranks.normalScores(orig);
    assertEquals(0.2, org.nas4j.transfer.Ranks.pearson(z, s.get(1).values()), 1e-9, "exactly rho with the normal scores");
    assertEquals(-1, org.nas4j.transfer.Ranks.pearson(z, s.get(3).values()), 1e-9);
    double[] z100 = org.nas4j.transfer.Ranks.normalScores(b.column("cifar100_valid200"));
    assertEquals(0.2, org.nas4j.transfer.Ranks.pearson(z100, s.get(2).values()), 1e-9);
    assertTrue(Math.abs(org.nas4j.transfer.Ranks.pearson(s.get(1).values(), s.get(2).values())) < 0.2,
        "two tasks get independent noise");
    assertArrayEquals(s.get(1).values(), BenchSources.parse(b, "noisy:cifar10@0.2", "cifar100", 200).get(0).values(),
        "fixed seed");
    for (String bad : List.of("noisy:cifar10", "noisy:cifar10@x", "noisy:cifar10@1.5", "flipped:cifar10",
        "negated:mnist")) {
      InputException e = assertThrows(InputException.class, () -> BenchSources.parse(b, bad, "cifar100", 200), bad);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
  }

  private static double max(double[] xs) {
    return Arrays.stream(xs).filter(x -> !Double.isNaN(x)).max().orElseThrow();
  }
}
