package org.nas4j.cli;

import org.nas4j.InputException;

/**
 * Checks of option values that only the command line can make (a default left out, two options given together);
 * the configuration records check their own values. One wording for every command, one line each.
 */
final class Flags {
  private Flags() {}

  /** {@code value}, or a one-line error naming the option when it is below {@code min}; {@code fix} says what to do. */
  static int atLeast(String option, int value, int min, String fix) {
    if (value < min) {
      throw new InputException(option + " must be at least " + min + ", got " + value + ": " + fix);
    }
    return value;
  }

  /** Fails when two options that say the same thing in different ways are both given (non-null). */
  static void notBoth(String option, Object value, String other, Object otherValue, String fix) {
    if (value != null && otherValue != null) {
      throw new InputException(option + " " + value + " and " + other + " " + otherValue + " contradict each other: "
          + fix);
    }
  }
}
