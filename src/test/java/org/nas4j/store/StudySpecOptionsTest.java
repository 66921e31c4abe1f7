package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Study options are compared as JSON with snake_case names, so stores of older nas4j versions still resume. */
public class StudySpecOptionsTest {
  @Test
  void camelCaseOptionsOfOlderStoresMatchTodaysSnakeCase() {
    StudySpec stored = StudySpec.of("s", "nb201", "cifar10", "rea", 1, 12)
        .withOptions("{\"data\":\"fashion-mnist\",\"validFraction\":0.1,\"sourceCounts\":{\"imageFolder\":5}}");
    StudySpec given = stored.withOptions(
        "{\"data\":\"fashion-mnist\",\"valid_fraction\":0.1,\"source_counts\":{\"imageFolder\":5}}");
    assertEquals(List.of(), stored.identityDifferences(given));
    // nested keys are data (task names) and stay as they are
    assertEquals("{\"data\":\"fashion-mnist\",\"valid_fraction\":0.1,\"source_counts\":{\"imageFolder\":5}}",
        stored.options());
  }
}
