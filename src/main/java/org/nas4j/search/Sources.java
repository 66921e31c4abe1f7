package org.nas4j.search;

import java.util.ArrayList;
import java.util.List;
import org.nas4j.InputException;
import org.nas4j.bench.BenchSources;
import org.nas4j.bench.TabularBenchmark;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.Store;
import org.nas4j.transfer.StoreSources;

/**
 * Resolves {@code --sources} into the source observations a transfer optimizer learns from (XferNAS).
 *
 * <p>A comma-separated list of:
 * <ul>
 *   <li>{@code auto} (the default): every earlier study in the store with the same space on another task,
 *   one source per task;</li>
 *   <li>{@code none}: no transfer;</li>
 *   <li>{@code nb201:TASK} (e.g. {@code nb201:cifar10}): a NAS-Bench-201 task, usable because the space is
 *   the same; its 12-epoch validation accuracies (the NAS-Bench-201 search protocol's signal).</li>
 * </ul>
 */
public final class Sources {
  /** NAS-Bench-201's low-cost fidelity, the one its search protocol uses. */
  static final int NB201_FIDELITY = 12;

  private Sources() {}

  /** What was resolved: the observations and a one-line description of each. */
  public record Resolved(List<SourceObservations> observations, List<String> descriptions) {
    public Resolved {
      observations = List.copyOf(observations);
      descriptions = List.copyOf(descriptions);
    }
  }

  /**
   * Refuses what {@link #resolve} would refuse (an unknown item, a NAS-Bench-201 task that does not exist or does
   * not fit the space) without a store, so a bad {@code --sources} is reported before a store file is created.
   */
  public static void check(String spec, SearchSpace space, String task) {
    resolve(spec, null, space, task);
  }

  /**
   * @param spec the {@code --sources} value
   * @param store the store ({@code auto} reads it); null to check the spec only
   * @param space the search space of the study
   * @param task the target task (never its own source)
   */
  public static Resolved resolve(String spec, Store store, SearchSpace space, String task) {
    List<SourceObservations> obs = new ArrayList<>();
    List<String> desc = new ArrayList<>();
    String s = spec == null || spec.isBlank() ? "auto" : spec.strip();
    for (String raw : s.split(",")) {
      String item = raw.strip();
      if (item.isEmpty() || item.equals("none")) {
        continue;
      }
      if (item.equals("auto")) {
        if (store == null) {
          continue; // checking the spec only: what auto finds is in the store
        }
        for (SourceObservations o : StoreSources.of(store, space, task)) {
          obs.add(o);
          desc.add(o.task() + " (" + o.size() + " architectures evaluated in earlier studies in this store)");
        }
      } else if (item.startsWith("nb201:")) {
        if (!space.name().equals("nb201")) {
          throw new InputException("source " + item + " is a NAS-Bench-201 task, but the search space is "
              + space.name() + ": use --space nb201 or drop it from --sources");
        }
        String t = item.substring("nb201:".length());
        TabularBenchmark nb = TabularBenchmark.nb201();
        for (SourceObservations o : BenchSources.parse(nb, t, "store:" + task, NB201_FIDELITY)) {
          obs.add(new SourceObservations("nb201:" + o.task(), o.architectures(), o.values()));
          desc.add("nb201:" + o.task() + " (" + o.size() + " NAS-Bench-201 architectures, " + NB201_FIDELITY
              + "-epoch validation accuracy)");
        }
      } else {
        throw new InputException("unknown source '" + item + "' in --sources " + spec
            + ": use auto, none, or nb201:TASK (e.g. nb201:cifar10,nb201:cifar100)");
      }
    }
    return new Resolved(obs, desc);
  }
}
