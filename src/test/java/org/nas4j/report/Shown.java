package org.nas4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helper: does a number printed for people say the same as the exact value it came from? */
public final class Shown {
  private Shown() {}

  /** {@code shown} is {@code value} rounded to the decimals shown, thousands separators aside. */
  public static void assertShows(double value, String shown) {
    assertTrue(shown.matches("-?\\d{1,3}(,\\d{3})*(\\.\\d+)?"), "a number grouped by thousands: " + shown);
    String plain = shown.replace(",", "");
    int decimals = plain.contains(".") ? plain.length() - plain.indexOf('.') - 1 : 0;
    assertEquals(value, Double.parseDouble(plain), 0.5 * Math.pow(10, -decimals) + 1e-9, shown + " for " + value);
  }
}
