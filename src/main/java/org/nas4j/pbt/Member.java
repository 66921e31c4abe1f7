package org.nas4j.pbt;

import java.util.List;

/**
 * One member of a population at the start of a step, as stored in {@code population-<step>.json}.
 *
 * @param id unique member number (children get new numbers)
 * @param slot its place in the population (a child takes the slot of the member it replaces)
 * @param architecture canonical string
 * @param checkpoint file name (in the run's {@code checkpoints} folder) of the weights it starts the step
 *     from, or null for a fresh initialisation
 * @param born the step at whose start it first trained
 * @param base the fitter parent's id, or -1 for an initial member
 * @param donor the donor parent's id, or -1
 * @param donorGenes genes whose layers came from the donor (or were mutated)
 * @param kind {@code init}, {@code survivor}, {@code mix}, {@code copy}, {@code weight-noise} or {@code gene-mutation}
 */
record Member(int id, int slot, String architecture, String checkpoint, int born, int base, int donor,
    List<Integer> donorGenes, String kind) {

  public Member {
    donorGenes = donorGenes == null ? List.of() : List.copyOf(donorGenes);
  }

  /** The same member, starting the next step from another checkpoint. */
  public Member withCheckpoint(String file) {
    return new Member(id, slot, architecture, file, born, base, donor, donorGenes, kind);
  }
}
