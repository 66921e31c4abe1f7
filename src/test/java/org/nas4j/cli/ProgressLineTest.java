package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  @Test
  void inALogALineIsPrintedPerIntervalAndTheLastAlways() {
    ProgressLine line = new ProgressLine(out, false, Duration.ZERO, Duration.ofHours(1));
    line.show("a", false);
    line.show("b", false); // within the interval: dropped
    line.show("c", true);
    line.end(); // nothing open in a log
    assertEquals("a\nc\n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void onATerminalTheLineIsRedrawnInPlaceAndEndedOnce() {
    ProgressLine line = new ProgressLine(out, true, Duration.ZERO, Duration.ofHours(1));
    line.show("a", false);
    line.show("b", false);
    line.end();
    line.end();
    assertEquals("\ra   \rb   \n", bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
  }

  @Test
  void barsAreFilledInProportion() {
    assertEquals("[..........]", ProgressLine.bar(0, 4, 10));
    assertEquals("[#####.....]", ProgressLine.bar(2, 4, 10));
    assertEquals("[##########]", ProgressLine.bar(9, 4, 10));
    assertEquals("[####]", ProgressLine.bar(0, 0, 4));
  }
}
