package org.nas4j.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/** A clock the test moves by hand, to age heartbeats without sleeping. */
final class ManualClock implements InstantSource {
  private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  void advance(Duration d) {
    millis.addAndGet(d.toMillis());
  }
}
