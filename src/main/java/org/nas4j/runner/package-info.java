/**
 * The search runner: the only place that owns concurrency, budgets and persistence.
 *
 * <p>{@link org.nas4j.runner.SearchRunner} drives an {@link org.nas4j.optimize.Optimizer} (ask/tell) and an
 * {@link org.nas4j.evaluate.Evaluator} over one study of a {@link org.nas4j.store.Store}.
 * Every finished evaluation is committed before the optimizer hears of it; a resumed run
 * rebuilds the optimizer from its seed and replays the finished evaluations in finish order; several worker
 * threads, and several processes on one shared store, divide the work by claiming trials.
 */
package org.nas4j.runner;
