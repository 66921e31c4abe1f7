package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbtCommandTest {
  @Test
  void pbtBenchAndPredictOnDigits(@TempDir Path dir) throws Exception {
    String[] common = {"--data", "digits", "--train-limit", "400", "--valid-limit", "100", "--population", "4", "--tau", "0.5",
        "--steps", "2", "--batches-per-step", "4", "--batch-size", "32", "--stages", "2", "--channels", "4"};
    String[] argv = concat(new String[] {"pbt", "--variant", "copy", "--seed", "3", "--out", dir.resolve("run").toString()}, common);
    String out = CliRun.of(argv).expect(0).out();
    assertTrue(out.contains("best member"), out);
    assertTrue(Files.exists(dir.resolve("run/lineage.png")));
    String pred = CliRun.of("predict", "--model", dir.resolve("run").toString(), "--data", "digits").expect(0).out();
    assertTrue(pred.contains("accuracy"), pred);
    String table = CliRun.of(concat(new String[] {"pbt", "bench", "--seeds", "1", "--variants", "pbt-nas,random", "--out",
        dir.resolve("bench").toString()}, common)).expect(0).out();
    assertTrue(table.contains("| pbt-nas |") && table.contains("| random |"), table);
    assertTrue(Files.exists(dir.resolve("bench/curves.png")) && Files.exists(dir.resolve("bench/summary.csv")));
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    String err = CliRun.of("pbt", "--data", "digits", "--population", "6").expect(2).err();
    assertTrue(err.contains("--population 8"), err);
    assertTrue(CliRun.of("pbt", "--data", "digits", "--variant", "best").expect(2).err().contains("unknown PBT variant"));
  }

  private static String[] concat(String[] a, String[] b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
