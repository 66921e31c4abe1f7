package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nas4j.InputException;

class SelectionTest {
  @Test
  void sizesFollowThePapersTruncation() {
    assertEquals(new Selection(24, 6, 18, 6), Selection.of(24, 0.25));
    assertEquals(new Selection(12, 3, 9, 3), Selection.of(12, 0.25));
    assertEquals(new Selection(8, 2, 6, 2), Selection.of(8, 0.25));
    assertEquals(new Selection(10, 2, 7, 3), Selection.of(10, 0.25)); // int(2.5)=2 parents, int(7.5)=7 elites
    assertEquals(new Selection(18, 4, 13, 5), Selection.of(18, 0.25));
    assertEquals(new Selection(6, 2, 3, 3), Selection.of(6, 0.4)); // the paper's N=6 setting: tau 0.4
    assertEquals(new Selection(4, 2, 2, 2), Selection.of(4, 0.5));
  }

  @Test
  void tooFewParentsIsAnInputError() {
    InputException e = assertThrows(InputException.class, () -> Selection.of(6, 0.25));
    assertEquals(true, e.getMessage().contains("--population 8"));
    assertThrows(InputException.class, () -> Selection.of(8, 0.7));
  }
}
