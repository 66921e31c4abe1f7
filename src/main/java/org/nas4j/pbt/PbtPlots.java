package org.nas4j.pbt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.nas4j.report.Charts;

/**
 * PNG charts of a run: the lineage (members over steps, with edges to their parents) and the fitness curves of all
 * population slots, drawn by JFreeChart through {@link Charts}.
 */
public final class PbtPlots {
  static final int FITNESS_WIDTH = 800;
  static final int FITNESS_HEIGHT = 500;
  /** Slots listed in the legend of {@code fitness.png}; a larger population lists every k-th slot. */
  static final int LEGEND_SLOTS = 20;

  private PbtPlots() {}

  /** Writes {@code lineage.png} and {@code fitness.png} into the run directory. */
  public static void draw(Path dir, PbtSearch search) throws IOException {
    List<PbtSearch.PopulationFile> pops = search.populations();
    int steps = search.config().steps();
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int s = 1; s <= steps; s++) {
      fit.add(search.results(s));
    }
    PbtConfig cfg = search.config();
    Charts.png(lineage(pops, fit, cfg), dir.resolve("lineage.png"), Math.max(720, 260 + 90 * steps),
        200 + 36 * cfg.population());
    Charts.png(fitness(fit, cfg), dir.resolve("fitness.png"), FITNESS_WIDTH, FITNESS_HEIGHT);
  }

  /** Nodes (step, slot) coloured by validation accuracy, with an edge from each member to the members it came from. */
  static JFreeChart lineage(List<PbtSearch.PopulationFile> pops, List<List<PbtSearch.StepFitness>> fit, PbtConfig cfg) {
    List<double[]> nodes = new ArrayList<>(); // step, slot, accuracy in %
    Map<String, double[]> pos = new HashMap<>(); // "step:member" -> step, slot
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    XYShapeRenderer renderer = new XYShapeRenderer();
    for (int s = 0; s < fit.size(); s++) {
      for (PbtSearch.StepFitness f : fit.get(s)) {
        nodes.add(new double[] {s + 1, f.slot(), 100 * f.validAccuracy()});
        pos.put((s + 1) + ":" + f.member(), new double[] {s + 1, f.slot()});
        lo = Math.min(lo, 100 * f.validAccuracy());
        hi = Math.max(hi, 100 * f.validAccuracy());
        XYTextAnnotation id = new XYTextAnnotation(Integer.toString(f.member()), s + 1.14, f.slot());
        id.setTextAnchor(TextAnchor.CENTER_LEFT);
        id.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        renderer.addAnnotation(id);
      }
    }
    // edges: a member that trained in step s+1 and was born at step s has parents that trained in step s
    for (int s = 1; s < fit.size() && s < pops.size(); s++) {
      for (Member m : pops.get(s).members()) {
        double[] to = pos.get((s + 1) + ":" + m.id());
        if (m.born() == s && m.base() >= 0) {
          edge(renderer, pos.get(s + ":" + m.base()), to, Edge.BASE);
          if (m.donor() >= 0 && m.donor() != m.base()) {
            edge(renderer, pos.get(s + ":" + m.donor()), to, Edge.DONOR);
          }
        } else {
          edge(renderer, pos.get(s + ":" + m.id()), to, Edge.SURVIVOR);
        }
      }
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] xyz = new double[3][nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      for (int k = 0; k < 3; k++) {
        xyz[k][i] = nodes.get(i)[k];
      }
    }
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
    x.setRange(0.5, fit.size() + 0.5);
    NumberAxis y = Charts.axis("population slot", true);
    y.setRange(-0.5, cfg.population() - 0.5);
    y.setInverted(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    LegendItemCollection legend = new LegendItemCollection();
    for (Edge e : Edge.values()) {
      legend.add(new LegendItem(e.label, null, null, null, new Line2D.Double(-12, 0, 12, 0), e.stroke, e.paint));
    }
    plot.setFixedLegendItems(legend);
    JFreeChart chart = Charts.chart("PBT lineage (" + cfg.variant().id() + ", seed " + cfg.seed() + ")", plot, true);
    chart.addSubtitle(new TextTitle("a node is a member after a step, labelled with its id and coloured by validation "
        + "accuracy", Charts.LABEL_FONT));
    Charts.scaleLegend(chart, colours, "validation accuracy (%)");
    return chart;
  }

  /** The kinds of lineage edge, as drawn and as named in the legend. */
  private enum Edge {
    SURVIVOR("survivor", new Color(180, 180, 180), new BasicStroke(1.5f)),
    BASE("base parent of a child", new Color(40, 40, 40), new BasicStroke(1.5f)),
    DONOR("donor parent of a child", new Color(200, 60, 60),
        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));

    final String label;
    final Paint paint;
    final Stroke stroke;

    Edge(String label, Paint paint, Stroke stroke) {
      this.label = label;
      this.paint = paint;
      this.stroke = stroke;
    }
  }

  private static void edge(XYShapeRenderer r, double[] from, double[] to, Edge kind) {
    if (from != null && to != null) { // behind the nodes
      r.addAnnotation(new XYLineAnnotation(from[0], from[1], to[0], to[1], kind.stroke, kind.paint), Layer.BACKGROUND);
    }
  }

  /** One line per population slot over the steps; a circle marks a step where a new child took the slot. */
  static JFreeChart fitness(List<List<PbtSearch.StepFitness>> fit, PbtConfig cfg) {
    int n = cfg.population();
    XYSeriesCollection slots = new XYSeriesCollection();
    for (int slot = 0; slot < n; slot++) {
      slots.addSeries(new XYSeries("slot " + slot, false, true));
    }
    XYSeries children = new XYSeries("new child", false, true);
    int[] previous = new int[n];
    java.util.Arrays.fill(previous, -1);
    for (int s = 0; s < fit.size(); s++) {
      for (PbtSearch.StepFitness f : fit.get(s)) {
        slots.getSeries(f.slot()).add(s + 1, 100 * f.validAccuracy());
        if (previous[f.slot()] >= 0 && previous[f.slot()] != f.member()) {
          children.add(s + 1, 100 * f.validAccuracy());
        }
        previous[f.slot()] = f.member();
      }
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
    XYPlot plot = new XYPlot(slots, Charts.axis("step", true), Charts.axis("validation accuracy (%)", false), lines);
    plot.setDataset(1, new XYSeriesCollection(children));
    plot.setRenderer(1, marks);
    LegendItemCollection legend = new LegendItemCollection();
    for (int slot = 0; slot < n; slot += (n + LEGEND_SLOTS - 1) / LEGEND_SLOTS) {
      legend.add(lines.getLegendItem(0, slot));
    }
    legend.add(marks.getLegendItem(1, 0));
    plot.setFixedLegendItems(legend);
    JFreeChart chart = Charts.chart("Validation accuracy of every population slot after each step (" + cfg.variant().id()
        + ", seed " + cfg.seed() + ")", plot, true);
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
