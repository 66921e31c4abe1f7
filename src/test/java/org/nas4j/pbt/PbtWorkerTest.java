package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Status;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;
import org.nas4j.train.TrainData;

/**
 * PBT-NAS across workers on SQLite in one JVM: two workers, each with its own store connection as separate
 * processes would have, drain a population of 4 over 3 steps; the lineage is valid and the one a single process
 * draws with the same seed.
 */
class PbtWorkerTest {
  @Test
  void twoWorkersDrainAStudyWithTheLineageOfOneProcess(@TempDir Path dir) throws Exception {
    if (PbtSearchTest.data == null) {
      PbtSearchTest.load();
    }
    TrainData data = PbtSearchTest.data;
    PbtConfig cfg = PbtSearchTest.config(Variant.PBT_NAS); // population 4, 3 steps of 6 batches, C=8
    PbtSearch single = new PbtSearch(cfg, data, dir.resolve("single"), PbtSearchTest.quiet());
    PbtSearch.Result one = single.run();

    String url = dir.resolve("s.db").toString();
    try (Store store = Store.open(url)) {
      PbtWorker.create(store, "p", cfg, data.task(), List.of());
    }
    ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<PbtWorker.Outcome>> outcomes = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      String name = "w" + w;
      outcomes.add(pool.submit(() -> {
        Autograd.inference();
        Engines.intraOpThreads(1); // as the single-process run's 2 threads on 2 cores: the same arithmetic
        try (Store s = Store.open(url)) {
          return new PbtWorker(cfg, data, s, s.study("p"), name, Duration.ofSeconds(30), log).run(0);
        }
      }));
    }
    int trained = 0;
    for (Future<PbtWorker.Outcome> f : outcomes) {
      PbtWorker.Outcome o = f.get();
      assertTrue(o.finished());
      trained += o.trainedHere();
    }
    pool.shutdown();
    assertEquals(12, trained, "every member-step trained once, by one of the workers");

    try (Store store = Store.open(url)) {
      Study study = store.study("p");
      List<Trial> trials = store.trials(study);
      assertEquals(12, trials.size());
      assertTrue(trials.stream().allMatch(t -> t.status() == Status.COMPLETE && t.attempt() == 1));
      List<PbtSearch.PopulationFile> pops = PbtWorker.populations(store, study);
      List<PbtSearch.PopulationFile> expected = single.populations();
      assertEquals(cfg.steps() + 1, pops.size());
      for (int t = 0; t < pops.size(); t++) {
        assertEquals(expected.get(t).members(), pops.get(t).members(), "population " + t + " as one process drew it");
        assertEquals(expected.get(t).nextId(), pops.get(t).nextId());
      }
      for (int t = 1; t < pops.size(); t++) {
        Set<Integer> previous = new HashSet<>();
        pops.get(t - 1).members().forEach(m -> previous.add(m.id()));
        for (Member m : pops.get(t).members()) {
          if (m.born() == t) {
            assertTrue(previous.contains(m.base()) && previous.contains(m.donor()),
                "child " + m.id() + "'s parents are in generation " + (t - 1));
          }
        }
      }
      // only the last population's checkpoints are left, and none it refers to is missing
      Set<String> ckpts = new TreeSet<>();
      for (String f : store.fileNames(study)) {
        if (f.endsWith(".bin")) {
          ckpts.add(f);
        }
      }
      Set<String> refs = new TreeSet<>();
      pops.get(cfg.steps()).members().forEach(m -> refs.add(m.checkpoint()));
      assertEquals(refs, ckpts);
      String out = logBytes.toString(StandardCharsets.UTF_8);
      for (int step = 1; step <= cfg.steps(); step++) {
        String line = "step " + step + "/" + cfg.steps() + " done";
        assertEquals(1, out.split(line, -1).length - 1, "the barrier of step " + step + " ran once:\n" + out);
      }
      assertEquals(1, out.split("best member", -1).length - 1 - cfg.steps(), "the study was finished once");
      assertTrue(store.finishRecord(study).isPresent());
      String result = new String(store.file(study, PbtWorker.RESULT_FILE).orElseThrow(), StandardCharsets.UTF_8);
      assertTrue(result.contains("\"best_member\": " + one.bestMember()) || result.contains("\"best_member\":" + one.bestMember()),
          "the best member of one process: " + result + " vs " + one);
    }
    // the best member exports from the store alone (the workers' folders are gone) and predicts as the single
    // process's run directory does: the same member, the same weights
    Path exp = dir.resolve("exported");
    org.nas4j.cli.CliRun.of("export", "--store", url, "--study", "p", "--out", exp.toString()).expect(0);
    String fromStore = org.nas4j.cli.CliRun.of("predict", "--model", exp.toString(), "--data", "digits", "--limit",
        "100").expect(0).out();
    String fromRun = org.nas4j.cli.CliRun.of("predict", "--model", dir.resolve("single").toString(), "--data",
        "digits", "--limit", "100").expect(0).out();
    assertTrue(fromStore.contains("accuracy"), fromStore);
    assertEquals(fromRun.lines().filter(l -> l.contains("accuracy")).map(l -> l.replaceAll(" in .* s;", "")).toList(),
        fromStore.lines().filter(l -> l.contains("accuracy")).map(l -> l.replaceAll(" in .* s;", "")).toList(),
        "the same predictions (the time they took may differ)");
    // the export is also the run directory one process leaves: the same lineage and fitness tables (but for the
    // seconds each member-step took), plots, and a report
    Path run = dir.resolve("single");
    assertEquals(Files.readString(run.resolve("lineage.csv")), Files.readString(exp.resolve("lineage.csv")));
    assertEquals(withoutSeconds(run.resolve("fitness.csv")), withoutSeconds(exp.resolve("fitness.csv")));
    assertTrue(Files.size(exp.resolve("lineage.png")) > 0 && Files.size(exp.resolve("fitness.png")) > 0);
    org.nas4j.cli.CliRun.of("report", "--run", exp.toString(), "--out", dir.resolve("r.html").toString()).expect(0);
  }

  /** fitness.csv without its seconds column (the 7th), which depends on the machine. */
  private static List<String> withoutSeconds(Path csv) throws java.io.IOException {
    return Files.readAllLines(csv).stream().map(l -> l.replaceFirst("^((?:[^,]*,){6})[^,]*,", "$1")).toList();
  }
}
