package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  /** Runs the CLI and returns {exit status, stdout, stderr}. */
  static Object[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = Main.run(args);
      return new Object[] {status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void benchWritesItsFiles(@TempDir Path dir) throws Exception {
    Object[] r = run("bench", "--task", "cifar100", "--optimizers", "rs,rea", "--runs", "4", "--budget-evals", "30",
        "--out", dir.toString(), "--no-progress");
    assertEquals(0, r[0], r[2].toString());
    assertTrue(r[1].toString().contains("| rea |"), r[1].toString());
    for (String f : new String[] {"summary.md", "summary.json", "runs.csv", "traces/rs.csv", "best_vs_evals.png", "best_vs_time.png", "incumbent_vs_time.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    Object[] unknownOpt = run("bench", "--optimizers", "rs,bohb", "--budget-evals", "5", "--no-progress");
    assertEquals(2, unknownOpt[0]);
    assertTrue(unknownOpt[2].toString().contains("unknown optimizer 'bohb': choose from rs, rea, reinforce"), unknownOpt[2].toString());
    Object[] unknownTask = run("bench", "--task", "svhn", "--budget-evals", "5", "--no-progress");
    assertEquals(2, unknownTask[0]);
    assertTrue(unknownTask[2].toString().contains("unknown task 'svhn'"), unknownTask[2].toString());
    Object[] noBudget = run("bench", "--no-progress");
    assertEquals(2, noBudget[0]);
    assertTrue(noBudget[2].toString().contains("no budget"), noBudget[2].toString());
  }
}
