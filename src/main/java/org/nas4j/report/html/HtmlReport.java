package org.nas4j.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.util.Format;
import org.nas4j.store.Trial;

/**
 * Writes a study report as one self-contained HTML file: best-so-far against evaluations and against time,
 * every evaluation against its parameter count, the best architecture drawn as a graph, and the table of
 * evaluations. No scripts, fonts or images are fetched; charts are inline SVG (JFreeChart) with hover titles.
 */
public final class HtmlReport {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private HtmlReport() {}

  /** Writes the report atomically (a temporary file renamed into place). */
  public static void write(ReportData data, Path out) throws IOException {
    Path abs = out.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Path tmp = Files.createTempFile(abs.getParent(), ".report", ".tmp");
    try {
      Files.writeString(tmp, render(data), StandardCharsets.UTF_8);
      try { // a temporary file is private; a report is meant to be shared
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the default ACL applies
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** The report as an HTML string. */
  public static String render(ReportData d) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>")
        .append("<meta name='viewport' content='width=device-width, initial-scale=1'>")
        .append("<title>nas4j study ").append(Html.esc(d.study())).append("</title><style>").append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>Study <code>").append(Html.esc(d.study())).append("</code></h1>\n");

    List<Trial> ok = d.trials().stream().filter(t -> t.evaluation().ok()).toList();
    long failed = d.trials().size() - ok.size();
    h.append("<table class='facts'>");
    for (Map.Entry<String, String> f : d.facts().entrySet()) {
      row(h, f.getKey(), f.getValue());
    }
    row(h, "evaluations", Format.count(d.trials().size()) + (failed > 0 ? " (" + Format.count(failed) + " failed)" : ""));
    row(h, "transfer sources", d.sources().isEmpty() ? "none" : String.join(", ", d.sources()));
    h.append("</table>\n");

    DoubleFunction<String> objective = Format.forColumn(ok.stream().mapToDouble(t -> t.evaluation().objective()).toArray());
    Trial best = null;
    for (Trial t : ok) {
      if (best == null || t.evaluation().objective() > best.evaluation().objective()) {
        best = t;
      }
    }
    h.append("<h2>Best architecture</h2>\n");
    if (best == null) {
      h.append("<p>No evaluation has completed yet.</p>\n");
    } else {
      Evaluation e = best.evaluation();
      h.append("<p><code class='arch'>").append(Html.esc(e.architecture())).append("</code></p>\n<p>")
          .append("trial #").append(best.number()).append(", objective <b>").append(objective.apply(e.objective())).append("</b>")
          .append(e.params() >= 0 ? ", " + Format.count(e.params()) + " parameters" : "")
          .append("</p>\n");
      if (!d.finalResult().isEmpty()) {
        h.append("<table class='facts'>");
        d.finalResult().forEach((k, v) -> row(h, k, v));
        h.append("</table>\n");
      }
      d.best().ifPresent(a -> h.append("<figure>").append(CellDrawing.svg(a))
          .append("<figcaption>").append(CellDrawing.caption(a)).append("</figcaption></figure>\n"));
    }

    if (!ok.isEmpty()) {
      h.append("<h2>Best so far</h2>\n<div class='charts'>");
      h.append("<figure>").append(StudyCharts.bestVsEvaluations(d.trials(), objective)).append("<figcaption>Objective of each evaluation "
          + "(dots) and the best so far (line), in finish order.</figcaption></figure>");
      h.append("<figure>").append(StudyCharts.bestVsTime(d.trials(), d.startedAtMillis(), objective))
          .append("<figcaption>Best so far against wall time since the study started.</figcaption></figure>");
      h.append("</div>\n<h2>Objective against size</h2>\n<figure>").append(StudyCharts.vsParams(ok, objective))
          .append("<figcaption>Every completed evaluation against its number of trainable parameters "
              + "(log scale); the best is marked.</figcaption></figure>\n");
    }

    h.append("<h2>Evaluations</h2>\n");
    table(h, d.trials(), best, d.startedAtMillis(), objective);
    h.append("<footer>Written by nas4j ").append(Html.esc(org.nas4j.Version.get())).append(" at ")
        .append(TIME.format(Instant.now())).append(".</footer>\n</body></html>\n");
    return h.toString();
  }

  private static void table(StringBuilder h, List<Trial> all, Trial best, long start,
      DoubleFunction<String> objective) {
    TreeSet<String> metricNames = new TreeSet<>();
    all.forEach(t -> metricNames.addAll(t.evaluation().metrics().keySet()));
    Map<String, DoubleFunction<String>> metric = new HashMap<>();
    for (String m : metricNames) {
      metric.put(m, Format.forColumn(all.stream().mapToDouble(t -> t.evaluation().metric(m)).toArray()));
    }
    h.append("<table class='evals'><thead><tr><th>#</th><th>trial</th><th>architecture</th><th>status</th>"
        + "<th>objective</th>");
    for (String m : metricNames) {
      h.append("<th>").append(Html.esc(m)).append("</th>");
    }
    h.append("<th>params</th><th>cost (s)</th><th>seed</th><th>finished (s)</th><th>worker</th></tr></thead><tbody>\n");
    int i = 0;
    for (Trial t : all) {
      Evaluation e = t.evaluation();
      h.append(t == best ? "<tr class='best'>" : e.ok() ? "<tr>" : "<tr class='failed'>");
      h.append("<td>").append(++i).append("</td><td>").append(t.number()).append("</td><td><code>")
          .append(Html.esc(e.architecture())).append("</code></td><td>")
          .append(e.ok() ? "complete" : "failed: " + Html.esc(e.error())).append("</td><td>")
          .append(e.ok() ? objective.apply(e.objective()) : "").append("</td>");
      for (String m : metricNames) {
        h.append("<td>").append(Double.isNaN(e.metric(m)) ? "" : metric.get(m).apply(e.metric(m))).append("</td>");
      }
      h.append("<td>").append(e.params() >= 0 ? Format.count(e.params()) : "").append("</td><td>")
          .append(Format.seconds(e.costSeconds())).append("</td><td>").append(e.seed())
          .append("</td><td>").append(Format.seconds((t.finished().toEpochMilli() - start) / 1000.0))
          .append("</td><td>").append(Html.esc(t.worker() == null ? "" : t.worker())).append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  private static void row(StringBuilder h, String k, String v) {
    h.append("<tr><th>").append(Html.esc(k)).append("</th><td>").append(Html.esc(v)).append("</td></tr>");
  }

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:24px auto;max-width:1400px;padding:0 16px;color:#222}
      h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ddd}
      code{font:12px ui-monospace,Menlo,Consolas,monospace}code.arch{font-size:13px;background:#f4f4f4;padding:2px 4px}
      table.facts th{text-align:left;padding-right:16px;font-weight:600}table.facts td{padding:1px 0}
      table.evals{border-collapse:collapse;font-size:12px}table.evals th,table.evals td{border:1px solid #ddd;padding:2px 6px;text-align:right}
      table.evals td:nth-child(3),table.evals td:nth-child(4){text-align:left}table.evals thead th{background:#f0f0f0;position:sticky;top:0}
      tr.best td{background:#e6f4e6;font-weight:600}tr.failed td{color:#a33}
      .charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:8px 0}figcaption{font-size:12px;color:#555;max-width:640px}
      svg{max-width:100%;height:auto}
      .node{fill:#fff;stroke:#333;stroke-width:1.5}.nodelabel{font-size:13px;font-weight:600}.oplabel{font-size:12px;fill:#111}
      .edge{fill:none;stroke:#555;stroke-width:1.6}.edge.output{stroke:#999;stroke-dasharray:4 3}.opbox{fill:#f7f7f7;stroke:#555}.statelabel{font-size:11px;fill:#666}.arrowhead{fill:#555}.op-skip_connect{stroke-dasharray:5 3}
      .op-nor_conv_3x3{stroke:#c0392b}.op-nor_conv_1x1{stroke:#d68910}.op-avg_pool_3x3{stroke:#2874a6}
      footer{margin-top:24px;font-size:12px;color:#777}
      """;
}
