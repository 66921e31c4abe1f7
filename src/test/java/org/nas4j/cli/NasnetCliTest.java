package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NASNet space from the command line: a reduced XferNAO search on Fashion-MNIST that takes an earlier NASNet study
 * on the bundled digits as its transfer source, its report (both cells drawn), export and predict; and the inputs
 * that must fail with one line and exit status 2.
 */
class NasnetCliTest {
  @TempDir Path dir;

  @Test
  void xferNaoOnFashionMnistWithDigitsAsSourceRunsEndToEnd() throws Exception {
    assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")),
        "needs Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    String db = dir.resolve("n.db").toString();
    CliRun source = CliRun.of("search", "--space", "nasnet", "--data", "digits", "--store", db, "--optimizer", "rs",
        "--budget-evals", "6", "--epochs", "1", "--final-epochs", "0", "--channels", "4", "--cells", "1",
        "--train-limit", "400").expect(0);
    assertTrue(source.out().contains("best architecture: normal:"), source.out());

    CliRun target = CliRun.of("search", "--space", "nasnet", "--data", "fashion-mnist", "--store", db, "--optimizer",
        "xfernao", "--budget-evals", "4", "--epochs", "1", "--final-epochs", "1", "--channels", "4", "--cells", "1",
        "--train-limit", "500", "--valid-limit", "200", "--test-limit", "200", "--drop-path", "0.2", "--auxiliary",
        "0.4", "--cutout", "8", "--device", "cpu").expect(0);
    assertTrue(target.err().contains("space nasnet, optimizer xfernao"), target.err());
    assertTrue(target.err().contains("transfer sources: digits (6 evaluations"), target.err());
    assertTrue(target.out().contains("best architecture: normal:") && target.out().contains(";reduce:"), target.out());
    assertTrue(target.out().contains("test accuracy: "), target.out());

    Path html = dir.resolve("r.html");
    CliRun.of("report", "--store", db, "--study", "fashion-mnist-nasnet-xfernao-s0", "--out", html.toString()).expect(0);
    String page = Files.readString(html);
    assertTrue(page.contains("aria-label='normal cell'") && page.contains("aria-label='reduce cell'"), "both cells drawn");
    assertTrue(page.contains("c[k-2]") && page.contains("concatenated"), "inputs and output explained");

    Path model = dir.resolve("model");
    CliRun.of("export", "--store", db, "--study", "fashion-mnist-nasnet-xfernao-s0", "--out", model.toString()).expect(0);
    String arch = Files.readString(model.resolve("architecture.json"));
    assertTrue(arch.contains("\"normal\"") && arch.contains("\"tokens\""), arch);
    CliRun p = CliRun.of("predict", "--model", model.toString(), "--data", "fashion-mnist", "--limit", "300").expect(0);
    assertTrue(p.out().contains("images classified"), p.out());
  }

  @Test
  void badInputIsOneLineAndExitStatusTwo() {
    String nasnet = "normal:conv_3x3~0+identity~1|avg_pool_3x3~0+conv_1x1~2|identity~1+max_pool_2x2~3"
        + "|conv_1x7_7x1~0+conv_1x3_3x1~4|avg_pool_5x5~2+identity~5;reduce:conv_1x1~0+max_pool_3x3~1"
        + "|identity~0+conv_3x3~2|avg_pool_2x2~1+conv_3x3~3|max_pool_5x5~4+identity~2|conv_1x1~5+avg_pool_3x3~3";
    List<List<String>> cases = List.of(
        List.of("train", "--space", "nasnet", "--arch", nasnet.replace("conv_3x3~0", "sep_conv_3x3~0"), "--data", "digits"),
        List.of("train", "--space", "nasnet", "--arch", "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|", "--data", "digits"),
        List.of("train", "--space", "nasnet", "--arch", nasnet, "--data", "digits", "--device", "gpu"),
        List.of("train", "--arch", "random", "--data", "digits", "--device", "tpu"),
        List.of("train", "--arch", "random", "--data", "digits", "--drop-path", "0.3"),
        List.of("search", "--space", "darts", "--data", "digits", "--store", dir.resolve("x.db").toString()),
        List.of("search", "--space", "nasnet", "--data", "digits", "--device", "gpu", "--store", dir.resolve("y.db").toString()),
        List.of("pbt", "bench", "--data", "digits", "--device", "gpu", "--out", dir.resolve("pb").toString()),
        List.of("worker", "--store", dir.resolve("w.db").toString(), "--study", "s", "--device", "gpu"));
    List<String> expected = List.of("unknown op 'sep_conv_3x3'", "has 1 cell(s)", "no usable GPU", "--device must be cpu, gpu or auto",
        "--drop-path and --auxiliary apply to NASNet networks", "unknown search space 'darts'", "no usable GPU",
        "no usable GPU", "no usable GPU");
    for (int i = 0; i < cases.size(); i++) {
      CliRun r = CliRun.of(cases.get(i).toArray(String[]::new));
      assertEquals(2, r.status(), cases.get(i) + ": " + r.err());
      String line = r.err().strip();
      assertFalse(line.contains("\n"), "one line: " + line);
      assertTrue(line.startsWith("nas4j: error: ") && line.contains(expected.get(i)), line);
    }
    assertFalse(Files.exists(dir.resolve("x.db")) || Files.exists(dir.resolve("y.db")), "no store made by a refused search");
    assertFalse(Files.exists(dir.resolve("pb")), "no bench folder made by a refused bench");
  }
}
