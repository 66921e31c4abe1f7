/**
 * PBT-NAS (Chebykin et al., ECAI 2023): population based training with architecture mixing and
 * shrink-perturb, its baselines (random search, SEARL-like mutation) and ablations (no mixing, copy, reinit).
 * {@link org.nas4j.pbt.PbtSearch} runs a search in a resumable run directory; {@link org.nas4j.pbt.Breeding}
 * makes children on the heap; {@link org.nas4j.pbt.MemberTrainer} trains one member for one step;
 * {@link org.nas4j.pbt.PbtModel} loads the best member for prediction; {@link org.nas4j.pbt.PbtWorker} trains a
 * study's population together with other workers through the store. See docs/pbt.md and docs/workers.md.
 */
package org.nas4j.pbt;
