package org.nas4j.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A study as stored: one search (space, task, optimizer, seed, budget) and the handle that store calls take.
 *
 * @param id the store's key for the study
 * @param spec what the study searches and with what budget
 * @param created when the study was created
 * @param nas4jVersion the nas4j version that created it
 */
public record Study(long id, StudySpec spec, Instant created, String nas4jVersion) {
  public Study {
    Objects.requireNonNull(spec, "spec");
  }

  public String name() {
    return spec.name();
  }
}
