package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.evaluate.Status;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

class PbtStoreTest {
  @Test
  void aRunIsRecordedOncePerMemberAndStepAndKeptFromTransfer(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("s.db");
    String[] argv = {"pbt", "--variant", "copy", "--seed", "1", "--out", dir.resolve("run1").toString(), "--store", db.toString(),
        "--data", "digits", "--train-limit", "300", "--valid-limit", "80", "--population", "4", "--tau", "0.5",
        "--steps", "2", "--batches-per-step", "3", "--batch-size", "32", "--stages", "2", "--channels", "4", "--workers", "2"};
    String out = CliRun.of(argv).expect(0).out();
    assertTrue(out.contains("recorded 8 new evaluations in study run1"), out);
    try (Store st = Store.open(db.toString())) {
      Study s = st.study("run1");
      assertEquals("pbt-layers", s.spec().space());
      assertEquals("digits", s.spec().task());
      List<Trial> trials = st.trials(s);
      assertEquals(8, trials.size());
      Set<String> keys = new HashSet<>();
      int withTest = 0;
      for (Trial t : trials) {
        assertEquals(Status.COMPLETE, t.status());
        var e = t.evaluation();
        assertEquals(e.metric("valid_accuracy"), e.objective());
        assertEquals(3 * (int) e.metric("step"), t.fidelity());
        assertTrue(e.metric("base") >= -1 && !Double.isNaN(e.metric("donor_genes_mask")), e.metrics().toString());
        assertTrue(t.architecture().endsWith(" #m" + (int) e.metric("member")), t.architecture());
        keys.add((int) e.metric("member") + "@" + (int) e.metric("step"));
        withTest += Double.isNaN(e.metric("test_accuracy")) ? 0 : 1;
      }
      assertEquals(8, keys.size());
      assertEquals(1, withTest);
      // inherited-weight results must not feed transfer from a search space
      assertTrue(st.evaluationsOnOtherTasks("layers", "x").isEmpty());
      assertTrue(st.evaluationsOnOtherTasks("nb201", "x").isEmpty());
    }
    // the same command again resumes the finished run and records nothing twice
    out = CliRun.of(argv).expect(0).out();
    assertTrue(out.contains("recorded 0 new evaluations"), out);
    try (Store st = Store.open(db.toString())) {
      assertEquals(8, st.trials(st.study("run1")).size());
    }
    // the best member exports like a search result, and predicts from the copy exactly as from the run
    Path exp = dir.resolve("exported");
    out = CliRun.of("export", "--store", db.toString(), "--study", "run1", "--out", exp.toString()).expect(0).out();
    assertTrue(out.contains("wrote " + exp.toAbsolutePath()) && out.contains("next: ./nas4j predict"), out);
    assertTrue(Files.isRegularFile(exp.resolve("model.json")) && Files.isRegularFile(exp.resolve("weights.params")));
    String fromCopy = CliRun.of("predict", "--model", exp.toString(), "--data", "digits", "--limit", "100").expect(0).out();
    String fromRun = CliRun.of("predict", "--model", dir.resolve("run1").toString(), "--data", "digits", "--limit", "100").expect(0).out();
    assertTrue(fromCopy.contains("accuracy"), fromCopy);
    assertEquals(fromRun.lines().filter(l -> l.contains("accuracy")).map(l -> l.replaceAll(" in .* s;", "")).toList(),
        fromCopy.lines().filter(l -> l.contains("accuracy")).map(l -> l.replaceAll(" in .* s;", "")).toList(),
        "the same predictions (the time they took may differ)");
    // a run directory that is gone is one line, exit 2
    Files.move(dir.resolve("run1"), dir.resolve("moved"));
    String err0 = CliRun.of("export", "--store", db.toString(), "--study", "run1", "--out", dir.resolve("e2").toString()).expect(2).err();
    assertTrue(err0.contains("no model.json in its run directory") && err0.strip().lines().count() == 1, err0);
    Files.move(dir.resolve("moved"), dir.resolve("run1"));
    // nas4j report draws a PBT study: best so far and the table of its 8 evaluations, with the final test accuracy
    out = CliRun.of("report", "--store", db.toString(), "--study", "run1", "--out", dir.resolve("r.html").toString()).expect(0).out();
    assertTrue(out.contains("(8 evaluations)"), out);
    String html = Files.readString(dir.resolve("r.html"));
    assertTrue(html.contains("best so far against evaluations") && html.contains(" #m") && html.contains("test accuracy"));
  }

  @Test
  void aBadStoreIsOneLineExitTwoBeforeTraining(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.db");
    Files.writeString(bad, "this is not a database at all, just text");
    String err = CliRun.of("pbt", "--data", "digits", "--out", dir.resolve("run").toString(), "--store", bad.toString()).expect(2).err();
    assertTrue(err.contains("corrupt or not an SQLite database"), err);
    assertTrue(!Files.exists(dir.resolve("run/results")), "trained despite a bad store");
    assertTrue(CliRun.of("pbt", "--data", "digits", "--study", "x").expect(2).err().contains("--study needs --store"));
  }
}
