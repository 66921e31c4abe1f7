package org.nas4j.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nas4j.evaluate.Seeds.Stream;
import org.junit.jupiter.api.Test;

class SeedsTest {

  @Test
  void streamsOfOneScopeNeverShareAnIndex() {
    for (Stream a : Stream.values()) {
      for (Stream b : Stream.values()) {
        if (a != b && a.scope() == b.scope()) {
          boolean overlap = a.first() < b.first() + b.size() && b.first() < a.first() + a.size();
          assertTrue(!overlap, a + " and " + b + " overlap below the " + a.scope() + " seed");
        }
      }
    }
  }

  /** {@code nas4j train} derives the data's and the training's streams from its one seed. */
  @Test
  void theRandomArchitectureOfTrainIsNoDataStream() {
    for (Stream s : Stream.values()) {
      if (s.scope() == Seeds.Scope.DATA || s.scope() == Seeds.Scope.TRAINING && s != Stream.RANDOM_ARCHITECTURE) {
        assertTrue(Stream.RANDOM_ARCHITECTURE.first() != s.first(), "RANDOM_ARCHITECTURE and " + s);
      }
    }
  }

  /** Naming the streams kept every index, so results at a fixed seed are the numbers they were. */
  @Test
  void namedStreamsKeepTheIndicesTheyReplaced() {
    long s = 42;
    assertEquals(Seeds.derive(s, 0), Seeds.stream(s, Stream.WEIGHTS));
    assertEquals(Seeds.derive(s, 1), Seeds.stream(s, Stream.DATA_ORDER));
    assertEquals(Seeds.derive(s, 1), Seeds.stream(s, Stream.VALIDATION_SPLIT));
    assertEquals(Seeds.derive(s, 2), Seeds.stream(s, Stream.TRAIN_SAMPLE));
    assertEquals(Seeds.derive(s, 3), Seeds.stream(s, Stream.VALIDATION_SAMPLE));
    assertEquals(Seeds.derive(s, 0), Seeds.stream(s, Stream.TEST_SPLIT));
    assertEquals(Seeds.derive(s, 4), Seeds.stream(s, Stream.TEST_SAMPLE));
    assertEquals(Seeds.derive(s, 7), Seeds.trial(s, 7));
    assertEquals(Seeds.derive(s, 1L << 40), Seeds.stream(s, Stream.FINAL_TRAINING));
    assertEquals(Seeds.derive(s, 9), Seeds.stream(s, Stream.MEMBER_WEIGHTS, 9));
    assertEquals(Seeds.derive(s, 500_009), Seeds.stream(s, Stream.MEMBER_DATA, 9));
    assertEquals(Seeds.derive(s, 999_999), Seeds.stream(s, Stream.INITIAL_POPULATION));
    assertEquals(Seeds.derive(s, 1_000_003), Seeds.stream(s, Stream.SELECTION, 3));
  }

  @Test
  void anItemOutsideItsStreamIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Stream.WEIGHTS, 1));
    assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Stream.MEMBER_DATA, 499_999));
    assertThrows(IllegalArgumentException.class, () -> Seeds.stream(1, Stream.TRIAL, -1));
  }
}
