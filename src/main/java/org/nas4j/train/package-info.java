/**
 * Real training of candidate architectures: {@link org.nas4j.train.Trainer} (NAS-Bench-201's SGD recipe),
 * {@link org.nas4j.train.TrainingEvaluator} for searches, and saved models ({@link org.nas4j.train.ModelFiles}).
 */
package org.nas4j.train;
