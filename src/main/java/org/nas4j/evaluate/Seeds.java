package org.nas4j.evaluate;

/** Deterministic seed derivation, so every evaluation's seed can be recomputed from the study seed. */
public final class Seeds {
  private Seeds() {}

  /** A well-mixed seed for item {@code index} of a run seeded with {@code seed} (SplitMix64 finaliser). */
  public static long derive(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * The seed of trial {@code number} of a study seeded with {@code studySeed}: the one rule, used by the store
   * when it queues a trial and by the search runner when it trains one.
   */
  public static long trial(long studySeed, int number) {
    return derive(studySeed, number);
  }
}
