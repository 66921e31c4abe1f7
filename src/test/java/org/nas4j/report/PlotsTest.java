package org.nas4j.report;

import org.nas4j.util.Format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.TickUnitSource;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Size2D;
import org.jfree.data.Range;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @Test
  void heatMapColoursCellsByValue(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("h.png");
    List<String> rows = List.of("cifar10", "cifar100");
    double[][] values = {{-2, 0}, {2, Double.NaN}};
    HeatMap.write(png, "gain", rows, List.of("a", "b"), values, HeatMap.Scale.RANGE, v -> Format.fixed(v, 1));
    BufferedImage file = ImageIO.read(png.toFile());
    assertEquals(600, file.getWidth());
    assertEquals(250, file.getHeight());

    JFreeChart chart = HeatMap.chart("gain", rows, List.of("a", "b"), values, HeatMap.Scale.RANGE, v -> Format.fixed(v, 1));
    ChartProbe d = ChartProbe.of(chart, 600, 250);
    assertEquals(new Color(64, 64, 255), d.cellCorner(0, 0), "the lowest value, full blue");
    assertEquals(Color.WHITE, d.cellCorner(0, 1), "the middle of the range");
    assertEquals(new Color(255, 64, 64), d.cellCorner(1, 0), "the highest value, full red");
    assertEquals(Color.LIGHT_GRAY, d.cellCorner(1, 1), "no value");
    assertEquals(3, chart.getXYPlot().getAnnotations().size(), "a printed value in every cell that has one");
    assertThrows(IllegalArgumentException.class,
        () -> HeatMap.write(png, "bad", List.of("r"), List.of("a", "b"), new double[][] {{1}}, HeatMap.Scale.RANGE,
            v -> Format.fixed(v, 1)));
  }

  @Test
  void gainMapIsCentredOnZeroEvenWhenEveryGainIsPositive() {
    JFreeChart chart = HeatMap.chart("gain", List.of("x", "y"), List.of("a", "b"),
        new double[][] {{0, 0.3}, {0.1, Double.NaN}}, HeatMap.Scale.AROUND_ZERO, v -> Format.signed(v, 3));
    PaintScale scale = ChartProbe.scaleLegend(chart).getScale();
    assertEquals(-0.3, scale.getLowerBound(), 1e-12, "the scale reaches as far below 0 as above");
    assertEquals(0.3, scale.getUpperBound(), 1e-12);
    assertEquals(Color.WHITE, scale.getPaint(0), "no gain is white");
    assertEquals(-0.3, ChartProbe.scaleLegend(chart).getAxis().getLowerBound(), 1e-12, "the legend shows the whole centred scale");
    ChartProbe d = ChartProbe.of(chart, 600, 250);
    assertEquals(Color.WHITE, d.cellCorner(0, 0), "no gain is white");
    assertEquals(new Color(255, 64, 64), d.cellCorner(0, 1), "the largest gain, full red");
    assertEquals(new Color(255, 191, 191), d.cellCorner(1, 0), "a third of it, light red");
  }

  @Test
  void aLongHeatMapTitleWrapsInsideThePicture() {
    String title = "ImageNet16-120: tau gain over target-only (weighted), 5 seeds, 2000 held-out architectures,"
        + " sources cifar10,cifar100";
    JFreeChart chart = HeatMap.chart(title, List.of("0 src", "all src"), List.of("10 tgt", "25 tgt"),
        new double[][] {{0, 0.1}, {0.2, 0.3}}, HeatMap.Scale.AROUND_ZERO, v -> Format.signed(v, 3));
    Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
    // as JFreeChart lays out a title: any width and height up to the picture's
    RectangleConstraint width = new RectangleConstraint(600, new Range(0, 600), LengthConstraintType.RANGE, 250,
        new Range(0, 250), LengthConstraintType.RANGE);
    Size2D wrapped = chart.getTitle().arrange(g, width);
    Size2D oneLine = new TextTitle("ImageNet16-120", Charts.TITLE_FONT).arrange(g, width);
    assertTrue(wrapped.getWidth() <= 600, "fits the picture: " + wrapped);
    assertTrue(wrapped.getHeight() > 1.5 * oneLine.getHeight(), "wraps onto more lines: " + wrapped);
    assertEquals(title, chart.getTitle().getText(), "no word is cut or lost");
  }

  @Test
  void linePlotDrawsEachSeriesWhereItsDataIsWithALegend(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("l.png");
    double[] x = {1, 2, 3, 4, 5};
    List<LinePlot.Series> series = List.of(
        new LinePlot.Series("rs", x, new double[] {0, 1, 2, 3, 4}, new double[] {-1, 0, 1, 2, 3}, new double[] {1, 2, 3, 4, 5}),
        LinePlot.Series.line("rea", x, new double[] {Double.NaN, 3, 3, 3, 3}));
    LinePlot.write(png, "t", "evaluations", "y", series, 0, Double.NaN);
    BufferedImage file = ImageIO.read(png.toFile());
    assertEquals(LinePlot.WIDTH, file.getWidth());
    assertEquals(LinePlot.HEIGHT, file.getHeight());

    JFreeChart chart = LinePlot.chart("t", "evaluations", "y", series, 0, Double.NaN);
    XYPlot plot = chart.getXYPlot();
    assertEquals(List.of("rs", "rea"), ChartProbe.legendLabels(plot));
    assertEquals(4, plot.getDataset().getItemCount(1), "the NaN point is left out");
    assertEquals(-0.25, plot.getRangeAxis().getLowerBound(), 1e-9, "the given lower bound, padded by 5%");
    ChartProbe d = ChartProbe.of(chart, LinePlot.WIDTH, LinePlot.HEIGHT);
    assertNotEquals(Color.WHITE, d.at(2.5, 1.5), "the first line runs through (2.5, 1.5)");
    assertNotEquals(Color.WHITE, d.at(2.5, 0.8), "inside its band");
    assertEquals(Color.WHITE, d.at(4.3, 0.7), "nothing below the band");
  }

  @Test
  void axisNumbersArePrintedByFormat() {
    TickUnitSource units = Charts.axis("n", false).getStandardTickUnits();
    assertEquals("12,000", units.getCeilingTickUnit(1500).valueToString(12000));
    assertEquals("0.4", units.getCeilingTickUnit(0.15).valueToString(0.4));
    assertEquals("2.5", units.getCeilingTickUnit(2.2).valueToString(2.5));
    assertEquals(1, ((NumberAxis) Charts.axis("steps", true)).getStandardTickUnits().getCeilingTickUnit(0.2).getSize(),
        "counts are never split");
  }
}
