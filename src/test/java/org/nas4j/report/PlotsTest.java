package org.nas4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
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
        new double[][] {{-2, 0}, {2, Double.NaN}}, "%.1f");
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
        () -> HeatMap.write(png, "bad", List.of("r"), List.of("a", "b"), new double[][] {{1}}, "%.1f"));
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
