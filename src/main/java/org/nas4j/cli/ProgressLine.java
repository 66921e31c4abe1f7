package org.nas4j.cli;

import java.io.PrintStream;
import java.time.Duration;

/**
 * One progress line on a stream, the one place that draws progress for {@code train}, {@code search} and
 * {@code bench}: redrawn in place with a carriage return on a terminal, printed as a new line otherwise (logs,
 * CI), and at most once per interval so that a log stays readable.
 */
final class ProgressLine {
  private final PrintStream out;
  private final boolean inPlace;
  private final long intervalNanos;
  private boolean shown;
  private long shownAt;
  private boolean open; // an in-place line still waiting for its newline

  /**
   * @param out where to draw (stderr)
   * @param inPlace redraw one line (a terminal) instead of printing a line per update
   * @param terminalInterval least time between two updates in place
   * @param logInterval least time between two printed lines
   */
  public ProgressLine(PrintStream out, boolean inPlace, Duration terminalInterval, Duration logInterval) {
    this.out = out;
    this.inPlace = inPlace;
    this.intervalNanos = (inPlace ? terminalInterval : logInterval).toNanos();
  }

  /** A line on stderr, in place when a console is attached. */
  public static ProgressLine stderr(Duration terminalInterval, Duration logInterval) {
    return new ProgressLine(System.err, System.console() != null, terminalInterval, logInterval);
  }

  public boolean inPlace() {
    return inPlace;
  }

  /** Shows {@code line} unless one was shown less than the interval ago; {@code force} shows it anyway (the last). */
  public synchronized void show(String line, boolean force) {
    long now = System.nanoTime();
    if (!force && shown && now - shownAt < intervalNanos) {
      return;
    }
    shown = true;
    shownAt = now;
    if (inPlace) {
      out.print("\r" + line + "   ");
      open = true;
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the line drawn in place, if there is one, so that what follows starts on its own line. */
  public synchronized void end() {
    if (open) {
      out.println();
      out.flush();
      open = false;
    }
  }

  /** {@code [#####.......]}: {@code done} of {@code total} in {@code width} characters. */
  public static String bar(long done, long total, int width) {
    int fill = total <= 0 ? width : (int) Math.round(width * Math.min(done, total) / (double) total);
    return "[" + "#".repeat(fill) + ".".repeat(width - fill) + "]";
  }
}
