package org.nas4j.report.html;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.labels.XYToolTipGenerator;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGHints;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.report.Charts;
import org.nas4j.util.Format;
import org.nas4j.store.Trial;

/** The report's charts, drawn by JFreeChart as inline SVG; each point carries a hover title. */
final class StudyCharts {
  static final int W = 640;
  static final int H = 360;
  private static final Color BEST = new Color(0x1a7f37);
  private static final Color EVAL = new Color(0x3b, 0x6f, 0xd8, 166);
  private static final Color BEST_EVAL = new Color(0xd83b3b);

  private StudyCharts() {}

  /** Every completed evaluation (points) and the best so far (a step line), in finish order. */
  static String bestVsEvaluations(List<Trial> all, DoubleFunction<String> objective) {
    List<double[]> pts = new ArrayList<>();
    XYSeries evals = new XYSeries("evaluation", false, true);
    List<String> titles = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      Evaluation e = all.get(i).evaluation();
      if (e.ok()) {
        pts.add(new double[] {i + 1, e.objective()});
        evals.add(i + 1, e.objective());
        titles.add("#" + all.get(i).number() + " " + objective.apply(e.objective()) + " " + e.architecture());
      }
    }
    NumberAxis x = Charts.axis("evaluations (finish order)", true);
    x.setRange(0, all.size() + 1);
    XYPlot plot = new XYPlot(new XYSeriesCollection(bestLine(pts)), x, Charts.axis("objective", false), bestRenderer());
    points(plot, 1, evals, EVAL, titles, "eval");
    return svg(plot, "best so far against evaluations");
  }

  /** The best so far against wall time since the study started, with a point at each improvement. */
  static String bestVsTime(List<Trial> all, long start, DoubleFunction<String> objective) {
    double maxT = 0;
    for (Trial t : all) {
      maxT = Math.max(maxT, (t.finished().toEpochMilli() - start) / 1000.0);
    }
    boolean minutes = maxT > 300;
    double unit = minutes ? 60 : 1;
    List<double[]> pts = new ArrayList<>();
    for (Trial t : all) {
      if (t.evaluation().ok()) {
        pts.add(new double[] {(t.finished().toEpochMilli() - start) / 1000.0 / unit, t.evaluation().objective()});
      }
    }
    pts.sort((a, b) -> Double.compare(a[0], b[0]));
    XYSeries improvements = new XYSeries("improvement", false, true);
    List<String> titles = new ArrayList<>();
    double run = Double.NEGATIVE_INFINITY;
    for (double[] p : pts) {
      if (p[1] > run) {
        run = p[1];
        improvements.add(p[0], p[1]);
        titles.add(objective.apply(p[1]) + " at " + Format.seconds(p[0] * unit) + " s");
      }
    }
    NumberAxis x = Charts.axis(minutes ? "wall time (minutes)" : "wall time (seconds)", false);
    x.setRange(0, Math.max(maxT / unit, 1e-3) * 1.02);
    XYPlot plot = new XYPlot(new XYSeriesCollection(bestLine(pts)), x, Charts.axis("best objective so far", false),
        bestRenderer());
    points(plot, 1, improvements, BEST, titles, "improvement");
    return svg(plot, "best so far against wall time");
  }

  /** Every completed evaluation against its parameter count, the best marked. */
  static String vsParams(List<Trial> ok, DoubleFunction<String> objective) {
    Trial best = null;
    for (Trial t : ok) {
      if (best == null || t.evaluation().objective() > best.evaluation().objective()) {
        best = t;
      }
    }
    XYSeries evals = new XYSeries("evaluation", false, true);
    XYSeries top = new XYSeries("best", false, true);
    List<String> evalTitles = new ArrayList<>();
    List<String> topTitles = new ArrayList<>();
    for (Trial t : ok) {
      Evaluation e = t.evaluation();
      if (e.params() > 0) {
        (t == best ? top : evals).add(e.params(), e.objective());
        (t == best ? topTitles : evalTitles).add("#" + t.number() + " " + objective.apply(e.objective()) + ", "
            + Format.count(e.params()) + " params, " + e.architecture());
      }
    }
    if (evals.isEmpty() && top.isEmpty()) {
      return "<p>No parameter counts were recorded.</p>";
    }
    double lo = Math.min(evals.isEmpty() ? Double.MAX_VALUE : evals.getMinX(), top.isEmpty() ? Double.MAX_VALUE : top.getMinX());
    double hi = Math.max(evals.isEmpty() ? 0 : evals.getMaxX(), top.isEmpty() ? 0 : top.getMaxX());
    XYPlot plot = new XYPlot(null, sizeAxis(lo, hi), Charts.axis("objective", false), null);
    points(plot, 0, evals, EVAL, evalTitles, "param");
    points(plot, 1, top, BEST_EVAL, topTitles, "parambest");
    return svg(plot, "objective against parameters");
  }

  /**
   * Parameter counts on a log axis with a tick at each power of ten when they span one; sizes within one decade
   * are read better on a linear axis.
   */
  static ValueAxis sizeAxis(double lo, double hi) {
    String label = "trainable parameters";
    if (hi < 10 * lo) {
      return Charts.axis(label, true);
    }
    LogAxis log = new LogAxis(label);
    TickUnits decades = new TickUnits();
    for (int k = 1; k <= 3; k++) {
      decades.add(new NumberTickUnit(k));
    }
    log.setStandardTickUnits(decades);
    log.setNumberFormatOverride(Charts.labels(Format::compact));
    return log;
  }

  /** The chart without a title (the page's heading and caption say what it shows), named for screen readers. */
  private static String svg(XYPlot plot, String label) {
    String svg = Charts.svg(Charts.chart(null, plot, true), W, H);
    return "<svg role='img' aria-label='" + Html.esc(label) + "' " + svg.substring("<svg ".length());
  }

  /** The running maximum of points sorted by x, as a series. */
  private static XYSeries bestLine(List<double[]> pts) {
    XYSeries line = new XYSeries("best so far", false, true);
    double run = Double.NEGATIVE_INFINITY;
    for (double[] p : pts) {
      run = Math.max(run, p[1]);
      line.add(p[0], run);
    }
    return line;
  }

  private static XYStepRenderer bestRenderer() {
    XYStepRenderer r = new XYStepRenderer();
    r.setSeriesPaint(0, BEST);
    r.setSeriesStroke(0, new BasicStroke(2f));
    return r;
  }

  /** Adds {@code series} as dataset {@code index}: dots, each with its title. */
  private static void points(XYPlot plot, int index, XYSeries series, Color colour, List<String> titles, String idPrefix) {
    TitledPoints r = new TitledPoints(idPrefix);
    r.setSeriesShape(0, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
    r.setSeriesPaint(0, colour);
    r.setDrawOutlines(false); // a filled dot is enough, and half the SVG
    r.setSeriesToolTipGenerator(0, (dataset, s, item) -> titles.get(item));
    plot.setDataset(index, new XYSeriesCollection(series));
    plot.setRenderer(index, r);
  }

  /**
   * Dots whose tool tip becomes an SVG hover title: each dot is drawn inside a group whose first child is its
   * {@code <title>} (JFreeSVG's element hints).
   */
  private static final class TitledPoints extends XYLineAndShapeRenderer {
    private final String idPrefix;

    TitledPoints(String idPrefix) {
      super(false, true);
      this.idPrefix = idPrefix;
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
        XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series, int item,
        CrosshairState crosshairState, int pass) {
      XYToolTipGenerator titles = getToolTipGenerator(series, item);
      boolean titled = titles != null && isItemPass(pass);
      String id = idPrefix + "-" + item;
      if (titled) {
        g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, id);
        g2.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, titles.generateToolTip(dataset, series, item));
      }
      super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshairState, pass);
      if (titled) {
        g2.setRenderingHint(SVGHints.KEY_END_GROUP, id);
      }
    }
  }
}
