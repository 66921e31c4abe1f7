package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.space.Architecture;
import org.nas4j.util.Stats;

class BenchRunnerTest {
  static final TabularBenchmark NB201 = TabularBenchmark.nb201();

  static BenchRunner runner(Budget budget, int runs) {
    return new BenchRunner(new BenchRunner.Config(NB201, "cifar10", 12, List.of(), budget, runs, 5, 2));
  }

  @Test
  void timeBudgetIsNeverExceededAndTheNextEvaluationWouldHave() {
    BenchRunner r = runner(Budget.ofSeconds(12_000), 1);
    for (int run = 0; run < 20; run++) {
      RunTrace t = r.run(Optimizers.get("rea"), run);
      double sum = t.steps().stream().mapToDouble(RunTrace.Step::costSeconds).sum();
      assertEquals(sum, t.elapsedSeconds(), 1e-6);
      assertTrue(t.elapsedSeconds() <= 12_000, "over budget: " + t.elapsedSeconds());
      // every step charges time200 * 12 / 200 of what it evaluated
      RunTrace.Step s = t.steps().get(3);
      Architecture a = NB201.space().parse(s.architecture());
      assertEquals(NB201.value(a, "cifar10_time200") * 0.06, s.costSeconds(), 1e-9);
      assertTrue(t.steps().size() > 80 && t.steps().size() < 130, "about 100 evaluations, got " + t.steps().size());
    }
  }

  @Test
  void evaluationBudgetIsExact() {
    RunTrace t = runner(Budget.ofEvaluations(37), 1).run(Optimizers.get("reinforce"), 0);
    assertEquals(37, t.steps().size());
    RunTrace both = runner(new Budget(1000, 500), 1).run(Optimizers.get("rs"), 0);
    assertTrue(both.elapsedSeconds() <= 500 && both.steps().size() < 10, "the time budget stops it first");
  }

  @Test
  void chosenIsTheBestObservedAndReportedWithTwoHundredEpochNumbers() {
    RunTrace t = runner(Budget.ofEvaluations(50), 1).run(Optimizers.get("rs"), 3);
    RunTrace.Step best = t.steps().stream().max((x, y) -> Double.compare(x.objective(), y.objective())).orElseThrow();
    assertEquals(best.objective(), t.bestObjective());
    assertEquals(best.architecture(), t.chosen());
    Architecture a = NB201.space().parse(t.chosen());
    assertEquals(NB201.value(a, "cifar100_test200"), t.report()[NB201.reportColumns().indexOf("cifar100_test200")]);
  }

  @Test
  void duplicatesAreLookedUpAgainAndCount() {
    Architecture only = NB201.space().of(3, 3, 3, 1, 3, 3);
    Optimizers.Entry stubborn = new Optimizers.Entry("stubborn", "always the same", ctx -> new Optimizer() {
      @Override
      public String name() {
        return "stubborn";
      }

      @Override
      public Architecture ask() {
        return only;
      }

      @Override
      public void tell(Architecture a, double v) {}
    });
    RunTrace t = runner(Budget.ofEvaluations(5), 1).run(stubborn, 0);
    assertEquals(5, t.steps().size());
    double cost = NB201.cost(only, "cifar10", 12);
    assertEquals(5 * cost, t.elapsedSeconds(), 1e-6);
  }

  @Test
  void sameSeedSameResultsInParallel() {
    BenchRunner r = runner(Budget.ofSeconds(6000), 12);
    var a = r.runAll(Optimizers.parseList("rs,rea"), d -> {});
    var b = r.runAll(Optimizers.parseList("rs,rea"), d -> {});
    for (int o = 0; o < 2; o++) {
      for (int run = 0; run < 12; run++) {
        assertEquals(a.get(o).get(run).steps(), b.get(o).get(run).steps());
        assertEquals(run, a.get(o).get(run).run());
      }
    }
  }

  @Test
  void secondsBudgetNeedsCostColumns() throws Exception {
    TabularBenchmark noCost = TabularBenchmark.read("nocost.csv", new java.io.ByteArrayInputStream(
        "arch_str,foo_valid1\n|none~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n".getBytes()), null);
    InputException e = assertThrows(InputException.class,
        () -> new BenchRunner.Config(noCost, "foo", 1, List.of(), Budget.ofSeconds(10), 1, 0, 1));
    assertTrue(e.getMessage().contains("--budget-evals"), e.getMessage());
    InputException none = assertThrows(InputException.class,
        () -> new BenchRunner.Config(noCost, "foo", 1, List.of(), Budget.NONE, 1, 0, 1));
    assertTrue(none.getMessage().contains("no budget"), none.getMessage());
    assertThrows(InputException.class, () -> new Budget(-1, 0));
  }

  @Test
  void reportWritesTableJsonTracesAndPlots(@TempDir Path dir) throws Exception {
    BenchRunner r = runner(Budget.ofSeconds(3000), 6);
    List<Optimizers.Entry> opts = Optimizers.parseList("rs,rea");
    BenchReport report = new BenchReport(r.config(), List.of("rs", "rea"), r.runAll(opts, d -> {}));
    report.write(dir);
    String md = Files.readString(dir.resolve("summary.md"));
    assertTrue(md.contains("| method | cifar10_valid200 | cifar100_valid200 | cifar100_test200 | imagenet16_valid200 | imagenet16_test200 | evals |"), md);
    assertTrue(md.contains("| optimal | 91.61 | 73.49 | 73.51 |"), md);
    String json = Files.readString(dir.resolve("summary.json"));
    Stats s = report.stats("rea", "cifar100_test200");
    Map<?, ?> root = (Map<?, ?>) org.nas4j.util.Json.parse(json);
    Map<?, ?> rea = (Map<?, ?>) ((List<?>) root.get("optimizers")).get(1);
    assertEquals("rea", rea.get("optimizer"));
    assertEquals(6L, rea.get("runs"));
    assertEquals(s.mean(), (Double) ((Map<?, ?>) ((Map<?, ?>) rea.get("metrics")).get("cifar100_test200")).get("mean"), 1e-9);
    assertTrue(md.contains("Normalised regret of the chosen architecture on cifar10_valid200"), md);
    double[] values = report.runs(1).stream().mapToDouble(t -> t.report()[2]).toArray();
    assertEquals(java.util.Arrays.stream(values).average().orElseThrow(), s.mean(), 1e-9);
    List<String> trace = Files.readAllLines(dir.resolve("traces/rea.csv"));
    assertEquals(1 + report.runs(1).stream().mapToInt(t -> t.steps().size()).sum(), trace.size());
    assertEquals(13, Files.readAllLines(dir.resolve("runs.csv")).size());
    for (String png : new String[] {"best_vs_time.png", "best_vs_evals.png", "incumbent_vs_time.png", "incumbent_vs_evals.png", "regret_vs_evals.png"}) {
      BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
      assertEquals(900, img.getWidth());
    }
  }

  @Test
  void statsAreSampleStatistics() {
    Stats s = Stats.of(new double[] {1, 2, 3, 4, Double.NaN});
    assertEquals(4, s.n());
    assertEquals(2.5, s.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3), s.std(), 1e-12);
    assertEquals(2.5, s.median(), 1e-12);
    assertArrayEquals(new double[] {1, 2}, new double[] {Stats.of(new double[] {1}).mean(), Stats.of(new double[] {2, 1, 3}).median()});
  }

  @Test
  void runsThatFoundNothingAreCountedAndTheNumbersAreOverTheOthers() throws Exception {
    // a complete 2-op table in which only every fourth architecture has values: some runs find nothing
    StringBuilder csv = new StringBuilder("arch_str,foo_valid12,foo_test12\n");
    for (int i = 0; i < 64; i++) {
      String[] op = new String[6];
      for (int e = 0; e < 6; e++) {
        op[e] = (i >> e & 1) == 0 ? "conv" : "pool";
      }
      String v = i % 4 == 0 ? Integer.toString(i) : "";
      csv.append(String.format("|%s~0|+|%s~0|%s~1|+|%s~0|%s~1|%s~2|,%s,%s%n", (Object[]) concat(op, v, v)));
    }
    TabularBenchmark b = TabularBenchmarkTest.csv(csv.toString());
    BenchRunner.Config config = new BenchRunner.Config(b, "foo", 12, List.of(), Budget.ofEvaluations(4), 10, 0, 1);
    List<List<RunTrace>> traces = new BenchRunner(config).runAll(List.of(Optimizers.get("rs")), done -> {});
    long none = traces.get(0).stream().filter(t -> t.chosen() == null).count();
    assertTrue(none > 0 && none < 10, "some runs, not all, find nothing: " + none);
    BenchReport report = new BenchReport(config, List.of("rs"), traces, List.of(1, 4));
    String md = report.markdown();
    assertTrue(md.contains("rs: " + none + " of 10 runs found nothing (every evaluation failed); its numbers are over"
        + " the other " + (10 - none) + "."), md);
    assertEquals(10 - none, report.stats(0, 0).n());
    int atOne = report.regretStats(0, 1).n();
    assertTrue(md.contains("rs: regret is over the runs with a choice (and its foo_test12 value) by then: " + atOne
        + " of 10 @1 evals, " + (10 - none) + " of 10 @4 evals."), md);
    assertTrue(!md.contains("NaN"), md);

    List<RunTrace> nothing = traces.get(0).stream().filter(t -> t.chosen() == null).toList();
    String all = new BenchReport(config, List.of("rs"), List.of(nothing)).markdown();
    assertTrue(all.contains("rs: all " + none + " runs found nothing (every evaluation failed), so it has no numbers."),
        all);
    assertTrue(!all.contains("NaN"), all);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
