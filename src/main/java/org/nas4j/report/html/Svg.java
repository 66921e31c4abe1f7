package org.nas4j.report.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nas4j.report.Format;

/** A small SVG chart builder: one plot area with linear or log axes, lines, points and labels. */
final class Svg {
  static final int W = 640;
  static final int H = 360;
  static final int LEFT = 64;
  static final int RIGHT = 16;
  static final int TOP = 16;
  static final int BOTTOM = 48;

  private final StringBuilder body = new StringBuilder();
  private final double x0;
  private final double x1;
  private final double y0;
  private final double y1;
  private final boolean logX;

  Svg(double xMin, double xMax, double yMin, double yMax, boolean logX) {
    this.logX = logX;
    double a = logX ? Math.log10(Math.max(xMin, 1e-12)) : xMin;
    double b = logX ? Math.log10(Math.max(xMax, 1e-12)) : xMax;
    if (b - a < 1e-9) {
      a -= 0.5;
      b += 0.5;
    }
    double c = yMin;
    double d = yMax;
    if (d - c < 1e-9) {
      c -= 0.5;
      d += 0.5;
    }
    double padY = (d - c) * 0.05;
    this.x0 = a;
    this.x1 = b;
    this.y0 = c - padY;
    this.y1 = d + padY;
  }

  double px(double x) {
    double v = logX ? Math.log10(Math.max(x, 1e-12)) : x;
    return LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
  }

  double py(double y) {
    return TOP + (1 - (y - y0) / (y1 - y0)) * (H - TOP - BOTTOM);
  }

  /** Axes with ticks and labels. */
  Svg axes(String xLabel, String yLabel) {
    int bottom = H - BOTTOM;
    body.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' class='plot'/>",
        LEFT, TOP, W - LEFT - RIGHT, H - TOP - BOTTOM));
    List<Double> yt = ticks(y0, y1);
    for (double t : yt) {
      double y = py(t);
      body.append(String.format(Locale.ROOT, "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' class='grid'/>", LEFT, W - RIGHT, y, y));
      body.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' class='tick' text-anchor='end'>%s</text>", LEFT - 6, y + 4,
          Format.tick(t, step(yt))));
    }
    List<Double> xt = new ArrayList<>();
    if (logX) {
      for (int e = (int) Math.floor(x0); e <= Math.ceil(x1); e++) {
        if (e >= x0 - 1e-9 && e <= x1 + 1e-9) {
          xt.add(Math.pow(10, e));
        }
      }
      if (xt.size() < 2) {
        for (double t : ticks(Math.pow(10, x0), Math.pow(10, x1))) {
          xt.add(t);
        }
      }
    } else {
      xt.addAll(ticks(x0, x1));
    }
    for (double t : xt) {
      double x = px(t);
      if (x < LEFT - 0.5 || x > W - RIGHT + 0.5) {
        continue;
      }
      body.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%d' y2='%d' class='grid'/>", x, x, TOP, bottom));
      body.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d' class='tick' text-anchor='middle'>%s</text>", x, bottom + 16,
          logX ? Format.compact(t) : Format.tick(t, step(xt))));
    }
    body.append(String.format(Locale.ROOT, "<text x='%d' y='%d' class='label' text-anchor='middle'>%s</text>",
        (LEFT + W - RIGHT) / 2, H - 8, Html.esc(xLabel)));
    body.append(String.format(Locale.ROOT,
        "<text x='14' y='%d' class='label' text-anchor='middle' transform='rotate(-90 14 %d)'>%s</text>",
        (TOP + bottom) / 2, (TOP + bottom) / 2, Html.esc(yLabel)));
    return this;
  }

  /** A step line (best so far): horizontal then vertical between points. */
  Svg step(double[] xs, double[] ys, String cls) {
    if (xs.length == 0) {
      return this;
    }
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < xs.length; i++) {
      if (i > 0) {
        pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(xs[i]), py(ys[i - 1])));
      }
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", px(xs[i]), py(ys[i])));
    }
    body.append("<polyline class='").append(cls).append("' points='").append(pts.toString().strip()).append("'/>");
    return this;
  }

  /** A point with a hover title. */
  Svg point(double x, double y, String cls, String title) {
    body.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' class='%s'><title>%s</title></circle>",
        px(x), py(y), cls, Html.esc(title)));
    return this;
  }

  String render(String ariaLabel) {
    return "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 " + W + " " + H + "' width='" + W + "' height='" + H
        + "' role='img' aria-label='" + Html.esc(ariaLabel) + "'>" + body + "</svg>";
  }

  /** About five round tick values covering [a, b]. */
  static List<Double> ticks(double a, double b) {
    double span = b - a;
    double raw = span / 5;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double norm = raw / mag;
    double step = (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(a / step) * step; t <= b + step * 1e-9; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return out;
  }

  /** The distance between ticks (NaN for a single tick: no step to fit decimals to). */
  private static double step(List<Double> ticks) {
    return ticks.size() < 2 ? Double.NaN : ticks.get(1) - ticks.get(0);
  }
}
