package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbtCommandTest {
  private static String[] run(int expect, String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      assertEquals(expect, Main.run(args), () -> o + "\n" + e);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return new String[] {o.toString(), e.toString()};
  }

  @Test
  void pbtBenchAndPredictOnDigits(@TempDir Path dir) throws Exception {
    String[] common = {"--data", "digits", "--train-limit", "400", "--valid-limit", "100", "--population", "4", "--tau", "0.5",
        "--steps", "2", "--batches-per-step", "4", "--batch-size", "32", "--stages", "2", "--channels", "4"};
    String[] argv = concat(new String[] {"pbt", "--variant", "copy", "--seed", "3", "--out", dir.resolve("run").toString()}, common);
    String out = run(0, argv)[0];
    assertTrue(out.contains("best member"), out);
    assertTrue(Files.exists(dir.resolve("run/lineage.png")));
    String pred = run(0, "predict", "--model", dir.resolve("run").toString(), "--data", "digits")[0];
    assertTrue(pred.contains("accuracy"), pred);
    String table = run(0, concat(new String[] {"pbt", "bench", "--seeds", "1", "--variants", "pbt-nas,random", "--out",
        dir.resolve("bench").toString()}, common))[0];
    assertTrue(table.contains("| pbt-nas |") && table.contains("| random |"), table);
    assertTrue(Files.exists(dir.resolve("bench/curves.png")) && Files.exists(dir.resolve("bench/summary.csv")));
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    String err = run(2, "pbt", "--data", "digits", "--population", "6")[1];
    assertTrue(err.contains("--population 8"), err);
    assertTrue(run(2, "pbt", "--data", "digits", "--variant", "best")[1].contains("unknown PBT variant"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
