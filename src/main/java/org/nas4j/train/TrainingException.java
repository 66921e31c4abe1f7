package org.nas4j.train;

/** Training could not finish (the loss became NaN or infinite, or the thread was interrupted). */
public class TrainingException extends RuntimeException {
  public TrainingException(String message) {
    super(message);
  }
}
