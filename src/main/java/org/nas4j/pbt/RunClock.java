package org.nas4j.pbt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The wall time of a run over every process that worked on it, kept in the run directory's {@code elapsed.json}:
 * a process adds its own time to what earlier processes recorded. It saves whenever it has trained something
 * (after each member), so a killed process loses at most the time since its last finished member.
 */
final class RunClock {
  static final String FILE = "elapsed.json";

  /** What {@code elapsed.json} holds. */
  record Elapsed(double seconds) {}

  private final Path file;
  private final double earlier;
  private final long start = System.nanoTime();

  private RunClock(Path file, double earlier) {
    this.file = file;
    this.earlier = earlier;
  }

  /** Starts this process's share of the run in {@code dir}, after the seconds earlier processes recorded. */
  static RunClock start(Path dir) {
    Path f = dir.resolve(FILE);
    return new RunClock(f, Files.exists(f) ? PbtSearch.readJson(f, Elapsed.class).seconds() : 0);
  }

  /** Seconds that earlier processes spent on the run. */
  double earlier() {
    return earlier;
  }

  /** Records the seconds spent on the run so far, by all processes, and returns them. */
  synchronized double save() throws IOException {
    double total = earlier + (System.nanoTime() - start) / 1e9;
    PbtSearch.writeJson(file, new Elapsed(total));
    return total;
  }
}
