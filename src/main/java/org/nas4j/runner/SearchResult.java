package org.nas4j.runner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.nas4j.store.Trial;

/**
 * What a run of {@link SearchRunner} did.
 *
 * @param finished every finished trial of the study, in finish order (including earlier runs and other processes)
 * @param best the best COMPLETE trial, if any
 * @param replayed finished trials told to the optimizer at start (a resume)
 * @param trainedHere evaluations this run trained and committed
 * @param wall wall time of this run
 * @param evaluateSeconds time worker threads spent inside the evaluator, summed over workers
 * @param optimizerSeconds time spent in optimizer construction, ask and tell
 * @param storeSeconds time spent in store calls on the workers' path (claims, commits, reads)
 * @param workers worker threads
 * @param stop why the run ended
 * @param suggestions times this run took the study's suggestion lock to ask the optimizer for new architectures
 * @param lockWaitSeconds time spent waiting for that lock while other workers (of any process) held it
 */
public record SearchResult(List<Trial> finished, Optional<Trial> best, int replayed,
    int trainedHere, Duration wall, double evaluateSeconds, double optimizerSeconds, double storeSeconds,
    int workers, String stop, int suggestions, double lockWaitSeconds) {

  /**
   * Share of the workers' wall time spent in the optimizer and the store, i.e. not training:
   * {@code (optimizer + store) / (wall * workers)}.
   */
  public double overheadShare() {
    double w = wall.toNanos() / 1e9 * workers;
    return w <= 0 ? 0 : (optimizerSeconds + storeSeconds) / w;
  }
}
