package org.nas4j;

/**
 * Bad input from the user: an unknown op, a malformed architecture, a missing or corrupt file, an unknown
 * study. The message is one line that names the problem and the fix; the command line prints it and exits
 * with status 2, and nothing the user had is changed.
 */
public class InputException extends IllegalArgumentException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
