package org.nas4j.optimize;

import java.util.List;
import java.util.Objects;
import org.nas4j.space.Architecture;

/**
 * What was observed on one source task of the same search space, for transfer (XferNAS): architectures and
 * their objective values (higher is better, in the task's own units; transfer normalises per task).
 * Sources come from a tabular benchmark's other tasks or from earlier studies in the experiment store.
 *
 * @param task the source task's name, e.g. {@code cifar10} or a store study's task
 * @param architectures evaluated architectures, in the target's search space
 * @param values one objective per architecture
 */
public record SourceObservations(String task, List<Architecture> architectures, double[] values) {
  public SourceObservations {
    Objects.requireNonNull(task, "task");
    architectures = List.copyOf(architectures);
    values = values.clone();
    if (architectures.size() != values.length) {
      throw new IllegalArgumentException(
          "source " + task + ": " + architectures.size() + " architectures but " + values.length + " values");
    }
  }

  public int size() {
    return values.length;
  }
}
