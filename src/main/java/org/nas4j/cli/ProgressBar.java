package org.nas4j.cli;

import java.io.PrintStream;
import java.time.Duration;
import org.nas4j.runner.Progress;
import org.nas4j.search.SearchJob;
import org.nas4j.util.Format;

/**
 * The search's progress line: candidates done, best so far, time left. Redrawn in place on a terminal,
 * one line per candidate otherwise (logs, CI).
 */
final class ProgressBar implements SearchJob.Listener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final ProgressLine line;
  private final String unit;

  /**
   * @param out where to draw (stderr)
   * @param inPlace redraw one line with carriage returns (a terminal)
   * @param unit the objective's unit, e.g. {@code %}
   */
  ProgressBar(PrintStream out, boolean inPlace, String unit) {
    this.out = out;
    this.line = new ProgressLine(out, inPlace, Duration.ZERO, Duration.ZERO);
    this.unit = unit;
  }

  /** A bar on stderr, in place when a console is attached. */
  static ProgressBar stderr(String unit) {
    return new ProgressBar(System.err, System.console() != null, unit);
  }

  @Override
  public void started(int replayed, int budget) {
    if (replayed > 0) {
      out.println("resuming: " + Format.count(replayed) + " of " + Format.count(budget)
          + " evaluations already done (replayed to the optimizer)");
    }
  }

  @Override
  public void finished(Progress p) {
    line.show(line(p), true);
    if (p.finished() >= p.budget()) {
      line.end();
    }
  }

  /** Ends an in-place bar (when the search stops before the budget). */
  @Override
  public void stopped() {
    line.end();
  }

  String line(Progress p) {
    int done = Math.min(p.finished(), p.budget());
    StringBuilder b = new StringBuilder(ProgressLine.bar(done, p.budget(), WIDTH)).append(' ');
    b.append(Format.count(done)).append('/').append(Format.count(p.budget()));
    b.append("  best ").append(p.best().map(f -> Format.fixed(f.evaluation().objective(), 2) + unit).orElse("-"));
    var e = p.last().evaluation();
    b.append("  last ").append(e.ok() ? Format.fixed(e.objective(), 2) + unit : "failed")
        .append(" (").append(Format.seconds(e.costSeconds())).append(" s)");
    b.append("  elapsed ").append(Format.duration(p.elapsed()));
    p.left().ifPresent(l -> b.append("  left ~").append(Format.duration(l)));
    return b.toString();
  }
}
