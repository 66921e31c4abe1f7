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
   * One NASNet cell as the paper draws it: the two cell inputs on the left, then per node its two ops as labelled
   * boxes (the upper box is branch 0) feeding the node's sum, nodes left to right, and the output (the
   * concatenation of the nodes no other node uses) on the right. An op is a box rather than an edge label because
   * edges that skip nodes cross each other and their labels collided; edges arc above (branch 0) or below
   * (branch 1) the boxes they pass, by more the further they reach, and boxes are drawn over edges.
   */
  private static String nasnet(Architecture a, int cell) {
    int nodes = NasnetSpace.NODES;
    int col = 180;
    int boxW = 92;
    int boxH = 22;
    double mid = 170;
    int branchDy = 42;
    int w = 110 + (nodes + 1) * col;
    int h = 340;
    String kind = NasnetSpace.CELLS.get(cell);
    // centres of the states: the two inputs, the nodes' sums, the output
    double[][] at = new double[2 + nodes + 1][];
    at[0] = new double[] {40, mid - 70};
    at[1] = new double[] {40, mid + 70};
    for (int b = 0; b < nodes; b++) {
      at[2 + b] = new double[] {boxX(b, col) + boxW / 2.0 + 34, mid};
    }
    at[at.length - 1] = new double[] {boxX(nodes, col) + 20, mid};
    StringBuilder edges = new StringBuilder();
    StringBuilder boxes = new StringBuilder();
    for (int b = 0; b < nodes; b++) {
      for (int j = 0; j < 2; j++) {
        int in = a.gene(NasnetSpace.position(cell, b, j, false));
        String op = a.option(NasnetSpace.position(cell, b, j, true));
        double bx = boxX(b, col);
        double by = mid + (j == 0 ? -branchDy : branchDy);
        double[] from = exit(at[in], in < 2 ? 18 : 14);
        double reach = bx - from[0];
        double lift = in < 2 && reach < col ? 0 : Math.min(120, 18 + reach / 9);
        double cy = j == 0 ? Math.min(from[1], by) - lift : Math.max(from[1], by) + lift;
        String title = op + ": " + name(in) + " -> node " + b;
        edges.append(String.format(Locale.ROOT, "<path d='M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f' class='edge op-%s' "
            + "fill='none' marker-end='url(#arrow-%s)'><title>%s</title></path>", from[0], from[1],
            (from[0] + bx - boxW / 2.0) / 2, Math.max(8, Math.min(h - 8, cy)), bx - boxW / 2.0, by, Html.esc(op),
            kind, Html.esc(title)));
        edges.append(String.format(Locale.ROOT, "<path d='M%.1f,%.1f L%.1f,%.1f' class='edge'/>", bx + boxW / 2.0,
            by, at[2 + b][0] - 14, mid + (j == 0 ? -6 : 6)));
        boxes.append(String.format(Locale.ROOT, "<g><title>%s</title><rect x='%.1f' y='%.1f' width='%d' height='%d' "
            + "rx='4' class='opbox op-%s'/><text x='%.1f' y='%.1f' class='oplabel' text-anchor='middle'>%s</text></g>",
            Html.esc(title), bx - boxW / 2.0, by - boxH / 2.0, boxW, boxH, Html.esc(op), bx, by + 4, Html.esc(op)));
      }
    }
    boolean[] out = NasnetSpace.outputs(a, cell);
    double[] end = at[at.length - 1];
    for (int b = 0; b < nodes; b++) {
      if (out[b]) {
        double[] from = exit(at[2 + b], 14);
        double reach = end[0] - from[0];
        double cy = mid + (reach > col ? Math.min(160, 2 * (branchDy + boxH) + reach / 20) : 0); // apex below the boxes
        edges.append(String.format(Locale.ROOT, "<path d='M%.1f,%.1f Q%.1f,%.1f %.1f,%.1f' class='edge output' "
            + "fill='none' marker-end='url(#arrow-%s)'><title>node %d -> output (concatenated)</title></path>", from[0],
            from[1] + (reach > col ? 10 : 0), (from[0] + end[0] - 20) / 2, cy, end[0] - 20, end[1], kind, b));
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 ").append(w).append(' ').append(h)
        .append("' width='").append(w).append("' height='").append(h).append("' role='img' aria-label='")
        .append(kind).append(" cell' class='nasnet-").append(kind).append("'>");
    sb.append("<defs><marker id='arrow-").append(kind).append("' viewBox='0 0 10 10' refX='10' refY='5' markerWidth='7' "
        + "markerHeight='7' orient='auto-start-reverse'><path d='M0,0 L10,5 L0,10 z' class='arrowhead'/></marker></defs>");
    sb.append(String.format(Locale.ROOT, "<text x='10' y='20' class='nodelabel'>%s cell</text>", kind));
    sb.append(edges).append(boxes);
    for (int i = 0; i < at.length; i++) {
      boolean input = i < 2;
      boolean output = i == at.length - 1;
      String label = output ? "out" : input ? (i == 0 ? "c[k-2]" : "c[k-1]") : "+";
      sb.append(String.format(Locale.ROOT, "<circle cx='%.0f' cy='%.0f' r='%d' class='node'/>", at[i][0], at[i][1],
          input || output ? 18 : 14));
      sb.append(String.format(Locale.ROOT, "<text x='%.0f' y='%.0f' class='nodelabel' text-anchor='middle'>%s</text>",
          at[i][0], at[i][1] + 5, input ? "" : label));
      if (input) {
        sb.append(String.format(Locale.ROOT, "<text x='%.0f' y='%.0f' class='nodelabel' text-anchor='middle'>%s</text>",
            at[i][0], at[i][1] + (i == 0 ? -26 : 36), label));
      } else if (!output) {
        sb.append(String.format(Locale.ROOT, "<text x='%.0f' y='%.0f' class='statelabel' text-anchor='middle'>"
            + "node %d</text>", at[i][0], at[i][1] + 30, i - 2));
      }
    }
    sb.append("</svg>");
    return sb.toString();
  }

  /** Centre of node {@code b}'s op boxes. */
  private static double boxX(int b, int col) {
    return 130 + b * col;
  }

  /** Where an edge leaves a state drawn as a circle of radius {@code r}: its right-hand side. */
  private static double[] exit(double[] centre, double r) {
    return new double[] {centre[0] + r, centre[1]};
  }

  private static String name(int input) {
    return input == 0 ? "c[k-2]" : input == 1 ? "c[k-1]" : "node " + (input - 2);
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
