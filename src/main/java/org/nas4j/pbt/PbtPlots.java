package org.nas4j.pbt;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.nas4j.report.Format;

/**
 * PNG pictures of a run: the lineage (members over steps, with edges to their parents) and the fitness
 * curves of all population slots. Plain Java2D, headless.
 */
public final class PbtPlots {
  private PbtPlots() {}

  /** Writes {@code lineage.png} and {@code fitness.png} into the run directory. */
  public static void draw(Path dir, PbtSearch search) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<PbtSearch.PopulationFile> pops = search.populations();
    int steps = search.config().steps();
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int s = 1; s <= steps; s++) {
      fit.add(search.results(s));
    }
    lineage(dir.resolve("lineage.png"), pops, fit, search.config());
    curves(dir.resolve("fitness.png"), fit, search.config());
  }

  private static void lineage(Path png, List<PbtSearch.PopulationFile> pops, List<List<PbtSearch.StepFitness>> fit,
      PbtConfig cfg) throws IOException {
    int n = cfg.population();
    int steps = fit.size();
    int left = 70;
    int top = 60;
    int dx = Math.max(60, Math.min(120, 900 / Math.max(1, steps)));
    int dy = Math.max(26, Math.min(50, 600 / n));
    int w = Math.max(720, left + dx * steps + 60);
    int h = top + dy * n + 60;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    g.drawString("PBT lineage (" + cfg.variant().id() + ", seed " + cfg.seed() + "): a node is a member after a step, "
        + "coloured by validation accuracy;", 10, 20);
    g.drawString("grey = survivor, black = base parent of a child, dashed red = donor parent", 10, 36);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    Map<String, double[]> pos = new HashMap<>(); // "step:member" -> x,y
    for (int s = 0; s < steps; s++) {
      for (PbtSearch.StepFitness f : fit.get(s)) {
        lo = Math.min(lo, f.validAccuracy());
        hi = Math.max(hi, f.validAccuracy());
        pos.put((s + 1) + ":" + f.member(), new double[] {left + dx * s, top + dy * f.slot() + dy / 2.0});
      }
    }
    // edges: a member that trained in step s+1 and was born at step s has parents that trained in step s
    for (int s = 1; s < steps && s < pops.size(); s++) {
      for (Member m : pops.get(s).members()) {
        double[] to = pos.get((s + 1) + ":" + m.id());
        if (to == null) {
          continue;
        }
        if (m.born() == s && m.base() >= 0) {
          line(g, pos.get(s + ":" + m.base()), to, new Color(40, 40, 40), false);
          if (m.donor() >= 0 && m.donor() != m.base()) {
            line(g, pos.get(s + ":" + m.donor()), to, new Color(200, 60, 60), true);
          }
        } else {
          line(g, pos.get(s + ":" + m.id()), to, new Color(180, 180, 180), false);
        }
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int s = 0; s < steps; s++) {
      g.setColor(Color.BLACK);
      g.drawString("step " + (s + 1), left + dx * s - 14, h - 30);
      for (PbtSearch.StepFitness f : fit.get(s)) {
        double[] p = pos.get((s + 1) + ":" + f.member());
        int r = 9;
        g.setColor(viridis(hi > lo ? (f.validAccuracy() - lo) / (hi - lo) : 1));
        g.fillOval((int) p[0] - r, (int) p[1] - r, 2 * r, 2 * r);
        g.setColor(Color.BLACK);
        g.drawOval((int) p[0] - r, (int) p[1] - r, 2 * r, 2 * r);
        g.drawString(Integer.toString(f.member()), (int) p[0] + r + 2, (int) p[1] + 4);
      }
    }
    for (int i = 0; i < n; i++) {
      g.drawString("slot " + i, 10, top + dy * i + dy / 2 + 4);
    }
    g.drawString("colour: " + Format.percent(lo) + " (dark) .. " + Format.percent(hi) + " (yellow)", left,
        h - 10);
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  /** Slots listed in the legend of {@code fitness.png}; a larger population lists every k-th slot. */
  private static final int LEGEND_SLOTS = 20;

  static void curves(Path png, List<List<PbtSearch.StepFitness>> fit, PbtConfig cfg) throws IOException {
    int w = 800;
    int h = 500;
    int left = 60;
    int right = 110;
    int top = 40;
    int bottom = 50;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    g.drawString("Validation accuracy (%) of every population slot after each step (" + cfg.variant().id() + ", seed "
        + cfg.seed() + ")", 10, 20);
    double lo = Double.MAX_VALUE;
    double hi = -Double.MAX_VALUE;
    for (List<PbtSearch.StepFitness> l : fit) {
      for (PbtSearch.StepFitness f : l) {
        lo = Math.min(lo, 100 * f.validAccuracy());
        hi = Math.max(hi, 100 * f.validAccuracy());
      }
    }
    if (lo == Double.MAX_VALUE) {
      g.dispose();
      ImageIO.write(img, "png", png.toFile());
      return;
    }
    double pad = Math.max(0.5, (hi - lo) * 0.05);
    lo -= pad;
    hi += pad;
    int steps = fit.size();
    int pw = w - left - right;
    int ph = h - top - bottom;
    g.setColor(Color.GRAY);
    g.drawRect(left, top, pw, ph);
    for (int k = 0; k <= 4; k++) {
      double v = lo + (hi - lo) * k / 4;
      int y = top + ph - (int) (ph * k / 4.0);
      g.drawString(Format.tick(v, (hi - lo) / 4), 10, y + 4);
    }
    for (int s = 0; s < steps; s++) {
      g.drawString(Integer.toString(s + 1), left + (steps == 1 ? 0 : pw * s / (steps - 1)) - 3, top + ph + 15);
    }
    g.drawString("step", left + pw / 2, h - 10);
    int n = cfg.population();
    legend(g, n, left + pw + 15, top + 12);
    for (int slot = 0; slot < n; slot++) {
      g.setColor(slotColour(slot, n));
      int px = -1;
      int py = -1;
      int prevMember = -1;
      for (int s = 0; s < steps; s++) {
        for (PbtSearch.StepFitness f : fit.get(s)) {
          if (f.slot() != slot) {
            continue;
          }
          int x = left + (steps == 1 ? 0 : pw * s / (steps - 1));
          int y = top + ph - (int) (ph * (100 * f.validAccuracy() - lo) / (hi - lo));
          if (px >= 0) {
            g.drawLine(px, py, x, y);
          }
          if (prevMember >= 0 && prevMember != f.member()) {
            g.drawOval(x - 4, y - 4, 8, 8);
          }
          px = x;
          py = y;
          prevMember = f.member();
        }
      }
    }
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  /** Which line is which: the colour of each slot (every k-th of a large population), and the new-child mark. */
  private static void legend(Graphics2D g, int n, int x, int y) {
    int every = (n + LEGEND_SLOTS - 1) / LEGEND_SLOTS;
    int row = 0;
    for (int slot = 0; slot < n; slot += every, row++) {
      int ly = y + 16 * row;
      g.setColor(slotColour(slot, n));
      g.drawLine(x, ly - 4, x + 22, ly - 4);
      g.setColor(Color.BLACK);
      g.drawString("slot " + slot, x + 28, ly);
    }
    int ly = y + 16 * row + 8;
    g.drawOval(x + 7, ly - 8, 8, 8);
    g.drawString("new child", x + 28, ly);
  }

  static Color slotColour(int slot, int n) {
    return viridis(n == 1 ? 0.5 : slot / (double) (n - 1) * 0.9);
  }

  static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    return g;
  }

  private static void line(Graphics2D g, double[] from, double[] to, Color c, boolean dashed) {
    if (from == null || to == null) {
      return;
    }
    g.setColor(c);
    g.setStroke(dashed ? new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f)
        : new BasicStroke(1.5f));
    g.drawLine((int) from[0], (int) from[1], (int) to[0], (int) to[1]);
    g.setStroke(new BasicStroke(1f));
  }

  /** An approximation of the viridis colour map, t in [0,1]. */
  static Color viridis(double t) {
    double x = Math.max(0, Math.min(1, t));
    double[][] stops = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    double p = x * (stops.length - 1);
    int i = Math.min(stops.length - 2, (int) p);
    double f = p - i;
    return new Color((int) (stops[i][0] + f * (stops[i + 1][0] - stops[i][0])),
        (int) (stops[i][1] + f * (stops[i + 1][1] - stops[i][1])), (int) (stops[i][2] + f * (stops[i + 1][2] - stops[i][2])));
  }
}
