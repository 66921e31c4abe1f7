/**
 * The search use case behind {@code nas4j search}, {@code export} and {@code report}: a study in a store, the
 * dataset, transfer sources from the store or a benchmark, the training evaluator, progress, the final model
 * and the study's report facts. It wires these together and hands the loop to {@link org.nas4j.runner}.
 */
package org.nas4j.search;
