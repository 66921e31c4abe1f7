package org.nas4j.report;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;

/**
 * A chart drawn in memory with its data area, to read the colour where a data value lands, and to read its legends
 * through JFreeChart's API rather than from pixels.
 */
public record ChartProbe(BufferedImage img, XYPlot plot, Rectangle2D area) {
  public static ChartProbe of(JFreeChart chart, int w, int h) {
    ChartRenderingInfo info = new ChartRenderingInfo();
    BufferedImage img = chart.createBufferedImage(w, h, info);
    return new ChartProbe(img, chart.getXYPlot(), info.getPlotInfo().getDataArea());
  }

  /** The colour at data point (x, y) of the first axes. */
  public Color at(double x, double y) {
    double px = plot.getDomainAxis().valueToJava2D(x, area, RectangleEdge.BOTTOM);
    double py = plot.getRangeAxis().valueToJava2D(y, area, RectangleEdge.LEFT);
    return new Color(img.getRGB((int) px, (int) py));
  }

  /** Near a heat-map cell's top-left corner, away from its printed value. */
  public Color cellCorner(int row, int column) {
    return at(column - 0.4, row - 0.4);
  }

  /** The labels of the plot's legend, in order. */
  public static List<String> legendLabels(XYPlot plot) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < plot.getLegendItems().getItemCount(); i++) {
      out.add(plot.getLegendItems().get(i).getLabel());
    }
    return out;
  }

  /** The chart's colour-scale legend. */
  public static PaintScaleLegend scaleLegend(JFreeChart chart) {
    for (Object t : chart.getSubtitles()) {
      if (t instanceof PaintScaleLegend l) {
        return l;
      }
    }
    throw new AssertionError("no colour-scale legend");
  }
}
