package org.nas4j.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.report.Shown.assertShows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Provenance;
import org.nas4j.search.StudyReports;
import org.nas4j.space.CellSpace;
import org.nas4j.store.Claim;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.store.Trial;

/** The numbers of a study's HTML report are the store's numbers, digit for digit (issue 11). */
class ReportNumbersTest {
  @Test
  void everyCellOfTheTableReadsBackAsTheStoredValue(@TempDir Path dir) {
    try (Store store = Store.open(dir.resolve("s.db").toString())) {
      Study study = store.createStudy(StudySpec.of("numbers", "nb201", "fashion-mnist", "rea", 0, 1));
      // the quick start's FLOPs and a PBT study's image counts were printed without their trailing zeros
      record Row(String arch, double objective, double flops, double images, double loss, double cost, long params) {}
      List<Row> rows = List.of(
          new Row("|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|none~0|nor_conv_1x1~1|nor_conv_1x1~2|", 74.0,
              1_913_280, 2000, 0.43217, 14.23, 1_288_218),
          new Row("|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|nor_conv_1x1~2|", 61.25, 100_000, 20_000,
              1.5, 0.69, 35_170),
          new Row("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 10.5, 0, 2000, 2.30259, 100_000, 0));
      for (Row r : rows) {
        store.enqueue(study, r.arch());
        Claim c = store.claim(study, "w1").orElseThrow();
        store.finish(c, Evaluation.complete(r.arch(), "fashion-mnist", 1, r.objective(),
            Map.of("flops", r.flops(), "images", r.images(), "train_loss", r.loss()), r.cost(), r.params(), 7));
      }
      String html = HtmlReport.render(StudyReports.of(store, study, CellSpace.NB201, List.of(), Map.of()));

      assertTrue(html.contains("<td>1,913,280</td>"), "FLOPs with all their digits");
      assertTrue(html.contains("<td>2,000</td>"), "images with all their digits");
      assertTrue(html.contains(", 1,288,218 parameters"), "the best architecture's parameters");
      assertFalse(html.contains("191328<"), "no digits dropped");

      List<String> header = cells(section(html, "<thead>", "</thead>"), "th");
      assertEquals(List.of("#", "trial", "architecture", "status", "objective", "flops", "images", "train_loss",
          "params", "cost (s)", "seed", "finished (s)", "worker"), header);
      List<Trial> stored = store.finished(study);
      Matcher tr = Pattern.compile("<tr[^>]*>(.*?)</tr>").matcher(section(html, "<tbody>", "</tbody>"));
      for (Trial t : stored) {
        assertTrue(tr.find());
        List<String> row = cells(tr.group(1), "td");
        Evaluation e = t.evaluation();
        assertShows(e.objective(), row.get(header.indexOf("objective")));
        for (String m : List.of("flops", "images", "train_loss")) {
          assertShows(e.metric(m), row.get(header.indexOf(m)));
        }
        assertShows(e.params(), row.get(header.indexOf("params")));
        assertShows(e.costSeconds(), row.get(header.indexOf("cost (s)")));
      }
    }
  }

  @Test
  void theRecipeRecordedWithTheEvaluationsIsShown(@TempDir Path dir) {
    try (Store store = Store.open(dir.resolve("s.db").toString())) {
      Study study = store.createStudy(StudySpec.of("recipe", "nb201", "fashion-mnist", "rea", 0, 1));
      String arch = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
      store.enqueue(study, arch);
      Claim c = store.claim(study, "w1").orElseThrow();
      Provenance p = new Provenance(Map.of("learning_rate", "0.05"), "0.1.0", "0.35.1", "2.7.1", "cpu()");
      store.finish(c, Evaluation.complete(arch, "fashion-mnist", 1, 10, Map.of(), 1, 0, 7).withProvenance(p));
      String html = HtmlReport.render(StudyReports.of(store, study, CellSpace.NB201, List.of(), Map.of()));
      assertTrue(html.contains("learning_rate 0.05"), "the recipe");
      assertTrue(html.contains("nas4j 0.1.0, DJL 0.35.1, libtorch 2.7.1 on cpu()"), "the software");
    }
  }

  static String section(String html, String from, String to) {
    return html.substring(html.indexOf(from), html.indexOf(to));
  }

  static List<String> cells(String row, String tag) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">").matcher(row);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }
}
