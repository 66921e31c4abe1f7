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
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import javax.imageio.ImageIO;

/**
 * A PNG heat map of a matrix (rows × columns) with labels and the value printed in each cell, for example
 * transfer gain of each (source, target) task pair. Colours run from blue through white to red (see
 * {@link Scale}); NaN cells are grey and empty. A title wider than the picture is wrapped at spaces.
 */
public final class HeatMap {
  /** How values map to colours. */
  public enum Scale {
    /** Blue at the lowest value, red at the highest, white halfway (at 0 when the values straddle it). */
    RANGE,
    /** Diverging around 0, for gains: white is 0, blue below, red above, full colour at the largest |value|. */
    AROUND_ZERO
  }

  /** The widest a title makes the picture before it wraps. */
  static final int MAX_TITLE_WIDTH = 640;
  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

  private HeatMap() {}

  /**
   * @param values {@code values[row][column]}
   * @param cell how to print a cell's value, e.g. {@code v -> Format.fixed(v, 3)}
   */
  public static void write(Path png, String title, List<String> rows, List<String> columns, double[][] values,
      Scale scale, DoubleFunction<String> cell) throws IOException {
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
    if (scale == Scale.AROUND_ZERO || (lo < 0 && hi > 0)) {
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
    pg.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    pg.setFont(font);
    FontMetrics fm = pg.getFontMetrics();
    int rowLabelW = 0;
    for (String r : rows) {
      rowLabelW = Math.max(rowLabelW, fm.stringWidth(r));
    }
    int cellW = 70;
    for (String c : columns) {
      cellW = Math.max(cellW, fm.stringWidth(c) + 12);
    }
    FontMetrics titleFm = pg.getFontMetrics(TITLE_FONT);
    pg.dispose();
    int left = rowLabelW + 20;
    int w = Math.max(left + cellW * columns.size() + 20, Math.min(titleFm.stringWidth(title), MAX_TITLE_WIDTH) + 40);
    List<String> titleLines = wrap(title, titleFm, w - 40);
    for (String line : titleLines) { // a single word wider than the picture widens it
      w = Math.max(w, titleFm.stringWidth(line) + 40);
    }
    int top = 70 + titleFm.getHeight() * (titleLines.size() - 1);
    int h = top + 44 * rows.size() + 20;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, w, h);
      g.setFont(TITLE_FONT);
      g.setColor(Color.BLACK);
      for (int i = 0; i < titleLines.size(); i++) {
        g.drawString(titleLines.get(i), 20, 25 + titleFm.getHeight() * i);
      }
      g.setFont(font);
      for (int c = 0; c < columns.size(); c++) {
        String s = columns.get(c);
        g.drawString(s, left + c * cellW + (cellW - fm.stringWidth(s)) / 2, top - 10);
      }
      for (int r = 0; r < rows.size(); r++) {
        int y = top + r * 44;
        g.setColor(Color.BLACK);
        g.drawString(rows.get(r), left - 10 - fm.stringWidth(rows.get(r)), y + 22 + fm.getAscent() / 2 - 2);
        for (int c = 0; c < columns.size(); c++) {
          double v = values[r][c];
          int x = left + c * cellW;
          g.setColor(Double.isNaN(v) ? Color.LIGHT_GRAY : colour(v, lo, mid, hi));
          g.fillRect(x, y, cellW - 2, 42);
          if (!Double.isNaN(v)) {
            String s = cell.apply(v);
            g.setColor(Color.BLACK);
            g.drawString(s, x + (cellW - fm.stringWidth(s)) / 2, y + 22 + fm.getAscent() / 2 - 2);
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

  /** {@code text} in lines no wider than {@code width}, broken at spaces only (a longer word is a line of its own). */
  static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
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
