/**
 * Tabular benchmarks (NAS-Bench-201 bundled, or a user's CSV), the evaluator that looks architectures up in
 * them, and the bench runner that compares optimizers over many seeded runs under a simulated budget.
 */
package org.nas4j.bench;
