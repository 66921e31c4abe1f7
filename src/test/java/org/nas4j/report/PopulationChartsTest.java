package org.nas4j.report;

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
import org.nas4j.report.PopulationCharts.Edge;
import org.nas4j.report.PopulationCharts.Kind;
import org.nas4j.report.PopulationCharts.Node;

class PopulationChartsTest {
  /** Three steps of n slots; slot 1 gets a new member (id 10 + step) after step 1. */
  static List<Node> nodes(int n) {
    List<Node> out = new ArrayList<>();
    for (int step = 1; step <= 3; step++) {
      for (int slot = 0; slot < n; slot++) {
        int member = slot == 1 && step > 1 ? 10 + step : slot;
        out.add(new Node(step, slot, member, (50 + 10 * slot + step) / 100.0));
      }
    }
    return out;
  }

  @Test
  void fitnessPlotHasALegendWithEverySlotsColourAndTheChildMark(@TempDir Path dir) throws Exception {
    int n = 4;
    JFreeChart chart = PopulationCharts.fitness("random, seed 0", n, nodes(n));
    LegendItemCollection legend = chart.getXYPlot().getLegendItems();
    assertEquals(List.of("slot 0", "slot 1", "slot 2", "slot 3", "new child"), ChartProbe.legendLabels(chart.getXYPlot()));
    for (int slot = 0; slot < n; slot++) {
      assertEquals(PopulationCharts.slotColour(slot, n), legend.get(slot).getLinePaint(), "legend line of slot " + slot);
    }
    assertEquals(2, chart.getXYPlot().getDataset(1).getItemCount(0), "slot 1 took a new child at steps 2 and 3");
    assertNotEquals(Color.WHITE,
        ChartProbe.of(chart, PopulationCharts.FITNESS_WIDTH, PopulationCharts.FITNESS_HEIGHT).at(2.5, 72.5),
        "slot 2's line runs through (2.5, 72.5)");

    Path png = dir.resolve("fitness.png");
    Charts.png(chart, png, PopulationCharts.FITNESS_WIDTH, PopulationCharts.FITNESS_HEIGHT);
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(PopulationCharts.FITNESS_WIDTH, img.getWidth());
  }

  @Test
  void aLargePopulationListsEveryKthSlot() {
    int n = 50;
    List<String> labels = ChartProbe.legendLabels(PopulationCharts.fitness("random, seed 0", n, nodes(n)).getXYPlot());
    assertTrue(labels.size() <= PopulationCharts.LEGEND_SLOTS + 1, labels.toString());
    assertEquals(List.of("slot 0", "slot 3", "slot 6"), labels.subList(0, 3));
    assertEquals("new child", labels.get(labels.size() - 1));
  }

  @Test
  void lineageLinksAChildToItsParentsAndNamesTheEdgesInTheLegend() {
    int n = 3;
    List<Edge> edges = new ArrayList<>();
    for (int s = 1; s <= 2; s++) { // into steps 2 and 3: two survivors each, and the child's base and donor edges
      edges.add(new Edge(s, 0, 0, Kind.SURVIVOR));
      edges.add(new Edge(s, 2, 2, Kind.SURVIVOR));
      edges.add(new Edge(s, 2, 10 + s + 1, Kind.BASE));
      edges.add(new Edge(s, 0, 10 + s + 1, Kind.DONOR));
    }
    edges.add(new Edge(2, 7, 7, Kind.SURVIVOR)); // a member the chart has no node for is left out
    JFreeChart chart = PopulationCharts.lineage("random, seed 0", n, 3, nodes(n), edges);
    assertEquals(List.of("survivor", "base parent of a child", "donor parent of a child"),
        ChartProbe.legendLabels(chart.getXYPlot()));
    assertEquals(9, chart.getXYPlot().getDataset().getItemCount(0), "a node per member and step");
    assertEquals(8, ((AbstractXYItemRenderer) chart.getXYPlot().getRenderer()).getAnnotations().stream()
        .filter(a -> a instanceof XYLineAnnotation).count());
    assertEquals(51, ChartProbe.scaleLegend(chart).getScale().getLowerBound(), 1e-9, "the colour scale spans the accuracies");
  }
}
