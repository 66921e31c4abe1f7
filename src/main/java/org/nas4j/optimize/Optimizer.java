package org.nas4j.optimize;

import org.nas4j.space.Architecture;

/**
 * A search strategy with an ask/tell interface (as in Optuna): the runner asks for architectures, has them
 * evaluated, and tells the results back. An optimizer never trains networks, never touches the store and
 * never starts threads; its randomness comes only from the seed it was built with, so the same seed and the
 * same sequence of tells give the same asks.
 *
 * <p>Several asks may be outstanding at once (parallel workers); tells may arrive in any order. A resumed
 * search rebuilds an optimizer by constructing it with the stored seed and replaying every finished
 * evaluation with {@link #tell}, in the order they finished.
 */
public interface Optimizer {

  /** A short name, e.g. {@code rea}. */
  String name();

  /**
   * The next architecture to evaluate. Implementations avoid architectures they have already asked for or
   * been told about, unless the space has none left.
   */
  Architecture ask();

  /**
   * The result of evaluating an architecture.
   *
   * @param architecture the architecture evaluated (usually one this optimizer asked for; on resume, any)
   * @param value the objective, higher is better (e.g. validation accuracy in %); NaN when the evaluation failed
   */
  void tell(Architecture architecture, double value);
}
