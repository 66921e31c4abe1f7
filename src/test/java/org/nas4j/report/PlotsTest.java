package org.nas4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @Test
  void heatMapColoursCellsByValue(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("h.png");
    HeatMap.write(png, "gain", List.of("cifar10", "cifar100"), List.of("a", "b"),
        new double[][] {{-2, 0}, {2, Double.NaN}}, HeatMap.Scale.RANGE, v -> Format.fixed(v, 1));
    BufferedImage img = ImageIO.read(png.toFile());
    // cells start at x = left, y = 70; sample a pixel near each cell's corner (away from the printed number)
    int left = img.getWidth() - 20 - 2 * 70;
    Color neg = new Color(img.getRGB(left + 4, 74));
    Color zero = new Color(img.getRGB(left + 70 + 4, 74));
    Color pos = new Color(img.getRGB(left + 4, 70 + 44 + 4));
    Color nan = new Color(img.getRGB(left + 70 + 4, 70 + 44 + 4));
    assertEquals(255, neg.getBlue());
    assertEquals(64, neg.getRed());
    assertEquals(Color.WHITE, zero);
    assertEquals(255, pos.getRed());
    assertEquals(64, pos.getBlue());
    assertEquals(Color.LIGHT_GRAY, nan);
    assertThrows(IllegalArgumentException.class,
        () -> HeatMap.write(png, "bad", List.of("r"), List.of("a", "b"), new double[][] {{1}}, HeatMap.Scale.RANGE,
            v -> Format.fixed(v, 1)));
  }

  @Test
  void gainMapIsCentredOnZeroEvenWhenEveryGainIsPositive(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("g.png");
    HeatMap.write(png, "gain", List.of("x", "y"), List.of("a", "b"), new double[][] {{0, 0.3}, {0.1, Double.NaN}},
        HeatMap.Scale.AROUND_ZERO, v -> Format.signed(v, 3));
    BufferedImage img = ImageIO.read(png.toFile());
    int left = img.getWidth() - 20 - 2 * 70;
    assertEquals(Color.WHITE, new Color(img.getRGB(left + 4, 74)), "no gain is white");
    assertEquals(new Color(255, 64, 64), new Color(img.getRGB(left + 70 + 4, 74)), "the largest gain, full red");
    assertEquals(new Color(255, 191, 191), new Color(img.getRGB(left + 4, 70 + 44 + 4)), "a third of it, light red");
  }

  @Test
  void aLongHeatMapTitleWrapsAtSpacesInsideThePicture(@TempDir Path dir) throws Exception {
    String title = "ImageNet16-120: tau gain over target-only (weighted), 5 seeds, 2000 held-out architectures,"
        + " sources cifar10,cifar100";
    Path png = dir.resolve("t.png");
    HeatMap.write(png, title, List.of("0 src", "all src"), List.of("10 tgt", "25 tgt"),
        new double[][] {{0, 0.1}, {0.2, 0.3}}, HeatMap.Scale.AROUND_ZERO, v -> Format.signed(v, 3));
    BufferedImage img = ImageIO.read(png.toFile());
    // everything is drawn at least 20 px from the right edge: a title that ran out of the picture would show here
    for (int x = img.getWidth() - 18; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        assertEquals(Color.WHITE.getRGB(), img.getRGB(x, y), "pixel " + x + "," + y + " of the right margin");
      }
    }
    FontMetrics fm = img.createGraphics().getFontMetrics(HeatMap.TITLE_FONT);
    List<String> lines = HeatMap.wrap(title, fm, 300);
    assertTrue(lines.size() > 1, lines.toString());
    assertEquals(title, String.join(" ", lines), "no word is cut or lost");
    for (String line : lines) {
      assertTrue(fm.stringWidth(line) <= 300 || !line.contains(" "), line);
    }
  }

  @Test
  void linePlotDrawsTheLineWhereTheDataIs(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("l.png");
    double[] x = {0, 1, 2, 3, 4};
    double[] y = {0, 1, 2, 3, 4};
    double[] lo = {-1, 0, 1, 2, 3};
    double[] hi = {1, 2, 3, 4, 5};
    LinePlot.write(png, "t", "x", "y", List.of(new LinePlot.Series("s", x, y, lo, hi)));
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(900, img.getWidth());
    // the middle of the plot area lies on the diagonal line: it is coloured, not white
    int px = 80 + (900 - 80 - 30) / 2;
    int py = 50 + (560 - 50 - 70) / 2;
    assertNotEquals(Color.WHITE.getRGB(), img.getRGB(px, py));
    assertEquals(List.of(0.0, 0.2, 0.4), java.util.Arrays.stream(LinePlot.ticks(0, 1.1)).boxed().toList().subList(0, 3));
  }
}
