package org.nas4j.report.html;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page (images embedded, opens with no network) of a PBT run directory: its result, the
 * lineage and fitness charts and, for the GAN task, the grid of the best member's samples after every step.
 */
public final class RunPage {
  private RunPage() {}

  /** Writes the page of run directory {@code run}, whose {@code result.json} is {@code result}, to {@code out}. */
  public static void write(Path run, Map<String, ?> result, Path out) throws IOException {
    StringBuilder h = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>nas4j run ")
        .append(esc(run.getFileName().toString())).append("</title><style>body{font-family:sans-serif;margin:2em}"
            + "td,th{padding:2px 8px;text-align:left}img{max-width:100%}figure{display:inline-block;margin:0 1em 1em 0}"
            + "</style></head><body><h1>PBT run ").append(esc(run.getFileName().toString())).append("</h1><table>");
    for (Map.Entry<String, ?> e : result.entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?>)) {
        h.append("<tr><th>").append(esc(e.getKey())).append("</th><td>").append(esc(String.valueOf(e.getValue())))
            .append("</td></tr>");
      }
    }
    h.append("</table>");
    for (String png : List.of("lineage.png", "fitness.png", "samples.png")) {
      if (Files.exists(run.resolve(png))) {
        h.append("<h2>").append(png).append("</h2>").append(img(run.resolve(png)));
      }
    }
    List<Path> steps = new ArrayList<>();
    for (int t = 1; Files.exists(run.resolve("samples").resolve("step-" + t + ".png")); t++) {
      steps.add(run.resolve("samples").resolve("step-" + t + ".png"));
    }
    if (!steps.isEmpty()) {
      h.append("<h2>Samples of the best member after each step (EMA generator, fixed noise)</h2>");
      for (int t = 0; t < steps.size(); t++) {
        h.append("<figure>").append(img(steps.get(t))).append("<figcaption>step ").append(t + 1)
            .append("</figcaption></figure>");
      }
    }
    h.append("</body></html>\n");
    Files.writeString(out, h.toString(), StandardCharsets.UTF_8);
  }

  private static String img(Path png) throws IOException {
    return "<img alt=\"" + esc(png.getFileName().toString()) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(Files.readAllBytes(png)) + "\">";
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
