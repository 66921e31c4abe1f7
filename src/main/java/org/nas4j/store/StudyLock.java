package org.nas4j.store;

/**
 * A lock on one study for one purpose, held by one worker at a time across every process that shares the store
 * ({@link Store#lockStudy}). On PostgreSQL it is a session advisory lock: the server frees it when the holding
 * process dies or its session is ended, so a killed worker never leaves a study locked; on SQLite a byte of
 * {@code <store>.lock} locked with {@code fcntl}, which the operating system frees the same way. Close it on the
 * thread that took it.
 */
public interface StudyLock extends AutoCloseable {
  /** What a study lock serialises; each purpose is its own lock. */
  enum Purpose {
    /** Reading the study's newest results and asking the optimizer for new architectures: no stale proposals. */
    SUGGEST(1),
    /** The study's finish (the final model): done once, by one worker. */
    FINISH(2),
    /** A PBT generation's barrier (exploit and explore): done once per generation, by one worker. */
    GENERATION(3);

    final int key;

    Purpose(int key) {
      this.key = key;
    }
  }

  /** How long taking the lock waited for another holder, in nanoseconds. */
  long waitedNanos();

  /** How many others (threads or processes) wait for this lock now: the holder may do their work too. */
  int waiting();

  @Override
  void close();
}
