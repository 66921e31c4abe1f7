package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.report.ChartProbe;
import org.nas4j.report.Charts;

class PbtPlotsTest {
  /** Three steps of n slots; slot 1 gets a new member (id 10 + step) after step 1. */
  static List<List<PbtSearch.StepFitness>> fitness(int n) {
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int step = 1; step <= 3; step++) {
      List<PbtSearch.StepFitness> l = new ArrayList<>();
      for (int slot = 0; slot < n; slot++) {
        int member = slot == 1 && step > 1 ? 10 + step : slot;
        l.add(new PbtSearch.StepFitness(step, slot, member, "a", (50 + 10 * slot + step) / 100.0, 1, 100, 1));
      }
      fit.add(l);
    }
    return fit;
  }

  static PbtConfig config(int n) {
    return PbtConfig.defaults(Variant.RANDOM, 0).withSchedule(n, 3, 6, PbtConfig.StepUnit.BATCHES);
  }

  @Test
  void fitnessPlotHasALegendWithEverySlotsColourAndTheChildMark(@TempDir Path dir) throws Exception {
    int n = 4;
    JFreeChart chart = PbtPlots.fitness(fitness(n), config(n));
    LegendItemCollection legend = chart.getXYPlot().getLegendItems();
    assertEquals(List.of("slot 0", "slot 1", "slot 2", "slot 3", "new child"), ChartProbe.legendLabels(chart.getXYPlot()));
    for (int slot = 0; slot < n; slot++) {
      assertEquals(PbtPlots.slotColour(slot, n), legend.get(slot).getLinePaint(), "legend line of slot " + slot);
    }
    assertEquals(2, chart.getXYPlot().getDataset(1).getItemCount(0), "slot 1 took a new child at steps 2 and 3");
    assertNotEquals(Color.WHITE, ChartProbe.of(chart, PbtPlots.FITNESS_WIDTH, PbtPlots.FITNESS_HEIGHT).at(2.5, 72.5),
        "slot 2's line runs through (2.5, 72.5)");

    Path png = dir.resolve("fitness.png");
    Charts.png(chart, png, PbtPlots.FITNESS_WIDTH, PbtPlots.FITNESS_HEIGHT);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PbtPlots.FITNESS_WIDTH, img.getWidth());
  }

  @Test
  void aLargePopulationListsEveryKthSlot() {
    int n = 50;
    List<String> labels = ChartProbe.legendLabels(PbtPlots.fitness(fitness(n), config(n)).getXYPlot());
    assertTrue(labels.size() <= PbtPlots.LEGEND_SLOTS + 1, labels.toString());
    assertEquals(List.of("slot 0", "slot 3", "slot 6"), labels.subList(0, 3));
    assertEquals("new child", labels.get(labels.size() - 1));
  }

  @Test
  void lineageLinksAChildToItsParentsAndNamesTheEdgesInTheLegend() {
    int n = 3;
    List<PbtSearch.PopulationFile> pops = new ArrayList<>();
    for (int t = 0; t <= 2; t++) {
      List<Member> members = new ArrayList<>();
      for (int slot = 0; slot < n; slot++) {
        boolean child = slot == 1 && t >= 1;
        members.add(new Member(child ? 10 + t + 1 : slot, slot, "a", "c", child ? t : 0, child ? 2 : -1,
            child ? 0 : -1, List.of(), child ? "child" : "initial"));
      }
      pops.add(new PbtSearch.PopulationFile(t, 20, members));
    }
    JFreeChart chart = PbtPlots.lineage(pops, fitness(n), config(n));
    assertEquals(List.of("survivor", "base parent of a child", "donor parent of a child"),
        ChartProbe.legendLabels(chart.getXYPlot()));
    assertEquals(9, chart.getXYPlot().getDataset().getItemCount(0), "a node per member and step");
    // steps 2 and 3: two survivors each, and the child's base and donor edges
    assertEquals(8, ((AbstractXYItemRenderer) chart.getXYPlot().getRenderer()).getAnnotations().stream()
        .filter(a -> a instanceof XYLineAnnotation).count());
    assertEquals(51, ChartProbe.scaleLegend(chart).getScale().getLowerBound(), 1e-9, "the colour scale spans the accuracies");
  }
}
