package org.nas4j.store;

/** The database failed in a way that is not the user's input (a broken connection mid-search, a full disk). */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
