package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.Store;

/**
 * Source observations for transfer from the experiment store: every completed evaluation of earlier studies
 * in the same search space on other tasks (XferNAS: "evaluations ever made are kept; a new search on a new
 * task learns from them").
 *
 * <p>Per task and architecture only the evaluations at the highest fidelity seen for that architecture count
 * (a 200-epoch result says more than a 12-epoch one), averaged over repeats. Failed evaluations are skipped.
 */
public final class StoreSources {
  private StoreSources() {}

  /**
   * @param store the experiment store
   * @param space the target's search space (architectures are parsed with it)
   * @param targetTask the target task, excluded from the sources
   * @return one source per other task with completed evaluations, in task-name order
   */
  public static List<SourceObservations> of(Store store, SearchSpace space, String targetTask) {
    Map<String, List<Evaluation>> byTask = store.evaluationsOnOtherTasks(space.name(), targetTask);
    List<SourceObservations> out = new ArrayList<>();
    for (Map.Entry<String, List<Evaluation>> e : byTask.entrySet()) {
      SourceObservations s = fromEvaluations(space, e.getKey(), e.getValue());
      if (s.size() > 0) {
        out.add(s);
      }
    }
    return out;
  }

  /** One task's evaluations as a source (highest fidelity per architecture, repeats averaged). */
  public static SourceObservations fromEvaluations(SearchSpace space, String task, List<Evaluation> evaluations) {
    Map<Architecture, double[]> acc = new LinkedHashMap<>(); // {fidelity, sum, count}
    for (Evaluation ev : evaluations) {
      if (!ev.ok() || !Double.isFinite(ev.objective())) {
        continue;
      }
      Architecture a = space.parse(ev.architecture());
      double[] s = acc.get(a);
      if (s == null || ev.fidelity() > s[0]) {
        acc.put(a, new double[] {ev.fidelity(), ev.objective(), 1});
      } else if (ev.fidelity() == s[0]) {
        s[1] += ev.objective();
        s[2]++;
      }
    }
    List<Architecture> archs = new ArrayList<>(acc.keySet());
    double[] values = new double[archs.size()];
    for (int i = 0; i < values.length; i++) {
      double[] s = acc.get(archs.get(i));
      values[i] = s[1] / s[2];
    }
    return new SourceObservations(task, archs, values);
  }
}
