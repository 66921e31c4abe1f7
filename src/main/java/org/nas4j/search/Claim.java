package org.nas4j.search;

import java.util.Objects;

/**
 * A trial this worker holds: it alone trains the architecture until it finishes or releases the claim, or
 * its heartbeat stops and someone else releases it.
 *
 * @param id the store's id of the trial
 * @param number the trial's number in its study (0, 1, 2, ... in the order trials were added); it fixes the
 *     evaluation seed as {@code Seeds.trial(studySeed, number)}
 * @param architecture canonical string of the architecture
 * @param worker who holds the claim ({@code host:pid:thread})
 */
public record Claim(long id, int number, String architecture, String worker) {
  public Claim {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(worker, "worker");
  }
}
