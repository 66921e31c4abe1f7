package org.nas4j.report.html;

import java.util.Locale;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.NasnetSpace;

/**
 * Draws an architecture as SVG: a NAS-Bench-201 cell as its DAG (nodes and labelled op edges), a NASNet architecture
 * as its normal and its reduction cell, other spaces as a chain.
 */
final class CellDrawing {
  private CellDrawing() {}

  static String svg(Architecture a) {
    if (a.space() instanceof NasnetSpace) {
      return nasnet(a, 0) + nasnet(a, 1);
    }
    return a.space() instanceof CellSpace ? cell(a) : chain(a);
  }

  /** What the figure's caption says about the drawing of an architecture of this space. */
  static String caption(Architecture a) {
    if (a.space() instanceof NasnetSpace) {
      return "The normal and the reduction cell: each node applies the operation on each of its two incoming edges "
          + "and sums them; c[k-2] and c[k-1] are the outputs of the two cells before; nodes no other node reads are "
          + "concatenated into the cell's output. In the reduction cell the edges from c[k-2] and c[k-1] have stride 2.";
    }
    return "Edges carry the operation applied to their source node; a node sums its inputs; 'none' edges are left out.";
  }

  /**
   * One NASNet cell as a DAG: the two cell inputs on the left, the five nodes in a row, the output on the right;
   * each branch is an edge labelled with its op.
   */
  private static String nasnet(Architecture a, int cell) {
    int w = 860;
    int h = 330;
    int mid = 170;
    int gap = 120;
    String kind = NasnetSpace.CELLS.get(cell);
    double[][] at = new double[2 + NasnetSpace.NODES + 1][];
    at[0] = new double[] {60, 90};
    at[1] = new double[] {60, 250};
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      at[2 + b] = new double[] {60 + (b + 1) * gap, b % 2 == 0 ? mid - 30 : mid + 30};
    }
    at[at.length - 1] = new double[] {60 + (NasnetSpace.NODES + 1) * gap, mid};
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(w).append(' ').append(h)
        .append("' width='").append(w).append("' height='").append(h).append("' role='img' aria-label='")
        .append(kind).append(" cell' class='nasnet-").append(kind).append("'>");
    sb.append("<defs><marker id='arrow-").append(kind).append("' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        + "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' class='arrowhead'/></marker></defs>");
    sb.append(String.format(Locale.ROOT, "<text x='10' y='20' class='nodelabel'>%s cell</text>", kind));
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      for (int j = 0; j < 2; j++) {
        int in = a.gene(NasnetSpace.position(cell, b, j, false));
        String op = a.option(NasnetSpace.position(cell, b, j, true));
        edge(sb, at[in], at[2 + b], j == 0 ? -18 : 18, op, kind, op + ": " + name(in) + " -> node " + b);
      }
    }
    boolean[] out = NasnetSpace.outputs(a, cell);
    for (int b = 0; b < NasnetSpace.NODES; b++) {
      if (out[b]) {
        edge(sb, at[2 + b], at[at.length - 1], 0, "", kind, "node " + b + " -> output (concatenated)");
      }
    }
    for (int i = 0; i < at.length; i++) {
      String label = i == at.length - 1 ? "out" : i < 2 ? (i == 0 ? "c[k-2]" : "c[k-1]") : Integer.toString(i - 2);
      sb.append(String.format(Locale.ROOT, "<circle cx='%.0f' cy='%.0f' r='24' class='node'/>", at[i][0], at[i][1]));
      sb.append(String.format(Locale.ROOT, "<text x='%.0f' y='%.0f' class='nodelabel' text-anchor='middle'>%s</text>",
          at[i][0], at[i][1] + 5, label));
    }
    sb.append("</svg>");
    return sb.toString();
  }

  private static String name(int input) {
    return input == 0 ? "c[k-2]" : input == 1 ? "c[k-1]" : "node " + (input - 2);
  }

  /** A curved edge between two node centres, bent by {@code bend} so that a node's two branches do not overlap. */
  private static void edge(StringBuilder sb, double[] from, double[] to, double bend, String op, String kind,
      String title) {
    double dx = to[0] - from[0];
    double dy = to[1] - from[1];
    double len = Math.max(1, Math.hypot(dx, dy));
    double x1 = from[0] + dx / len * 24;
    double y1 = from[1] + dy / len * 24;
    double x2 = to[0] - dx / len * 24;
    double y2 = to[1] - dy / len * 24;
    double cx = (x1 + x2) / 2 - dy / len * bend * (1 + len / 300);
    double cy = (y1 + y2) / 2 + dx / len * bend * (1 + len / 300) - Math.min(60, len / 8);
    sb.append(String.format(Locale.ROOT, "<path d='M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f' class='edge%s' fill='none' "
        + "marker-end='url(#arrow-%s)'><title>%s</title></path>", x1, y1, cx, cy, x2, y2,
        op.isEmpty() ? "" : " op-" + Html.esc(op), kind, Html.esc(title)));
    if (!op.isEmpty()) {
      double lx = 0.25 * x1 + 0.5 * cx + 0.25 * x2;
      double ly = 0.25 * y1 + 0.5 * cy + 0.25 * y2 - 3;
      sb.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' class='oplabel' text-anchor='middle'>%s</text>",
          lx, ly, Html.esc(op)));
    }
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
