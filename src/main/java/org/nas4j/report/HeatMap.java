package org.nas4j.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG heat map of a matrix (rows × columns) with labels and the value printed in each cell, for example
 * transfer gain of each (source, target) task pair. Colours run from blue (lowest) through white to red
 * (highest); when the values straddle zero the scale is centred on zero. NaN cells are grey and empty.
 */
public final class HeatMap {
  private HeatMap() {}

  /**
   * @param values {@code values[row][column]}
   * @param format how to print a cell, e.g. {@code "%.2f"}
   */
  public static void write(Path png, String title, List<String> rows, List<String> columns, double[][] values,
      String format) throws IOException {
    System.setProperty("java.awt.headless", "true");
    if (values.length != rows.size()) {
      throw new IllegalArgumentException(rows.size() + " row labels for " + values.length + " rows");
    }
    for (double[] r : values) {
      if (r.length != columns.size()) {
        throw new IllegalArgumentException(columns.size() + " column labels for a row of " + r.length);
      }
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] r : values) {
      for (double v : r) {
        if (!Double.isNaN(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    double mid;
    if (lo < 0 && hi > 0) {
      double m = Math.max(-lo, hi);
      lo = -m;
      hi = m;
      mid = 0;
    } else {
      mid = (lo + hi) / 2;
    }
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D pg = probe.createGraphics();
    pg.setFont(font);
    FontMetrics fm = pg.getFontMetrics();
    int rowLabelW = 0;
    for (String r : rows) {
      rowLabelW = Math.max(rowLabelW, fm.stringWidth(r));
    }
    int cell = 70;
    for (String c : columns) {
      cell = Math.max(cell, fm.stringWidth(c) + 12);
    }
    pg.dispose();
    int left = rowLabelW + 20;
    int top = 70;
    int w = left + cell * columns.size() + 20;
    int h = top + 44 * rows.size() + 20;
    w = Math.max(w, fm.stringWidth(title) + 40);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setFont(font.deriveFont(Font.BOLD, 15f));
      g.setColor(Color.BLACK);
      g.drawString(title, 20, 25);
      g.setFont(font);
      for (int c = 0; c < columns.size(); c++) {
        String s = columns.get(c);
        g.drawString(s, left + c * cell + (cell - fm.stringWidth(s)) / 2, top - 10);
      }
      for (int r = 0; r < rows.size(); r++) {
        int y = top + r * 44;
        g.setColor(Color.BLACK);
        g.drawString(rows.get(r), left - 10 - fm.stringWidth(rows.get(r)), y + 22 + fm.getAscent() / 2 - 2);
        for (int c = 0; c < columns.size(); c++) {
          double v = values[r][c];
          int x = left + c * cell;
          g.setColor(Double.isNaN(v) ? Color.LIGHT_GRAY : colour(v, lo, mid, hi));
          g.fillRect(x, y, cell - 2, 42);
          if (!Double.isNaN(v)) {
            String s = String.format(Locale.ROOT, format, v);
            g.setColor(Color.BLACK);
            g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + 22 + fm.getAscent() / 2 - 2);
          }
        }
      }
    } finally {
      g.dispose();
    }
    if (png.getParent() != null) {
      Files.createDirectories(png.getParent());
    }
    ImageIO.write(img, "png", png.toFile());
  }

  /** Blue below mid, red above, white at mid; full colour at lo and hi. */
  static Color colour(double v, double lo, double mid, double hi) {
    if (hi == lo) {
      return Color.WHITE;
    }
    double t;
    if (v >= mid) {
      t = hi == mid ? 0 : (v - mid) / (hi - mid);
      int k = (int) Math.round(255 * (1 - 0.75 * t));
      return new Color(255, clamp(k), clamp(k));
    }
    t = mid == lo ? 0 : (mid - v) / (mid - lo);
    int k = (int) Math.round(255 * (1 - 0.75 * t));
    return new Color(clamp(k), clamp(k), 255);
  }

  private static int clamp(int x) {
    return Math.max(0, Math.min(255, x));
  }
}
