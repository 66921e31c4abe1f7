package org.nas4j.dashboard;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.store.Claim;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;

/**
 * Studies written through the store's own API (add, claim, finish), as a search writes them, with seeded
 * objectives and parameter counts: the dashboard tests compare its SQL answers with the store's own reads.
 */
final class Fill {
  private Fill() {}

  /** Distinct NAS-Bench-201 architectures in a seeded order. */
  static List<Architecture> architectures(long seed) {
    List<Architecture> all = new ArrayList<>(CellSpace.NB201.enumerate().toList());
    Collections.shuffle(all, new Random(seed));
    return all;
  }

  /**
   * A study with {@code n} finished evaluations (every seventh failed, with an error that is markup) and
   * {@code waiting} more enqueued.
   */
  static Study study(Store store, String name, int n, int waiting, long seed) {
    Study s = store.createStudy(StudySpec.of(name, "nb201", "digits", "rea", seed, 1)
        .withBudget(Budget.ofEvaluations(n + waiting)));
    List<Architecture> archs = architectures(seed);
    Random rng = new Random(seed);
    for (int i = 0; i < n; i++) {
      String a = archs.get(i).toString();
      Claim c = store.add(s, a, "w" + (i % 3), Integer.MAX_VALUE).claim();
      double cost = 0.1 + rng.nextDouble();
      if (i % 7 == 3) {
        store.finish(c, Evaluation.failed(a, "digits", 1, cost, seed, "<b>out of memory</b> & more"));
      } else {
        double acc = 50 + 40 * rng.nextDouble();
        long params = 1000 + rng.nextInt(90_000);
        // FLOPs as the training evaluator keeps them (in the metrics), left out of every fifth as a tabular one
        Map<String, Double> metrics = i % 5 == 0 ? Map.of("valid_accuracy", acc)
            : Map.of("valid_accuracy", acc, "flops", 30.0 * params + i);
        store.finish(c, Evaluation.complete(a, "digits", 1, acc, metrics, cost, params, seed));
      }
    }
    for (int i = 0; i < waiting; i++) {
      store.enqueue(s, archs.get(n + i).toString());
    }
    return s;
  }
}
