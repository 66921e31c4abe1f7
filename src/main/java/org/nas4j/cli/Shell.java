package org.nas4j.cli;

import java.util.regex.Pattern;

/** Words printed as commands for the user to paste ("next: ./nas4j ..."), quoted for a POSIX shell. */
final class Shell {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@,+%-]+");

  private Shell() {}

  /**
   * The word as the shell must see it: unchanged when it has no special character, otherwise in single quotes
   * (a quote inside written {@code '\''}). A study named {@code my run} or {@code a<b} pastes as one word.
   */
  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
