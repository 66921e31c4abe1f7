package org.nas4j.report.html;

import java.util.Locale;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

/** Draws an architecture as SVG: a cell as its DAG (nodes and labelled op edges), other spaces as a chain. */
final class CellDrawing {
  private CellDrawing() {}

  static String svg(Architecture a) {
    return a.space() instanceof CellSpace ? cell(a) : chain(a);
  }

  private static String cell(Architecture a) {
    int n = CellSpace.NODES;
    int w = 720;
    int h = 300;
    int y = 230;
    int gap = (w - 120) / (n - 1);
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(w).append(' ').append(h)
        .append("' width='").append(w).append("' height='").append(h).append("' role='img' aria-label='best cell'>");
    b.append("<defs><marker id='arrow' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' markerHeight='7' "
        + "orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' class='arrowhead'/></marker></defs>");
    for (int e = 0; e < CellSpace.EDGES; e++) {
      String op = a.option(e);
      if (op.equals("none")) {
        continue; // a zero edge carries nothing: leave it out of the drawing
      }
      int from = CellSpace.edgeSource(e);
      int to = CellSpace.edgeTarget(e);
      double x1 = 60 + from * gap + 22;
      double x2 = 60 + to * gap - 22;
      int span = to - from;
      double lift = span == 1 ? 0 : 55 * span;
      double cx = (x1 + x2) / 2;
      double cy = y - lift * 1.6;
      String path = span == 1
          ? String.format(Locale.ROOT, "M%.1f,%d L%.1f,%d", x1, y, x2, y)
          : String.format(Locale.ROOT, "M%.1f,%d Q%.1f,%.1f %.1f,%d", x1, y - 10, cx, cy, x2, y - 10);
      double lx = cx;
      double ly = span == 1 ? y - 8 : (y - 10 + cy) / 2 + (cy - y) * 0.02 - 4;
      b.append("<path d='").append(path).append("' class='edge op-").append(Html.esc(op))
          .append("' marker-end='url(#arrow)'><title>").append(Html.esc(op + ": node " + from + " -> node " + to))
          .append("</title></path>");
      b.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' class='oplabel' text-anchor='middle'>%s</text>",
          lx, ly, Html.esc(op)));
    }
    for (int i = 0; i < n; i++) {
      int x = 60 + i * gap;
      String name = i == 0 ? "in" : i == n - 1 ? "out" : Integer.toString(i);
      b.append(String.format(Locale.ROOT, "<circle cx='%d' cy='%d' r='22' class='node'/>", x, y));
      b.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='nodelabel' text-anchor='middle'>%s</text>",
          x, y + 5, name));
    }
    b.append("</svg>");
    return b.toString();
  }

  private static String chain(Architecture a) {
    int p = a.space().positions();
    int boxW = 120;
    int w = Math.max(200, 20 + p * (boxW + 24));
    int h = 90;
    StringBuilder b = new StringBuilder();
    b.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(w).append(' ').append(h)
        .append("' width='").append(w).append("' height='").append(h).append("' role='img' aria-label='best architecture'>");
    b.append("<defs><marker id='arrow2' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' markerHeight='7' "
        + "orient='auto'><path d='M0,0 L10,5 L0,10 z' class='arrowhead'/></marker></defs>");
    for (int i = 0; i < p; i++) {
      int x = 10 + i * (boxW + 24);
      b.append(String.format(Locale.ROOT, "<rect x='%d' y='25' width='%d' height='40' rx='6' class='node'/>", x, boxW));
      b.append(String.format(Locale.ROOT, "<text x='%d' y='50' class='oplabel' text-anchor='middle'>%s</text>",
          x + boxW / 2, Html.esc(a.option(i))));
      if (i + 1 < p) {
        b.append(String.format(Locale.ROOT, "<line x1='%d' y1='45' x2='%d' y2='45' class='edge' marker-end='url(#arrow2)'/>",
            x + boxW, x + boxW + 24));
      }
    }
    b.append("</svg>");
    return b.toString();
  }
}
