package org.nas4j.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A PNG line chart of one or more series, each a line with a shaded band (for example the mean over runs
 * with mean ± one standard deviation). Drawn with java.awt in headless mode; points whose value is NaN are
 * left out.
 */
public final class LinePlot {
  /** Colours that stay distinct for the first eight series. */
  static final Color[] PALETTE = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};

  /**
   * One line with its band.
   *
   * @param name legend text
   * @param x x values, ascending
   * @param y the line's values (NaN: no point)
   * @param lower the band's lower edge (NaN: no band there)
   * @param upper the band's upper edge
   */
  public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
    public Series {
      Objects.requireNonNull(name, "name");
      if (y.length != x.length || lower.length != x.length || upper.length != x.length) {
        throw new IllegalArgumentException("series " + name + ": x, y, lower and upper need the same length");
      }
      x = x.clone();
      y = y.clone();
      lower = lower.clone();
      upper = upper.clone();
    }
  }

  private static final int W = 900;
  private static final int H = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private LinePlot() {}

  /** Draws the series and writes a PNG, the y axis fitted to all values. */
  public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series) throws IOException {
    write(png, title, xLabel, yLabel, series, Double.NaN, Double.NaN);
  }

  /**
   * Draws the series and writes a PNG with a given y range (NaN for a bound fitted to the values); lines and
   * bands outside it are clipped.
   */
  public static void write(Path png, String title, String xLabel, String yLabel, List<Series> series, double yLow,
      double yHigh) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double xmin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isNaN(s.y()[i])) {
          continue;
        }
        xmin = Math.min(xmin, s.x()[i]);
        xmax = Math.max(xmax, s.x()[i]);
        for (double v : new double[] {s.y()[i], s.lower()[i], s.upper()[i]}) {
          if (!Double.isNaN(v)) {
            ymin = Math.min(ymin, v);
            ymax = Math.max(ymax, v);
          }
        }
      }
    }
    if (xmin > xmax) {
      xmin = 0;
      xmax = 1;
      ymin = 0;
      ymax = 1;
    }
    if (xmax == xmin) {
      xmax = xmin + 1;
    }
    if (!Double.isNaN(yLow)) {
      ymin = yLow;
    }
    if (!Double.isNaN(yHigh)) {
      ymax = yHigh;
    }
    double pad = (ymax - ymin) * 0.05;
    if (pad == 0) {
      pad = 1;
    }
    ymin -= pad;
    ymax += pad;

    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      Axes ax = new Axes(xmin, xmax, ymin, ymax);
      drawAxes(g, ax, title, xLabel, yLabel);
      java.awt.Shape clip = g.getClip();
      g.clipRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        Color c = PALETTE[k % PALETTE.length];
        g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 50));
        fillBand(g, ax, s);
        g.setColor(c);
        g.setStroke(new BasicStroke(2f));
        Path2D.Double line = new Path2D.Double();
        boolean pen = false;
        for (int i = 0; i < s.x().length; i++) {
          if (Double.isNaN(s.y()[i])) {
            pen = false;
            continue;
          }
          double px = ax.px(s.x()[i]);
          double py = ax.py(s.y()[i]);
          if (pen) {
            line.lineTo(px, py);
          } else {
            line.moveTo(px, py);
            pen = true;
          }
        }
        g.draw(line);
      }
      g.setClip(clip);
      drawLegend(g, series);
    } finally {
      g.dispose();
    }
    if (png.getParent() != null) {
      Files.createDirectories(png.getParent());
    }
    ImageIO.write(img, "png", png.toFile());
  }

  private static void fillBand(Graphics2D g, Axes ax, Series s) {
    int i = 0;
    int n = s.x().length;
    while (i < n) {
      while (i < n && (Double.isNaN(s.lower()[i]) || Double.isNaN(s.upper()[i]))) {
        i++;
      }
      int start = i;
      while (i < n && !Double.isNaN(s.lower()[i]) && !Double.isNaN(s.upper()[i])) {
        i++;
      }
      if (i - start >= 2) {
        Path2D.Double band = new Path2D.Double();
        band.moveTo(ax.px(s.x()[start]), ax.py(s.upper()[start]));
        for (int j = start + 1; j < i; j++) {
          band.lineTo(ax.px(s.x()[j]), ax.py(s.upper()[j]));
        }
        for (int j = i - 1; j >= start; j--) {
          band.lineTo(ax.px(s.x()[j]), ax.py(s.lower()[j]));
        }
        band.closePath();
        g.fill(band);
      }
    }
  }

  private record Axes(double xmin, double xmax, double ymin, double ymax) {
    double px(double x) {
      return LEFT + (x - xmin) / (xmax - xmin) * (W - LEFT - RIGHT);
    }

    double py(double y) {
      return H - BOTTOM - (y - ymin) / (ymax - ymin) * (H - TOP - BOTTOM);
    }
  }

  private static void drawAxes(Graphics2D g, Axes ax, String title, String xLabel, String yLabel) {
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    g.setColor(new Color(0xdddddd));
    g.setStroke(new BasicStroke(1f));
    double[] xt = ticks(ax.xmin(), ax.xmax());
    double[] yt = ticks(ax.ymin(), ax.ymax());
    for (double t : xt) {
      g.drawLine((int) ax.px(t), TOP, (int) ax.px(t), H - BOTTOM);
    }
    for (double t : yt) {
      g.drawLine(LEFT, (int) ax.py(t), W - RIGHT, (int) ax.py(t));
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM);
    for (double t : xt) {
      String s = Format.tick(t, step(xt));
      g.drawString(s, (int) ax.px(t) - fm.stringWidth(s) / 2, H - BOTTOM + fm.getAscent() + 4);
    }
    for (double t : yt) {
      String s = Format.tick(t, step(yt));
      g.drawString(s, LEFT - fm.stringWidth(s) - 6, (int) ax.py(t) + fm.getAscent() / 2 - 1);
    }
    g.setColor(Color.BLACK);
    g.drawString(xLabel, LEFT + (W - LEFT - RIGHT - fm.stringWidth(xLabel)) / 2, H - 20);
    AffineTransform old = g.getTransform();
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(TOP + (H - TOP - BOTTOM + fm.stringWidth(yLabel)) / 2), 20);
    g.setTransform(old);
    g.setFont(font.deriveFont(Font.BOLD, 15f));
    g.drawString(title, LEFT, TOP - 18);
  }

  private static void drawLegend(Graphics2D g, List<Series> series) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    int width = 0;
    for (Series s : series) {
      width = Math.max(width, fm.stringWidth(s.name()));
    }
    int x = W - RIGHT - width - 45;
    int y = H - BOTTOM - 12 - series.size() * (fm.getHeight() + 2);
    g.setColor(new Color(255, 255, 255, 220));
    g.fillRect(x - 6, y - 4, width + 45, series.size() * (fm.getHeight() + 2) + 8);
    for (int k = 0; k < series.size(); k++) {
      int ly = y + k * (fm.getHeight() + 2) + fm.getAscent();
      g.setColor(PALETTE[k % PALETTE.length]);
      g.setStroke(new BasicStroke(3f));
      g.drawLine(x, ly - fm.getAscent() / 2 + 1, x + 25, ly - fm.getAscent() / 2 + 1);
      g.setColor(Color.BLACK);
      g.drawString(series.get(k).name(), x + 32, ly);
    }
  }

  /** About six round tick values covering [lo, hi]. */
  static double[] ticks(double lo, double hi) {
    double span = hi - lo;
    double raw = span / 6;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
    double first = Math.ceil(lo / step) * step;
    int n = (int) Math.floor((hi - first) / step + 1e-9) + 1;
    double[] out = new double[Math.max(n, 0)];
    for (int i = 0; i < out.length; i++) {
      out[i] = first + i * step;
    }
    return out;
  }

  /** The distance between ticks (NaN for a single tick: no step to fit decimals to). */
  private static double step(double[] ticks) {
    return ticks.length < 2 ? Double.NaN : ticks[1] - ticks[0];
  }
}
