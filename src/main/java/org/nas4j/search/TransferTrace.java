package org.nas4j.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.optimizers.Optimizers;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.StudySpec;
import org.nas4j.transfer.StoreSources;
import org.nas4j.transfer.TransferPredictor;

/**
 * A transfer study's predictor replayed over its search: before each finished evaluation (in finish order, as
 * the optimizer heard them), the weight of every source and of the target-only model, and what the predictor
 * predicted for that architecture; then its actual value. The predictor is deterministic (same observations in
 * the same order, same weights), so this is what a one-worker search's optimizer saw when it asked; with several
 * workers an ask may have come a few evaluations earlier. Nothing beyond what the store keeps is needed: the
 * study's options record its sources and how many evaluations each had ({@link SearchJob#transferWeights} replays
 * the same way for the log line).
 *
 * <p>Incremental: {@link #advance} feeds only the evaluations finished since the last call, so a page polling a
 * running study pays for each evaluation once. Not thread-safe.
 */
public final class TransferTrace {
  /**
   * One finished evaluation as the predictor met it.
   *
   * @param sourceWeights weight of each source (in {@link #sources()} order) just before it
   * @param targetWeight weight of the target-only model just before it
   * @param predicted the predictor's score for it before its value was told (standardised units)
   * @param actual its objective (NaN when it failed)
   */
  public record Step(String architecture, double[] sourceWeights, double targetWeight, double predicted,
      double actual) {}

  private final SearchSpace space;
  private final List<String> sources;
  private final TransferPredictor predictor;
  private final List<Step> steps = new ArrayList<>();

  private TransferTrace(SearchSpace space, List<SourceObservations> observations, long seed) {
    this.space = space;
    this.sources = observations.stream().map(SourceObservations::task).toList();
    this.predictor = TransferPredictor.forContext(new OptimizerContext(space, seed, observations));
  }

  /**
   * The trace of a study, empty when it has no recorded sources or its optimizer does not use them.
   *
   * @param otherTasks completed evaluations of other tasks in the study's space, by task, each list in study then
   *     finish order (as {@code Store.evaluationsOnOtherTasks} gives them)
   */
  public static Optional<TransferTrace> of(StudySpec spec, Map<String, List<Evaluation>> otherTasks) {
    if (Optimizers.baseOf(spec.optimizer()) == null) {
      return Optional.empty();
    }
    Map<String, Integer> counts = SearchJob.storedSourceCounts(spec);
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    SearchSpace space = SearchJob.space(spec.space());
    // the order Sources.resolve("auto,nb201:...") gives: store tasks by name, then NAS-Bench-201 tasks
    List<SourceObservations> resolved = new ArrayList<>();
    otherTasks.keySet().stream().sorted().forEach(task -> {
      SourceObservations s = StoreSources.fromEvaluations(space, task, otherTasks.get(task));
      if (s.size() > 0) {
        resolved.add(s);
      }
    });
    StringBuilder nb = new StringBuilder("none");
    counts.keySet().stream().filter(t -> t.startsWith("nb201:")).forEach(t -> nb.append(',').append(t));
    resolved.addAll(Sources.resolve(nb.toString(), null, space, spec.task()).observations());
    List<SourceObservations> used = SearchJob.asRecorded(resolved, counts);
    return used.isEmpty() ? Optional.empty() : Optional.of(new TransferTrace(space, used, spec.seed()));
  }

  /** Replays the evaluations finished after the ones already replayed; {@code finished} is all of them, in order. */
  public void advance(List<Evaluation> finished) {
    for (int i = steps.size(); i < finished.size(); i++) {
      Evaluation e = finished.get(i);
      Architecture a = space.parse(e.architecture());
      double predicted = predictor.predict(a);
      steps.add(new Step(e.architecture(), predictor.sourceWeights(), predictor.targetWeight(), predicted,
          e.ok() ? e.objective() : Double.NaN));
      predictor.observe(a, e.ok() ? e.objective() : Double.NaN);
    }
  }

  /** The source names, in the order of {@link Step#sourceWeights()}. */
  public List<String> sources() {
    return sources;
  }

  /** Every replayed evaluation, in finish order. */
  public List<Step> steps() {
    return List.copyOf(steps);
  }

  /** The predictor's one-line state now (as {@code nas4j search} logs it at the end). */
  public String describe() {
    return predictor.describe();
  }
}
