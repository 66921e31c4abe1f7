package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PbtPlotsTest {
  @Test
  void fitnessPlotHasALegendWithEverySlotsColour(@TempDir Path dir) throws Exception {
    int n = 4;
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int step = 1; step <= 3; step++) {
      List<PbtSearch.StepFitness> l = new ArrayList<>();
      for (int slot = 0; slot < n; slot++) {
        l.add(new PbtSearch.StepFitness(step, slot, slot, "a", (50 + 10 * slot + step) / 100.0, 1, 100, 1));
      }
      fit.add(l);
    }
    Path png = dir.resolve("fitness.png");
    PbtPlots.curves(png, fit, PbtConfig.defaults(Variant.RANDOM, 0).withSchedule(n, 3, 6, PbtConfig.StepUnit.BATCHES));
    BufferedImage img = ImageIO.read(png.toFile());
    // the plot area ends 110 px from the right edge; the legend is drawn right of it
    int legendLeft = img.getWidth() - 110 + 2;
    for (int slot = 0; slot < n; slot++) {
      assertTrue(count(img, legendLeft, PbtPlots.slotColour(slot, n)) >= 10, "legend line of slot " + slot);
    }
    assertTrue(count(img, legendLeft, Color.BLACK) >= 50, "legend text");
  }

  /** Pixels right of {@code x0} within a small distance of {@code c} (text and lines are antialiased). */
  static int count(BufferedImage img, int x0, Color c) {
    int k = 0;
    for (int x = x0; x < img.getWidth(); x++) {
      for (int y = 0; y < img.getHeight(); y++) {
        Color p = new Color(img.getRGB(x, y));
        if (Math.abs(p.getRed() - c.getRed()) + Math.abs(p.getGreen() - c.getGreen()) + Math.abs(p.getBlue() - c.getBlue()) < 30) {
          k++;
        }
      }
    }
    return k;
  }
}
