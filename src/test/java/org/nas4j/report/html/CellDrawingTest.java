package org.nas4j.report.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nas4j.space.Architecture;
import org.nas4j.space.NasnetSpace;

/** NASNet cells are drawn with every op as its own labelled box, and no two boxes overlap (labels cannot collide). */
class CellDrawingTest {
  private static final Pattern RECT =
      Pattern.compile("<rect x='([\\d.]+)' y='([\\d.]+)' width='(\\d+)' height='(\\d+)'[^>]*class='opbox op-([\\w]+)'");
  private static final Pattern VIEW = Pattern.compile("viewBox='0 0 (\\d+) (\\d+)'");

  @Test
  void everyOpIsALabelledBoxInsideTheDrawingAndNoTwoOverlap() {
    SplittableRandom rng = new SplittableRandom(7);
    for (int draw = 0; draw < 20; draw++) {
      Architecture a = NasnetSpace.NASNET.sample(rng);
      String svg = CellDrawing.svg(a);
      String[] cells = svg.split("</svg>");
      assertEquals(2, cells.length, "a normal and a reduction cell");
      for (int c = 0; c < 2; c++) {
        Matcher v = VIEW.matcher(cells[c]);
        assertTrue(v.find());
        double w = Double.parseDouble(v.group(1));
        double h = Double.parseDouble(v.group(2));
        List<double[]> boxes = new ArrayList<>();
        List<String> ops = new ArrayList<>();
        Matcher m = RECT.matcher(cells[c]);
        while (m.find()) {
          double x = Double.parseDouble(m.group(1));
          double y = Double.parseDouble(m.group(2));
          boxes.add(new double[] {x, y, x + Double.parseDouble(m.group(3)), y + Double.parseDouble(m.group(4))});
          ops.add(m.group(5));
        }
        List<String> expected = new ArrayList<>();
        for (int b = 0; b < NasnetSpace.NODES; b++) {
          for (int j = 0; j < 2; j++) {
            expected.add(a.option(NasnetSpace.position(c, b, j, true)));
          }
        }
        assertEquals(expected, ops, "one box per branch, in node order");
        for (int i = 0; i < boxes.size(); i++) {
          double[] p = boxes.get(i);
          assertTrue(p[0] >= 0 && p[1] >= 0 && p[2] <= w && p[3] <= h, "inside the drawing");
          for (int k = i + 1; k < boxes.size(); k++) {
            double[] q = boxes.get(k);
            assertFalse(p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3], "boxes " + i + " and " + k + " overlap");
          }
        }
        for (String op : expected) {
          assertTrue(cells[c].contains(">" + op + "</text>"), "labelled " + op);
        }
      }
    }
  }
}
