package org.nas4j.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nas4j.cli.Main;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer-study command and rea-xfer on a user CSV with another op set and three tasks. */
class TransferStudyCommandTest {
  @TempDir Path dir;

  /** 3 ops (729 cells), tasks t1..t3 sharing an additive "quality" plus task-specific noise. */
  Path writeCsv() throws IOException {
    CellSpace space = new CellSpace("tiny", List.of("conv", "pool", "skip"));
    SplittableRandom rng = new SplittableRandom(3);
    double[] effect = new double[space.positions() * 3];
    for (int i = 0; i < effect.length; i++) {
      effect[i] = rng.nextGaussian();
    }
    StringBuilder sb = new StringBuilder("arch_str,t1_valid200,t1_test200,t2_valid200,t3_valid200\n");
    for (Architecture a : space.enumerate().toList()) {
      double q = 0;
      for (int p = 0; p < space.positions(); p++) {
        q += effect[p * 3 + a.gene(p)];
      }
      double t1 = 60 + 4 * q + rng.nextGaussian();
      sb.append(String.format(Locale.ROOT, "%s,%.3f,%.3f,%.3f,%.3f%n", a, t1, t1 + 0.3 * rng.nextGaussian(),
          80 + 3 * q + rng.nextGaussian(), 30 + 2 * q + rng.nextGaussian()));
    }
    Path csv = dir.resolve("tiny.csv");
    Files.writeString(csv, sb);
    return csv;
  }

  @Test
  void studyOnUserCsvWritesCsvAndHeatMaps() throws IOException {
    Path csv = writeCsv();
    Path out = dir.resolve("study");
    int code = Main.run("transfer-study", "--benchmark", "csv:" + csv, "--task", "t1", "--seeds", "2",
        "--target-evals", "10,25", "--source-evals", "0,50,all", "--modes", "weighted,pooled", "--held-out", "200",
        "--out", out.toString());
    assertEquals(0, code);
    List<String> mean = Files.readAllLines(out.resolve("data-volume-mean.csv"));
    assertEquals(1 + 2 * 3 * 2, mean.size()); // header + modes x source counts x target counts
    assertEquals(1 + 2 * 3 * 2 * 2, Files.readAllLines(out.resolve("data-volume.csv")).size());
    for (String png : List.of("kendall-pooled.png", "gain-pooled.png", "kendall-weighted.png", "gain-weighted.png")) {
      assertTrue(Files.size(out.resolve(png)) > 1000, png);
    }
    // with all source data, 10 target evaluations rank better than the target-only model
    double none = Double.NaN;
    double all = Double.NaN;
    for (String line : mean) {
      String[] f = line.split(",");
      if (f[0].equals("weighted") && f[1].equals("10")) {
        if (f[2].equals("0")) {
          none = Double.parseDouble(f[4]);
        } else if (f[2].equals("all")) {
          all = Double.parseDouble(f[4]);
        }
      }
    }
    assertTrue(all > none + 0.1, "tau with all sources " + all + ", target-only " + none);
  }

  @Test
  void reaXferRunsOnUserCsv() throws IOException {
    Path csv = writeCsv();
    int code = Main.run("bench", "--benchmark", "csv:" + csv, "--task", "t1", "--fidelity", "200", "--sources",
        "t2,shuffled:t3", "--optimizers", "rea,rea-xfer,reinforce-xfer", "--runs", "3", "--budget-evals", "12",
        "--threads", "1", "--no-progress", "--out", dir.resolve("bench").toString());
    assertEquals(0, code);
    assertTrue(Files.readString(dir.resolve("bench").resolve("summary.md")).contains("rea-xfer"));
  }

  @Test
  void badInputExitsWithStatus2() throws IOException {
    Path csv = writeCsv();
    assertEquals(2, Main.run("transfer-study", "--benchmark", "csv:" + csv, "--task", "t1", "--source-evals", "lots",
        "--out", dir.resolve("x").toString()));
    assertEquals(2, Main.run("transfer-study", "--benchmark", "csv:" + csv, "--task", "t1", "--modes", "magic",
        "--out", dir.resolve("x").toString()));
    assertEquals(2, Main.run("transfer-study", "--benchmark", "csv:" + csv, "--task", "t1", "--target-evals", "800",
        "--out", dir.resolve("x").toString()));
  }
}
