package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @Test
  void benchWritesItsFiles(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("bench", "--task", "cifar100", "--optimizers", "rs,rea", "--runs", "4", "--budget-evals", "30",
        "--out", dir.toString(), "--no-progress");
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("| rea |"), r.out());
    for (String f : new String[] {"summary.md", "summary.json", "runs.csv", "traces/rs.csv", "best_vs_evals.png", "best_vs_time.png", "incumbent_vs_time.png"}) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
    }
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    CliRun unknownOpt = CliRun.of("bench", "--optimizers", "rs,bohb", "--budget-evals", "5", "--no-progress");
    assertEquals(2, unknownOpt.status());
    assertTrue(unknownOpt.err().contains("unknown optimizer 'bohb': choose from rs, rea, reinforce"), unknownOpt.err());
    CliRun unknownTask = CliRun.of("bench", "--task", "svhn", "--budget-evals", "5", "--no-progress");
    assertEquals(2, unknownTask.status());
    assertTrue(unknownTask.err().contains("unknown task 'svhn'"), unknownTask.err());
    CliRun noBudget = CliRun.of("bench", "--no-progress");
    assertEquals(2, noBudget.status());
    assertTrue(noBudget.err().contains("no budget"), noBudget.err());
  }
}
