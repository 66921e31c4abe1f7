package org.nas4j.evaluate;

/**
 * Deterministic seed derivation, so every seed can be recomputed from the seed the user gave.
 *
 * <p>Every use of randomness draws from a named {@link Stream}: {@code Seeds.stream(seed, Stream.WEIGHTS)}. A stream
 * is an index range below the seed it derives from (its {@link Scope}); streams of one scope never share an index,
 * so two purposes never get the same numbers from the same seed.
 */
public final class Seeds {
  private Seeds() {}

  /** The seed a stream derives from. */
  public enum Scope {
    /** The seed of one training: a trial's seed, {@code nas4j train --seed}. */
    TRAINING,
    /** The seed of a dataset's validation split and samples: the study's, run's or command's seed. */
    DATA,
    /** The fixed seed of the test split, which never depends on the user's seed. */
    TEST,
    /** A study's seed. */
    STUDY,
    /** A PBT run's seed. */
    PBT
  }

  /**
   * What a seed is for. The indices are the ones each use had before the streams were named, so results at a
   * fixed seed did not change, except {@link #RANDOM_ARCHITECTURE}'s.
   */
  public enum Stream {
    /** A network's initial weights. */
    WEIGHTS(Scope.TRAINING, 0),
    /** The training data order and augmentation (each epoch derives its own from it). */
    DATA_ORDER(Scope.TRAINING, 1),
    /**
     * {@code nas4j train --arch random}: the architecture. It was index 3, the validation sample's too
     * ({@code train} gives its one seed to the data and to the training), so the architecture and the validation
     * images came from one generator; 5 is no stream's below a seed that is also the data's.
     */
    RANDOM_ARCHITECTURE(Scope.TRAINING, 5),
    /** The class-stratified validation split off the training images. */
    VALIDATION_SPLIT(Scope.DATA, 1),
    /** The sample of training images that {@code --train-limit} keeps. */
    TRAIN_SAMPLE(Scope.DATA, 2),
    /** The sample of validation images that {@code --valid-limit} keeps. */
    VALIDATION_SAMPLE(Scope.DATA, 3),
    /** The test split of a dataset without a test set of its own. */
    TEST_SPLIT(Scope.TEST, 0),
    /** The sample of test images that {@code --test-limit} keeps. */
    TEST_SAMPLE(Scope.TEST, 4),
    /** Trial {@code number}'s seed. */
    TRIAL(Scope.STUDY, 0, 1L << 40),
    /** The search's final retraining of the best architecture (after every possible trial number). */
    FINAL_TRAINING(Scope.STUDY, 1L << 40),
    /** Member {@code id}'s fresh weights: its initial ones, or a child's perturbation. */
    MEMBER_WEIGHTS(Scope.PBT, 0, 500_000),
    /** Member {@code id}'s data order. */
    MEMBER_DATA(Scope.PBT, 500_000, 499_999),
    /** The stratified initial population. */
    INITIAL_POPULATION(Scope.PBT, 999_999),
    /** Step {@code step}'s choice of parents and donor genes. */
    SELECTION(Scope.PBT, 1_000_000, Long.MAX_VALUE - 1_000_000);

    private final Scope scope;
    private final long first;
    private final long size;

    Stream(Scope scope, long index) {
      this(scope, index, 1);
    }

    Stream(Scope scope, long first, long size) {
      this.scope = scope;
      this.first = first;
      this.size = size;
    }

    public Scope scope() {
      return scope;
    }

    /** The first index of this stream. */
    public long first() {
      return first;
    }

    /** How many items the stream has (1 for a single seed). */
    public long size() {
      return size;
    }
  }

  /** A well-mixed seed for item {@code index} of a run seeded with {@code seed} (SplitMix64 finaliser). */
  public static long derive(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The seed of a single-seed {@code stream} below {@code seed}. */
  public static long stream(long seed, Stream stream) {
    return stream(seed, stream, 0);
  }

  /** The seed of item {@code item} (a member id, a step, a trial number) of {@code stream} below {@code seed}. */
  public static long stream(long seed, Stream stream, long item) {
    if (item < 0 || item >= stream.size()) {
      throw new IllegalArgumentException(stream + " has items 0 to " + (stream.size() - 1) + ", got " + item);
    }
    return derive(seed, stream.first() + item);
  }

  /**
   * The seed of trial {@code number} of a study seeded with {@code studySeed}: the one rule, used by the store
   * when it queues a trial and by the search runner when it trains one.
   */
  public static long trial(long studySeed, int number) {
    return stream(studySeed, Stream.TRIAL, number);
  }
}
