package org.nas4j.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A learned guess of how good an architecture is on the target task, for optimizers that want one: the
 * transfer hook of XferNAS. An optimizer tells it every target evaluation ({@link #observe}) and asks it to
 * rank candidates. Implementations ({@code org.nas4j.transfer.TransferPredictor}) combine frozen transfer
 * networks learned on source tasks, each weighted by how well it ranks the target's evaluations, with a
 * residual learned on those evaluations.
 *
 * <p>An optimizer uses it in one of three ways, all built on the same weights:
 * <ul>
 *   <li>{@link #best} and {@link #bestUnseen} for a choice among candidates: each call draws one scoring
 *       function ({@link #sample}), so runs with different seeds explore differently and a source is followed
 *       only as often as its weight says;</li>
 *   <li>{@link #prior}, the weighted transfer network alone, as a prior to learn on top of (REINFORCE's
 *       pre-training);</li>
 *   <li>{@link #sourceWeights} to weight models of its own, one per source (XferNAO's heads).</li>
 * </ul>
 *
 * <p>Predictions are in standardised units (about 1 per standard deviation of the target objective).
 * Deterministic: the same observations in the same order give the same predictions and weights.
 */
public interface Predictor {
  /** Spaces up to this size are scored exhaustively by {@link #bestUnseen}; larger ones by a random sample. */
  int EXHAUSTIVE = 20_000;
  /** Random candidates scored by {@link #bestUnseen} in larger spaces. */
  int SAMPLED = 2_000;

  /** The predicted objective, higher is better: the weighted transfer network plus the target residual. */
  double predict(Architecture architecture);

  /** A target evaluation (the value the optimizer was told; NaN for a failed evaluation is ignored). */
  void observe(Architecture architecture, double value);

  /** The weighted transfer network alone, {@code u(x)}: 0 when no source is trusted. */
  default double prior(Architecture architecture) {
    return 0;
  }

  /** A scoring function for one decision, drawn at random where the predictor is unsure which model to trust. */
  default ToDoubleFunction<Architecture> sample(RandomGenerator rng) {
    return this::predict;
  }

  /** The current weight of each source the predictor was built with, in that order (empty without sources). */
  default double[] sourceWeights() {
    return new double[0];
  }

  /** One line for logs: what the predictor trusts now. */
  default String describe() {
    return toString();
  }

  /** The best of some candidates under one {@link #sample}, ties broken at random; null for none. */
  default Architecture best(List<Architecture> candidates, RandomGenerator rng) {
    ToDoubleFunction<Architecture> score = sample(rng);
    Architecture best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    int ties = 0;
    for (Architecture a : candidates) {
      double v = score.applyAsDouble(a);
      if (best == null || v > bestValue) {
        best = a;
        bestValue = v;
        ties = 1;
      } else if (v == bestValue && rng.nextInt(++ties) == 0) {
        best = a;
      }
    }
    return best;
  }

  /**
   * The best architecture not seen yet under one {@link #sample}: over the whole space when it has at most
   * {@value #EXHAUSTIVE} architectures, else over {@value #SAMPLED} random unseen ones; ties (a model that
   * knows nothing yet) broken at random.
   */
  default Architecture bestUnseen(SearchSpace space, Seen seen, RandomGenerator rng) {
    List<Architecture> candidates = new ArrayList<>();
    if (space.size() <= EXHAUSTIVE && !seen.exhausted()) {
      space.enumerate().filter(a -> !seen.contains(a)).forEach(candidates::add);
    } else {
      for (int i = 0; i < SAMPLED; i++) {
        candidates.add(seen.randomUnseen(rng));
      }
    }
    return best(candidates, rng);
  }
}
