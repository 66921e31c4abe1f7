package org.nas4j.optimize;

import org.nas4j.space.Architecture;

/**
 * A learned guess of how good an architecture is on the target task, for optimizers that want one: the
 * transfer hook of XferNAS. An optimizer tells it every target evaluation ({@link #observe}) and asks it to
 * rank candidates ({@link #predict}); only the order of predictions matters. Implementations
 * ({@code org.nas4j.transfer.TransferPredictor}) combine a frozen transfer network learned on source tasks
 * with a residual learned on the target's evaluations.
 *
 * <p>Deterministic: the same observations in the same order give the same predictions.
 */
public interface Predictor {

  /** The predicted objective, higher is better, in arbitrary units (compare predictions, not values). */
  double predict(Architecture architecture);

  /** A target evaluation (the value the optimizer was told; NaN for a failed evaluation is ignored). */
  void observe(Architecture architecture, double value);
}
