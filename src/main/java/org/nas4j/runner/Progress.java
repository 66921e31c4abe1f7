package org.nas4j.runner;

import java.time.Duration;
import java.util.Optional;
import org.nas4j.store.Trial;

/**
 * A snapshot of a running search, given to a {@link SearchRunner.Listener} after each commit.
 *
 * @param finished finished trials in the study (all processes)
 * @param budget the evaluation budget
 * @param last the trial just committed
 * @param best the best COMPLETE trial so far, if any
 * @param elapsed wall time of this run so far
 * @param left estimated wall time until the budget is spent, if it can be estimated yet
 */
public record Progress(int finished, int budget, Trial last, Optional<Trial> best,
    Duration elapsed, Optional<Duration> left) {}
