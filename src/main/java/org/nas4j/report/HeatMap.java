package org.nas4j.report;

import org.nas4j.util.Format;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * A PNG heat map of a matrix (rows × columns) with labels, the value printed in each cell and a colour-scale legend,
 * for example transfer gain of each (source, target) task pair; JFreeChart's block renderer. Colours run from blue
 * through white to red (see {@link Scale}); NaN cells are grey and empty. A long title wraps.
 */
public final class HeatMap {
  /** How values map to colours. */
  public enum Scale {
    /** Blue at the lowest value, red at the highest, white halfway (at 0 when the values straddle it). */
    RANGE,
    /** Diverging around 0, for gains: white is 0, blue below, red above, full colour at the largest |value|. */
    AROUND_ZERO
  }

  private HeatMap() {}

  /**
   * @param values {@code values[row][column]}
   * @param cell how to print a cell's value, e.g. {@code v -> Format.fixed(v, 3)}
   */
  public static void write(Path png, String title, List<String> rows, List<String> columns, double[][] values,
      Scale scale, DoubleFunction<String> cell) throws IOException {
    JFreeChart chart = chart(title, rows, columns, values, scale, cell);
    int longest = columns.stream().mapToInt(String::length).max().orElse(0);
    int width = Math.max(600, 160 + columns.size() * Math.max(90, 9 * longest) + 120);
    Charts.png(chart, png, width, 150 + 50 * rows.size());
  }

  static JFreeChart chart(String title, List<String> rows, List<String> columns, double[][] values, Scale scale,
      DoubleFunction<String> cell) {
    if (values.length != rows.size()) {
      throw new IllegalArgumentException(rows.size() + " row labels for " + values.length + " rows");
    }
    DefaultXYZDataset data = new DefaultXYZDataset();
    double[][] xyz = new double[3][rows.size() * columns.size()];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int r = 0; r < rows.size(); r++) {
      if (values[r].length != columns.size()) {
        throw new IllegalArgumentException(columns.size() + " column labels for a row of " + values[r].length);
      }
      for (int c = 0; c < columns.size(); c++) {
        int i = r * columns.size() + c;
        xyz[0][i] = c;
        xyz[1][i] = r;
        xyz[2][i] = values[r][c];
        if (!Double.isNaN(values[r][c])) {
          lo = Math.min(lo, values[r][c]);
          hi = Math.max(hi, values[r][c]);
        }
      }
    }
    data.addSeries("values", xyz);
    Charts.ColourScale colours = colours(lo, hi, scale);
    XYBlockRenderer renderer = new XYBlockRenderer();
    renderer.setPaintScale(colours);
    renderer.setBlockWidth(0.97); // a thin gap of the background between cells, so white cells keep their edges
    renderer.setBlockHeight(0.95);
    SymbolAxis x = new SymbolAxis(null, columns.toArray(String[]::new));
    SymbolAxis y = new SymbolAxis(null, rows.toArray(String[]::new));
    y.setInverted(true); // the first row on top, as in the table printed beside it
    for (SymbolAxis a : List.of(x, y)) {
      a.setGridBandsVisible(false);
      a.setTickLabelFont(Charts.LABEL_FONT);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setDomainGridlinesVisible(false);
    plot.setRangeGridlinesVisible(false);
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns.size(); c++) {
        if (!Double.isNaN(values[r][c])) {
          XYTextAnnotation label = new XYTextAnnotation(cell.apply(values[r][c]), c, r);
          label.setFont(Charts.LABEL_FONT);
          plot.addAnnotation(label);
        }
      }
    }
    JFreeChart chart = Charts.chart(title, plot, false);
    plot.setBackgroundPaint(new Color(0xeeeeee)); // the gap between cells
    Charts.scaleLegend(chart, colours, null);
    return chart;
  }

  /**
   * Blue at the lower bound, white at the middle, red at the upper bound (a quarter of the other channels left),
   * grey for NaN; the bounds are those of the values, symmetric about 0 for gains or values of both signs.
   */
  static Charts.ColourScale colours(double lo, double hi, Scale scale) {
    if (lo > hi) { // no values at all
      return colours(-1, 1, scale);
    }
    if (scale == Scale.AROUND_ZERO || (lo < 0 && hi > 0)) {
      double m = Math.max(-lo, hi);
      return m > 0 ? diverging(-m, m) : diverging(-1, 1);
    }
    return lo < hi ? diverging(lo, hi) : diverging(lo - 1, hi + 1);
  }

  private static Charts.ColourScale diverging(double lo, double hi) {
    return new Charts.ColourScale(lo, hi, v -> {
      if (Double.isNaN(v)) {
        return Color.LIGHT_GRAY;
      }
      double t = 2 * (Math.max(lo, Math.min(hi, v)) - lo) / (hi - lo) - 1; // -1 .. 1, 0 in the middle
      int k = (int) Math.round(255 * (1 - 0.75 * Math.abs(t)));
      return t >= 0 ? new Color(255, k, k) : new Color(k, k, 255);
    });
  }
}
