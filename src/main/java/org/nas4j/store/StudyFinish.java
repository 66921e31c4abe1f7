package org.nas4j.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The finish of a study as recorded by the worker that did it ({@link Store#recordFinish}).
 *
 * @param key what was finished, e.g. the final model's architecture, epochs and seed: a later finish with another
 *     key (a larger budget found a better architecture) is a new finish
 * @param by the worker that finished it ({@code host:pid:thread})
 * @param at when
 */
public record StudyFinish(String key, String by, Instant at) {
  public StudyFinish {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
  }
}
