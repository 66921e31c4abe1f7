package org.nas4j.report;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.Range;
import org.jfree.data.general.DatasetUtils;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * A PNG line chart of one or more series, each a line with a shaded band (for example the mean over runs with mean
 * ± one standard deviation), drawn by JFreeChart's {@link DeviationRenderer}. Points whose value is NaN are left
 * out; where a band edge is NaN the band closes onto the line.
 */
public final class LinePlot {
  /**
   * One line with its band.
   *
   * @param name legend text
   * @param x x values, ascending
   * @param y the line's values (NaN: no point)
   * @param lower the band's lower edge (NaN: no band there)
   * @param upper the band's upper edge
   */
  public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
    public Series {
      Objects.requireNonNull(name, "name");
      if (y.length != x.length || lower.length != x.length || upper.length != x.length) {
        throw new IllegalArgumentException("series " + name + ": x, y, lower and upper need the same length");
      }
      x = x.clone();
      y = y.clone();
      lower = lower.clone();
      upper = upper.clone();
    }

    /** A line without a band. */
    public static Series line(String name, double[] x, double[] y) {
      double[] none = new double[x.length];
      java.util.Arrays.fill(none, Double.NaN);
      return new Series(name, x, y, none, none);
    }
  }

  static final int WIDTH = 900;
  static final int HEIGHT = 560;

  private LinePlot() {}

  /** Draws the series and writes a PNG, the y axis fitted to all values. */
  public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
    write(png, title, xLabel, yLabel, series, Double.NaN, Double.NaN);
  }

  /**
   * Draws the series and writes a PNG with a given y range (NaN for a bound fitted to the values); lines and bands
   * outside it are clipped.
   */
  public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, double yLow,
      double yHigh) throws IOException {
    Charts.png(chart(title, xLabel, yLabel, series, yLow, yHigh), png, WIDTH, HEIGHT);
  }

  static JFreeChart chart(String title, String xLabel, String yLabel, List<Series> series, double yLow, double yHigh) {
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    boolean counts = true; // evaluations and steps: whole-number ticks only
    for (Series s : series) {
      YIntervalSeries line = new YIntervalSeries(s.name(), false, true);
      for (int i = 0; i < s.x().length; i++) {
        double y = s.y()[i];
        if (!Double.isNaN(y)) {
          line.add(s.x()[i], y, Double.isNaN(s.lower()[i]) ? y : s.lower()[i], Double.isNaN(s.upper()[i]) ? y : s.upper()[i]);
          counts &= s.x()[i] == Math.rint(s.x()[i]);
        }
      }
      data.addSeries(line);
    }
    DeviationRenderer r = new DeviationRenderer(true, false);
    r.setAlpha(0.2f);
    for (int k = 0; k < series.size(); k++) {
      r.setSeriesPaint(k, Charts.PALETTE[k % Charts.PALETTE.length]);
      r.setSeriesFillPaint(k, Charts.PALETTE[k % Charts.PALETTE.length]);
      r.setSeriesStroke(k, new BasicStroke(2f));
    }
    NumberAxis x = Charts.axis(xLabel, counts);
    x.setLowerMargin(0);
    x.setUpperMargin(0);
    NumberAxis y = Charts.axis(yLabel, false);
    Range fitted = DatasetUtils.findRangeBounds(data, true);
    double lo = !Double.isNaN(yLow) ? yLow : fitted == null ? Double.NaN : fitted.getLowerBound();
    double hi = !Double.isNaN(yHigh) ? yHigh : fitted == null ? Double.NaN : fitted.getUpperBound();
    if (lo <= hi) { // else (no data, or a bound beyond all values): JFreeChart's own fit
      double pad = lo == hi ? 1 : (hi - lo) * 0.05;
      y.setRange(lo - pad, hi + pad);
    }
    return Charts.chart(title, new XYPlot(data, x, y, r), true);
  }
}
