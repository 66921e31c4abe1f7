package org.nas4j.dashboard;

import java.util.List;

/**
 * What the transfer view replays, read from the store in one transaction.
 *
 * @param space the study's search space
 * @param task the target task
 * @param target the study's finished evaluations in finish order (objective NaN when failed)
 * @param others completed evaluations of other tasks in the same space, by task, study and finish order
 */
record TransferInputs(String space, String task, List<Row> target, List<Row> others) {
  record Row(String task, String architecture, double objective, int fidelity) {}
}
