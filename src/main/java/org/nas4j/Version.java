package org.nas4j;

/** nas4j's version, recorded with every evaluation. */
public final class Version {
  private Version() {}

  /** The version from the jar manifest, or {@code dev} when run from classes. */
  public static String get() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
