package org.nas4j.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nas4j.InputException;
import org.nas4j.optimize.SourceObservations;

/**
 * Turns the command line's {@code --sources} into source observations for transfer: a comma-separated list
 * of task names of the same benchmark, each optionally written {@code shuffled:<task>} to permute its values
 * across architectures with the fixed seed {@link #SHUFFLE_SEED} (a source with no information, for
 * negative-transfer tests). Each source gives every architecture of the table with its validation accuracy
 * at the search's fidelity.
 */
public final class BenchSources {
  /** The fixed seed of {@code shuffled:} sources, so every run sees the same permutation. */
  public static final long SHUFFLE_SEED = 201L;

  private BenchSources() {}

  /**
   * @param spec e.g. {@code cifar100,imagenet16} or {@code shuffled:cifar10}; null or blank for none
   * @param target the search task; it may not also be a (non-shuffled) source, since that would give the answer away
   */
  public static List<SourceObservations> parse(TabularBenchmark benchmark, String spec, String target, int fidelity) {
    List<SourceObservations> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    Set<String> seen = new LinkedHashSet<>();
    for (String raw : spec.split(",")) {
      String item = raw.strip();
      if (item.isEmpty()) {
        continue;
      }
      if (!seen.add(item)) {
        throw new InputException("source " + item + " is listed twice in --sources " + spec + ": list it once");
      }
      boolean shuffled = item.startsWith("shuffled:");
      String task = shuffled ? item.substring("shuffled:".length()) : item;
      benchmark.requireTask(task);
      if (!shuffled && task.equals(target)) {
        throw new InputException("source " + task + " is the search task itself: give other tasks in --sources (or shuffled:" + task + ")");
      }
      if (!benchmark.fidelities(task).contains(fidelity)) {
        throw new InputException("source task " + task + " has no validation metric at " + fidelity
            + " epochs: pick another source or --fidelity " + benchmark.fidelities(task));
      }
      out.add(shuffled ? benchmark.shuffledSource(task, fidelity, SHUFFLE_SEED)
          : benchmark.sourceObservations(task, fidelity));
    }
    return out;
  }
}
