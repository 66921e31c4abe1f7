package org.nas4j.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.space.CellSpace;

class OptimizersTest {
  @Test
  void registeredNamesBuildOptimizersOfThatName() {
    assertTrue(Optimizers.names().containsAll(java.util.List.of("rs", "rea", "reinforce")));
    for (Optimizers.Entry e : Optimizers.all()) {
      Optimizer o = e.create(OptimizerContext.of(CellSpace.NB201, 1));
      assertEquals(e.name(), o.name());
    }
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    InputException e = assertThrows(InputException.class, () -> Optimizers.get("bohb"));
    assertTrue(e.getMessage().startsWith("unknown optimizer 'bohb': choose from rs, rea, reinforce"), e.getMessage());
    assertThrows(InputException.class, () -> Optimizers.parseList("rs,rs"));
    assertEquals(2, Optimizers.parseList("rs, rea").size());
  }
}
