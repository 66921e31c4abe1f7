package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.space.CellSpace;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;

class SourcesTest {
  @Test
  void nasBench201TasksAndEarlierStudies() {
    try (Store store = Store.open(":memory:")) {
      Study other = store.createOrLoadStudy(StudySpec.of("d", "nb201", "digits", "rea", 1, 1).withBudget(Budget.ofEvaluations(5)));
      String a = CellSpace.NB201.of(3, 3, 3, 3, 3, 3).toString();
      var added = store.add(other, a, "w", 5);
      store.finish(added.claim(), Evaluation.complete(a, "digits", 1, 91.5, Map.of(), 1, 10, 0));
      Sources.Resolved r = Sources.resolve("auto,nb201:cifar100", store, CellSpace.NB201, "fashion-mnist");
      assertEquals(2, r.observations().size());
      assertEquals("digits", r.observations().get(0).task());
      assertEquals(91.5, r.observations().get(0).values()[0]);
      assertEquals("nb201:cifar100", r.observations().get(1).task());
      assertEquals(15625, r.observations().get(1).size());
      assertTrue(r.descriptions().get(1).contains("12-epoch"));
      // a study is never its own source
      assertEquals(0, Sources.resolve("auto", store, CellSpace.NB201, "digits").observations().size());
      assertEquals(0, Sources.resolve("none", store, CellSpace.NB201, "digits").observations().size());
      InputException e = assertThrows(InputException.class,
          () -> Sources.resolve("nb201:svhn", store, CellSpace.NB201, "digits"));
      assertTrue(e.getMessage().contains("svhn"), e.getMessage());
    }
  }
}
