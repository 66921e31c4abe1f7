package org.nas4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG charts of a population that trains in synchronous steps (population based training): the lineage (members
 * over steps, with edges to their parents) and the fitness curve of every population slot. The caller hands plain
 * {@link Node}s and {@link Edge}s; how they were produced is not this class's business.
 */
public final class PopulationCharts {
  static final int FITNESS_WIDTH = 800;
  static final int FITNESS_HEIGHT = 500;
  /** Slots listed in the legend of the fitness chart; a larger population lists every k-th slot. */
  static final int LEGEND_SLOTS = 20;

  /**
   * One member after one step.
   *
   * @param step 1-based
   * @param slot its place in the population
   * @param member its id
   * @param accuracy its validation accuracy, a fraction
   */
  public record Node(int step, int slot, int member, double accuracy) {}

  /** An edge from member {@code from} after step {@code step} to member {@code to} after step {@code step + 1}. */
  public record Edge(int step, int from, int to, Kind kind) {}

  /** The kinds of lineage edge, as drawn and as named in the legend. */
  public enum Kind {
    SURVIVOR("survivor", new Color(180, 180, 180), new BasicStroke(1.5f)),
    BASE("base parent of a child", new Color(40, 40, 40), new BasicStroke(1.5f)),
    DONOR("donor parent of a child", new Color(200, 60, 60),
        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));

    final String label;
    final Paint paint;
    final Stroke stroke;

    Kind(String label, Paint paint, Stroke stroke) {
      this.label = label;
      this.paint = paint;
      this.stroke = stroke;
    }
  }

  private PopulationCharts() {}

  /**
   * Writes {@code lineage.png} and {@code fitness.png} into {@code dir}.
   *
   * @param run names the run in the titles, e.g. {@code pbt-nas, seed 0}
   * @param steps steps of the whole run
   */
  public static void write(Path dir, String run, int population, int steps, List<Node> nodes, List<Edge> edges)
      throws IOException {
    write(dir, run, population, steps, nodes, edges, Metric.ACCURACY);
  }

  /**
   * What a node's value is, for the labels: its name and the factor it is drawn with.
   *
   * @param name e.g. {@code validation accuracy (%)}
   * @param scale the drawn value is {@code scale * value} (100 for an accuracy kept as a fraction)
   */
  public record Metric(String name, double scale) {
    /** Validation accuracy, a fraction drawn in %. */
    public static final Metric ACCURACY = new Metric("validation accuracy (%)", 100);
  }

  /** As {@link #write(Path, String, int, int, List, List)}, for nodes valued by {@code metric}. */
  public static void write(Path dir, String run, int population, int steps, List<Node> nodes, List<Edge> edges,
      Metric metric) throws IOException {
    Charts.png(lineage(run, population, steps, nodes, edges, metric), dir.resolve("lineage.png"),
        Math.max(720, 260 + 90 * steps), 200 + 36 * population);
    Charts.png(fitness(run, population, nodes, metric), dir.resolve("fitness.png"), FITNESS_WIDTH, FITNESS_HEIGHT);
  }

  static JFreeChart lineage(String run, int population, int steps, List<Node> nodes, List<Edge> edges) {
    return lineage(run, population, steps, nodes, edges, Metric.ACCURACY);
  }

  static JFreeChart fitness(String run, int population, List<Node> nodes) {
    return fitness(run, population, nodes, Metric.ACCURACY);
  }

  /** Nodes (step, slot) coloured by validation accuracy, with an edge from each member to the members it came from. */
  static JFreeChart lineage(String run, int population, int steps, List<Node> nodes, List<Edge> edges,
      Metric metric) {
    Map<String, double[]> pos = new HashMap<>(); // "step:member" -> step, slot
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    XYShapeRenderer renderer = new XYShapeRenderer();
    double[][] xyz = new double[3][nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      xyz[0][i] = n.step();
      xyz[1][i] = n.slot();
      xyz[2][i] = metric.scale() * n.accuracy();
      pos.put(n.step() + ":" + n.member(), new double[] {n.step(), n.slot()});
      lo = Math.min(lo, metric.scale() * n.accuracy());
      hi = Math.max(hi, metric.scale() * n.accuracy());
      XYTextAnnotation id = new XYTextAnnotation(Integer.toString(n.member()), n.step() + 0.14, n.slot());
      id.setTextAnchor(TextAnchor.CENTER_LEFT);
      id.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      renderer.addAnnotation(id);
    }
    for (Edge e : edges) {
      double[] from = pos.get(e.step() + ":" + e.from());
      double[] to = pos.get((e.step() + 1) + ":" + e.to());
      if (from != null && to != null) { // behind the nodes
        renderer.addAnnotation(new XYLineAnnotation(from[0], from[1], to[0], to[1], e.kind().stroke, e.kind().paint),
            Layer.BACKGROUND);
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    data.addSeries("members", xyz);
    double low = lo < hi ? lo : lo - 0.5;
    double high = lo < hi ? hi : lo + 0.5;
    Charts.ColourScale colours = new Charts.ColourScale(low, high, v -> viridis((v - low) / (high - low)));
    renderer.setPaintScale(colours);
    renderer.setSeriesShape(0, new Ellipse2D.Double(-8, -8, 16, 16));
    renderer.setDrawOutlines(true);
    renderer.setUseOutlinePaint(true);
    renderer.setSeriesOutlinePaint(0, Color.BLACK);
    NumberAxis x = Charts.axis("step", true);
    x.setRange(0.5, steps + 0.5);
    NumberAxis y = Charts.axis("population slot", true);
    y.setRange(-0.5, population - 0.5);
    y.setInverted(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    LegendItemCollection legend = new LegendItemCollection();
    for (Kind k : Kind.values()) {
      legend.add(new LegendItem(k.label, null, null, null, new Line2D.Double(-12, 0, 12, 0), k.stroke, k.paint));
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart = Charts.chart("PBT lineage (" + run + ")", plot, true);
    chart.addSubtitle(new TextTitle("a node is a member after a step, labelled with its id and coloured by "
        + metric.name(), Charts.LABEL_FONT));
    Charts.scaleLegend(chart, colours, metric.name());
    return chart;
  }

  /** One line per population slot over the steps; a circle marks a step where a new member took the slot. */
  static JFreeChart fitness(String run, int population, List<Node> nodes, Metric metric) {
    int n = population;
    XYSeriesCollection slots = new XYSeriesCollection();
    for (int slot = 0; slot < n; slot++) {
      slots.addSeries(new XYSeries("slot " + slot, false, true));
    }
    XYSeries children = new XYSeries("new child", false, true);
    int[] previous = new int[n];
    Arrays.fill(previous, -1);
    for (Node f : nodes) { // in step order
      slots.getSeries(f.slot()).add(f.step(), metric.scale() * f.accuracy());
      if (previous[f.slot()] >= 0 && previous[f.slot()] != f.member()) {
        children.add(f.step(), metric.scale() * f.accuracy());
      }
      previous[f.slot()] = f.member();
    }
    XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
    for (int slot = 0; slot < n; slot++) {
      lines.setSeriesPaint(slot, slotColour(slot, n));
      lines.setSeriesStroke(slot, new BasicStroke(1.5f));
    }
    XYLineAndShapeRenderer marks = new XYLineAndShapeRenderer(false, true);
    marks.setSeriesShape(0, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
    marks.setSeriesShapesFilled(0, false);
    marks.setSeriesPaint(0, Color.BLACK);
    XYPlot plot = new XYPlot(slots, Charts.axis("step", true), Charts.axis(metric.name(), false), lines);
    plot.setDataset(1, new XYSeriesCollection(children));
    plot.setRenderer(1, marks);
    LegendItemCollection legend = new LegendItemCollection();
    for (int slot = 0; slot < n; slot += (n + LEGEND_SLOTS - 1) / LEGEND_SLOTS) {
      legend.add(lines.getLegendItem(0, slot));
    }
    legend.add(marks.getLegendItem(1, 0));
    plot.setFixedLegendItems(legend);
    JFreeChart chart = Charts.chart(Character.toUpperCase(metric.name().charAt(0)) + metric.name().substring(1)
        + " of every population slot after each step (" + run + ")", plot,
        true);
    chart.getLegend().setPosition(RectangleEdge.RIGHT);
    return chart;
  }

  static Color slotColour(int slot, int n) {
    return viridis(n == 1 ? 0.5 : slot / (double) (n - 1) * 0.9);
  }

  /** An approximation of the viridis colour map, t in [0,1]. */
  static Color viridis(double t) {
    double x = Math.max(0, Math.min(1, t));
    double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double p = x * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) p);
    double f = p - i;
    return new Color((int) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
        (int) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])), (int) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
  }
}
