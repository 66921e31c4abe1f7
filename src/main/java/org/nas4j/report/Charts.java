package org.nas4j.report;

import org.nas4j.util.Format;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.function.DoubleFunction;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnit;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * What every nas4j chart shares, on JFreeChart: one look (white background, light grid, one palette), axis numbers
 * printed by {@link Format} (one tick rule for PNG and HTML), and writing a chart as a PNG file or an SVG element.
 * Renders headless: no display is needed.
 */
public final class Charts {
  static {
    System.setProperty("java.awt.headless", "true"); // CI and servers have no display
  }

  /** Colours that stay distinct for the first eight series. */
  public static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

  public static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
  public static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
  public static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  private static final Color GRID = new Color(0xdddddd);
  /** At most this many ticks on a linear axis. */
  private static final int MAX_TICKS = 10;

  private Charts() {}

  /** A chart around {@code plot} in the nas4j look; {@code legend} adds the series legend below the plot. */
  public static JFreeChart chart(String title, XYPlot plot, boolean legend) {
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlinePaint(Color.GRAY);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    for (int i = 0; i < plot.getDomainAxisCount(); i++) {
      style(plot.getDomainAxis(i));
    }
    for (int i = 0; i < plot.getRangeAxisCount(); i++) {
      style(plot.getRangeAxis(i));
    }
    JFreeChart chart = new JFreeChart(title, TITLE_FONT, plot, legend);
    chart.setBackgroundPaint(Color.WHITE);
    chart.setPadding(new RectangleInsets(4, 4, 4, 16)); // room for the last x tick label
    if (legend) {
      chart.getLegend().setFrame(BlockBorder.NONE);
      chart.getLegend().setItemFont(LABEL_FONT);
    }
    return chart;
  }

  /** A linear axis whose ticks are 1, 2, 2.5 or 5 times a power of ten ({@code counts}: whole numbers only). */
  public static NumberAxis axis(String label, boolean counts) {
    NumberAxis a = new NumberAxis(label) {
      @Override
      protected void selectAutoTickUnit(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        super.selectAutoTickUnit(g2, dataArea, edge); // the finest unit whose labels do not overlap,
        TickUnit readable = getStandardTickUnits().getCeilingTickUnit(getRange().getLength() / MAX_TICKS);
        if (readable.getSize() > getTickUnit().getSize()) { // but no more ticks than a reader needs
          setTickUnit((NumberTickUnit) readable, false, false);
        }
      }
    };
    a.setStandardTickUnits(tickUnits(counts));
    a.setAutoRangeIncludesZero(false);
    style(a);
    return a;
  }

  /** Tick labels printed by a {@link Format} method, e.g. {@code Format::compact} on a log axis. */
  public static NumberFormat labels(DoubleFunction<String> print) {
    return new Labels(print);
  }

  /** A colour scale over [lo, hi] for JFreeChart's block and shape renderers, given by a function of the value. */
  public record ColourScale(double lo, double hi, DoubleFunction<Paint> colour) implements PaintScale {
    @Override
    public double getLowerBound() {
      return lo;
    }

    @Override
    public double getUpperBound() {
      return hi;
    }

    @Override
    public Paint getPaint(double v) {
      return colour.apply(v);
    }
  }

  /** Adds the legend of {@code scale}, a colour strip with its axis, right of the plot. */
  public static void scaleLegend(JFreeChart chart, PaintScale scale, String label) {
    NumberAxis axis = axis(label, false);
    axis.setRange(scale.getLowerBound(), scale.getUpperBound());
    PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
    legend.setPosition(RectangleEdge.RIGHT);
    legend.setMargin(new RectangleInsets(10, 10, 10, 10));
    legend.setStripWidth(14);
    chart.addSubtitle(legend);
  }

  /** Writes {@code chart} as a PNG of the given size, creating the directory. */
  public static void png(JFreeChart chart, Path png, int width, int height) throws IOException {
    Path parent = png.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
  }

  /** {@code chart} as one {@code <svg>} element with a view box, to scale inside an HTML page. */
  public static String svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setGeomDoubleConverter(Charts::svgNumber); // JFreeSVG writes full float precision by default: 3x the bytes
    chart.draw(g, new Rectangle2D.Double(0, 0, width, height));
    return g.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null);
  }

  /** A coordinate to a tenth of a pixel, more than a screen shows. */
  private static String svgNumber(double v) {
    return Double.toString(Math.round(v * 10) / 10.0);
  }

  private static void style(ValueAxis a) {
    a.setLabelFont(LABEL_FONT);
    a.setTickLabelFont(TICK_FONT);
  }

  /** Each unit labels its ticks with the decimals its own step needs ({@link Format#tick}). */
  private static TickUnitSource tickUnits(boolean counts) {
    TickUnits units = new TickUnits();
    for (int e = counts ? 0 : -9; e <= 15; e++) {
      for (int m : new int[] {10, 20, 25, 50}) {
        double size = new java.math.BigDecimal(m).scaleByPowerOfTen(e - 1).doubleValue(); // exact decimal steps
        if (counts && size != Math.rint(size)) {
          continue;
        }
        units.add(new NumberTickUnit(size, new Labels(v -> Format.tick(v, size))));
      }
    }
    return units;
  }

  /** JFreeChart formats axis numbers with a NumberFormat: this one hands them to {@link Format}. */
  private static final class Labels extends NumberFormat {
    private final transient DoubleFunction<String> print;

    Labels(DoubleFunction<String> print) {
      this.print = print;
    }

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      return to.append(print.apply(v));
    }

    @Override
    public StringBuffer format(long v, StringBuffer to, FieldPosition pos) {
      return format((double) v, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
      throw new UnsupportedOperationException("axis labels are printed, never parsed");
    }
  }
}
