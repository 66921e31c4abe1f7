package org.nas4j.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * A learned guess of how good an architecture is on the target task, for optimizers that want one: the
 * transfer hook of XferNAS. An optimizer tells it every target evaluation ({@link #observe}) and asks it to
 * rank candidates ({@link #predict}). Implementations ({@code org.nas4j.transfer.TransferPredictor}) combine
 * a frozen transfer network learned on source tasks with a residual learned on the target's evaluations.
 *
 * <p>Predictions are in standardised units (about 1 per standard deviation of the target objective) and
 * shrink towards a constant when the predictor knows little, so their spread says how much to trust them.
 * Deterministic: the same observations in the same order give the same predictions.
 */
public interface Predictor {
  /** Spaces up to this size are scored exhaustively by {@link #bestUnseen}; larger ones by a random sample. */
  int EXHAUSTIVE = 20_000;
  /** Random candidates scored by {@link #bestUnseen} in larger spaces. */
  int SAMPLED = 2_000;

  /** The predicted objective, higher is better. */
  double predict(Architecture architecture);

  /** A target evaluation (the value the optimizer was told; NaN for a failed evaluation is ignored). */
  void observe(Architecture architecture, double value);

  /** The best predicted of some candidates (the first on ties); null for none. */
  default Architecture best(List<Architecture> candidates) {
    Architecture best = null;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (Architecture a : candidates) {
      double v = predict(a);
      if (best == null || v > bestValue) {
        best = a;
        bestValue = v;
      }
    }
    return best;
  }

  /**
   * The best predicted architecture not seen yet: over the whole space when it has at most
   * {@value #EXHAUSTIVE} architectures, else over {@value #SAMPLED} random unseen ones. Candidates are
   * shuffled first, so ties (a predictor that knows nothing) break at random.
   */
  default Architecture bestUnseen(SearchSpace space, Seen seen, SplittableRandom rng) {
    List<Architecture> candidates = new ArrayList<>();
    if (space.size() <= EXHAUSTIVE && !seen.exhausted()) {
      space.enumerate().filter(a -> !seen.contains(a)).forEach(candidates::add);
      for (int i = candidates.size() - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        Architecture t = candidates.get(i);
        candidates.set(i, candidates.get(j));
        candidates.set(j, t);
      }
    } else {
      for (int i = 0; i < SAMPLED; i++) {
        candidates.add(seen.randomUnseen(rng));
      }
    }
    return best(candidates);
  }
}
