package org.nas4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nas4j.report.Shown.assertShows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.CliRun;

/** What {@code bench} prints for people (console, summary.md) is what summary.json holds (issue 11). */
class SummaryNumbersTest {
  @Test
  void summaryMdShowsTheNumbersOfSummaryJson(@TempDir Path dir) throws Exception {
    CliRun r = CliRun.of("bench", "--task", "cifar10", "--optimizers", "rs,rea", "--runs", "3", "--budget-seconds",
        "100000", "--threads", "1", "--no-progress", "--out", dir.toString()).expect(0);
    String md = Files.readString(dir.resolve("summary.md"));
    JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("summary.json"))).getAsJsonObject();

    assertEquals(100_000, json.getAsJsonObject("budget").get("seconds").getAsDouble());
    assertTrue(md.contains("budget 100,000 simulated seconds, 3 runs each"), "once 'budget 1 simulated seconds': " + md);
    assertTrue(r.out().contains("budget 100,000 simulated seconds"), r.out());

    List<String> lines = md.lines().toList();
    List<String> header = cells(lines.stream().filter(l -> l.startsWith("| method |")).findFirst().orElseThrow());
    for (JsonElement o : json.getAsJsonArray("optimizers")) {
      JsonObject opt = o.getAsJsonObject();
      String name = opt.get("optimizer").getAsString();
      List<String> row = cells(lines.stream().filter(l -> l.startsWith("| " + name + " |")).findFirst().orElseThrow());
      for (String column : opt.getAsJsonObject("metrics").keySet()) {
        JsonObject s = opt.getAsJsonObject("metrics").getAsJsonObject(column);
        String[] shown = row.get(header.indexOf(column)).split("±");
        assertShows(s.get("mean").getAsDouble(), shown[0]);
        assertShows(s.get("std").getAsDouble(), shown[1]);
      }
      assertShows(opt.getAsJsonObject("evaluations").get("mean").getAsDouble(), row.get(header.indexOf("evals")));
    }
  }

  /** The cells of a Markdown table row, without the outer bars. */
  static List<String> cells(String row) {
    return Arrays.stream(row.substring(1, row.length() - 1).split("\\|")).map(String::strip).toList();
  }
}
