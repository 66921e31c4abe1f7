package org.nas4j.evaluate;

import org.nas4j.space.Architecture;

/**
 * Turns (architecture, task, fidelity, seed) into an {@link Evaluation}: by real training, or by looking it
 * up in a tabular benchmark. An evaluator never chooses architectures and keeps no state between calls
 * that would change a result, so the same inputs give the same evaluation.
 */
@FunctionalInterface
public interface Evaluator {
  /**
   * @param architecture what to evaluate
   * @param fidelity epochs of training the result should stand for
   * @param seed fixes initialisation and data order
   * @return a COMPLETE evaluation, or FAILED with the reason when the architecture cannot be judged
   */
  Evaluation evaluate(Architecture architecture, int fidelity, long seed);
}
