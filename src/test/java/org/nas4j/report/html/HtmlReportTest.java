package org.nas4j.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.bench.TabularEvaluator;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.evaluate.Budget;
import org.nas4j.runner.SearchResult;
import org.nas4j.runner.SearchRunner;
import org.nas4j.store.Store;
import org.nas4j.store.StudySpec;

class HtmlReportTest {
  static SearchResult search(int budget) {
    TabularBenchmark nb = TabularBenchmark.nb201();
    try (Store store = Store.open(":memory:")) {
      return SearchRunner.builder().space(nb.space())
          .study(store, store.createStudy(StudySpec.of("c10", "nb201", "cifar10", "rea", 3, 12)
              .withBudget(Budget.ofEvaluations(budget))))
          .optimizer(() -> Optimizers.create("rea", OptimizerContext.of(nb.space(), 3)))
          .evaluator(new TabularEvaluator(nb, "cifar10")).build().run();
    }
  }

  static ReportData data(String name, SearchResult r) {
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("space", "nb201");
    facts.put("task", "cifar10");
    return new ReportData(name, facts, List.of("cifar100 (study c100)"), r.finished(),
        r.best().map(b -> TabularBenchmark.nb201().space().parse(b.evaluation().architecture())),
        Map.of("test accuracy", "93.1 %"), r.finished().get(0).finished().toEpochMilli() - 1000);
  }

  @Test
  void oneSelfContainedFileWithChartsCellAndTable(@TempDir Path dir) throws Exception {
    SearchResult r = search(25);
    Path out = dir.resolve("sub/report.html");
    HtmlReport.write(data("c10-<rea>", r), out);
    String html = Files.readString(out);
    assertTrue(html.startsWith("<!DOCTYPE html>"));
    // nothing is fetched: no scripts, no external resources
    assertFalse(html.contains("<script"), "no scripts");
    assertFalse(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(html).find(), "no links to load");
    assertFalse(html.contains("@import") || html.contains("url(http"), "no external css");
    assertEquals(4, count(html, "<svg "), "3 charts and the cell");
    assertEquals(2 * 25, count(html, "<title>#"), "every evaluation has a hover title in two charts");
    assertTrue(html.contains("<title>#" + r.finished().get(0).number() + " "), "titled with the trial number");
    String body = html.substring(html.indexOf("<tbody>"), html.indexOf("</tbody>"));
    assertEquals(25, count(body, "<tr"), "one table row per evaluation");
    String best = r.best().orElseThrow().evaluation().architecture();
    assertTrue(html.contains("<code class='arch'>" + best + "</code>"));
    assertTrue(html.contains("c10-&lt;rea&gt;"), "names are escaped");
    assertFalse(html.contains("c10-<rea>"));
    assertTrue(html.contains("cifar100 (study c100)"), "transfer sources are named");
    assertTrue(html.contains("93.1 %"));
    // the cell drawing has one labelled edge per non-'none' op of the best cell
    long ops = TabularBenchmark.nb201().space().opsOf(TabularBenchmark.nb201().space().parse(best)).stream()
        .filter(o -> !o.equals("none")).count();
    assertEquals(ops, count(html, "class='edge op-"));
  }

  @Test
  void anEmptyStudyStillRenders() {
    String html = HtmlReport.render(new ReportData("empty", Map.of(), List.of(), List.of(), Optional.empty(), Map.of(), 0));
    assertTrue(html.contains("No evaluation has completed yet"));
    assertEquals(0, count(html, "<svg "));
  }

  @Test
  void sizesSpanningDecadesGetALogAxisWithATickPerPowerOfTen() {
    LogAxis log = assertInstanceOf(LogAxis.class, StudyCharts.sizeAxis(2_000, 3_000_000));
    assertEquals(1, log.getStandardTickUnits().getCeilingTickUnit(0.1).getSize(), "decades");
    assertEquals("1.00 M", log.getNumberFormatOverride().format(1e6));
    assertInstanceOf(NumberAxis.class, StudyCharts.sizeAxis(200_000, 900_000), "within a decade: linear");
  }

  static int count(String s, String sub) {
    Matcher m = Pattern.compile(Pattern.quote(sub)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
