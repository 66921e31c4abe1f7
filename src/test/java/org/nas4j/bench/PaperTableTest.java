package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nas4j.evaluate.Budget;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.util.Stats;

/**
 * NAS-Bench-201's Table 5 (search on CIFAR-10, 12-epoch validation accuracy, 12,000 simulated seconds):
 * over 200 runs, every reported column of RS, REA and REINFORCE is within one of the paper's standard
 * deviations of the paper's mean.
 */
class PaperTableTest {
  // mean, std per column: cifar10_valid200, cifar100_valid200, cifar100_test200, imagenet16_valid200, imagenet16_test200
  static final Map<String, double[][]> PAPER = Map.of(
      "rs", new double[][] {{90.93, 0.36}, {70.93, 1.09}, {71.04, 1.07}, {44.45, 1.10}, {44.57, 1.25}},
      "rea", new double[][] {{91.19, 0.31}, {71.81, 1.12}, {71.84, 0.99}, {45.15, 0.89}, {45.54, 1.03}},
      "reinforce", new double[][] {{91.09, 0.37}, {71.61, 1.12}, {71.71, 1.09}, {45.05, 1.02}, {45.24, 1.18}});

  @Test
  void withinOneStdOfThePaper() {
    BenchRunner.Config config = new BenchRunner.Config(TabularBenchmark.nb201(), "cifar10", 12, List.of(),
        Budget.ofSeconds(12_000), 200, 2020, 2);
    List<String> names = List.of("rs", "rea", "reinforce");
    BenchReport report = new BenchReport(config, names,
        new BenchRunner(config).runAll(names.stream().map(Optimizers::get).toList(), d -> {}));
    StringBuilder failures = new StringBuilder();
    for (int o = 0; o < names.size(); o++) {
      double[][] paper = PAPER.get(names.get(o));
      for (int c = 0; c < paper.length; c++) {
        Stats s = report.stats(o, c);
        if (Math.abs(s.mean() - paper[c][0]) > paper[c][1]) {
          failures.append(names.get(o)).append(' ').append(report.columns().get(c)).append(": ").append(s.mean())
              .append(" vs paper ").append(paper[c][0]).append('±').append(paper[c][1]).append('\n');
        }
      }
    }
    assertTrue(failures.length() == 0, failures + "\n" + report.markdown());
  }
}
