package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;
import org.nas4j.train.TrainData;

/** A killed PBT run keeps the steps it recorded; the resumed run records the rest, nothing twice. */
class PbtStudyTest {
  @Test
  void stepsAreRecordedAsTheyFinishAndAResumeAddsNoDuplicates(@TempDir Path dir) throws Exception {
    if (PbtSearchTest.data == null) {
      PbtSearchTest.load();
    }
    TrainData data = PbtSearchTest.data;
    PbtConfig cfg = PbtSearchTest.config(Variant.PBT_NAS); // population 4, 3 steps of 6 batches
    try (Store store = Store.open(dir.resolve("s.db").toString())) {
      Study study = PbtStudy.open(store, "p", cfg, data.task(), dir.resolve("run"));
      PbtSearch killed = new PbtSearch(cfg, data, dir.resolve("run"), PbtSearchTest.quiet());
      killed.onStep(PbtStudy.recorder(store, study, killed));
      killed.killAfterMembers(6); // step 1 done, killed within step 2
      assertThrows(IllegalStateException.class, killed::run);
      List<Trial> first = store.trials(study);
      assertEquals(4, first.size(), "step 1 recorded when it finished, nothing of the unfinished step 2");
      assertTrue(first.stream().allMatch(t -> t.fidelity() == 6));

      PbtSearch resumed = new PbtSearch(cfg, data, dir.resolve("run"), PbtSearchTest.quiet());
      resumed.onStep(PbtStudy.recorder(store, study, resumed));
      PbtSearch.Result r = resumed.run();
      assertEquals(8, store.trials(study).size(), "step 2 recorded as it finished, the last step not yet");
      assertEquals(4, PbtStudy.record(store, study, resumed, r), "only the last step was left");
      assertEquals(0, PbtStudy.record(store, PbtStudy.open(store, "p", cfg, data.task(), dir.resolve("run")), resumed, r));
      List<Trial> all = store.trials(study);
      assertEquals(12, all.size());
      long children = all.stream().filter(t -> t.evaluation().metric("born") > 0).count();
      assertTrue(children >= 2, "children recorded with their lineage");
      assertTrue(all.stream().filter(t -> t.evaluation().metric("born") > 0)
          .allMatch(t -> t.evaluation().metric("base") >= 0 && t.evaluation().metric("donor") >= 0));
      Trial best = store.best(study).orElseThrow();
      assertTrue(best.evaluation().objective() >= 100 * r.validAccuracy(), "the store keeps %");
      assertEquals(1, all.stream().filter(t -> !Double.isNaN(t.evaluation().metric("test_accuracy"))).count());
      assertTrue(all.stream().allMatch(t -> resumed.provenance().equals(t.evaluation().provenance())),
          "every member-step records the run's recipe");
      assertEquals(String.valueOf(cfg.train().learningRate()), best.evaluation().provenance().recipe().get("learning_rate"));
    }
  }
}
