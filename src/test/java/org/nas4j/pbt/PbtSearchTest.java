package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.train.TrainData;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.Recipe;

/** Small real runs on the bundled digits (8x8 grey): the loop, lineage, checkpoints, resume and plots. */
class PbtSearchTest {
  static TrainData data;

  @BeforeAll
  static void load() {
    data = TrainData.from(DataSplit.load("digits", DataOptions.defaults().withSeed(1).withTrainLimit(512).withValidLimit(200)));
  }

  static PbtConfig config(Variant v) {
    return PbtConfig.defaults(v, 5)
        .withMixing(0.5, 0.5, 0.4, 0.1, PbtConfig.BnStats.RESET)
        .withSchedule(4, 3, 6, PbtConfig.StepUnit.BATCHES)
        .withNetwork(2, 2, 8)
        .withTrain(new Recipe(32, 0.05, 0.9, 5e-4, true, true))
        .withWorkers(2);
  }

  static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  @Test
  void pbtNasRunsMixesChildrenThatKeepTrainingAndResumes(@TempDir Path dir) throws Exception {
    PbtSearch search = new PbtSearch(config(Variant.PBT_NAS), data, dir, quiet());
    PbtSearch.Result r = search.run();
    assertTrue(r.testAccuracy() > 0.2, "best member learned something: " + r);
    try (TrainedModel best = PbtModel.load(dir)) {
      assertEquals(r.architecture(), best.architecture().toString());
      assertEquals(r.testAccuracy(), best.accuracy(data.test()), 1e-9, "the exported best member predicts as in the search");
    }
    List<PbtSearch.PopulationFile> pops = search.populations();
    assertEquals(4, pops.size()); // start of steps 1..3, and the final population
    for (int step = 1; step <= 2; step++) {
      int at = step;
      List<Member> born = pops.get(step).members().stream().filter(m -> m.born() == at).toList();
      assertEquals(2, born.size(), "tau 0.5 of 4 replaces 2 per step");
      List<PbtSearch.StepFitness> before = search.results(step);
      Map<Integer, Double> fit = before.stream()
          .collect(Collectors.toMap(PbtSearch.StepFitness::member, PbtSearch.StepFitness::validAccuracy));
      double cut = before.stream().mapToDouble(PbtSearch.StepFitness::validAccuracy).sorted().toArray()[2];
      for (Member c : born) {
        assertTrue(fit.get(c.base()) >= cut && fit.get(c.donor()) >= cut, "parents come from the top half");
        assertTrue(fit.get(c.base()) >= fit.get(c.donor()), "the fitter parent is the base");
        assertTrue(c.base() != c.donor());
        // a child keeps training: it has a fitness at the end of the next step
        assertTrue(search.results(step + 1).stream().anyMatch(f -> f.member() == c.id() && f.validAccuracy() > 0));
      }
    }
    // only the checkpoints the last population refers to remain
    Set<String> files;
    try (Stream<Path> s = Files.list(dir.resolve("checkpoints"))) {
      files = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
    assertEquals(pops.get(3).members().stream().map(Member::checkpoint).collect(Collectors.toSet()), files);
    for (String png : List.of("lineage.png", "fitness.png")) {
      assertTrue(javax.imageio.ImageIO.read(dir.resolve(png).toFile()).getWidth() > 100, png);
    }
    assertTrue(Files.readAllLines(dir.resolve("lineage.csv")).size() >= 1 + 4 + 2 + 2);
    // a run directory of nas4j before model folders: best.json + best.bin (the best member's checkpoint) still loads
    PbtConfig cfg = search.config();
    Map<String, Object> legacy = new java.util.LinkedHashMap<>();
    legacy.put("space_kind", cfg.space());
    legacy.put("stages", cfg.stages());
    legacy.put("positions", cfg.positions());
    legacy.put("channels", cfg.channels());
    legacy.put("architecture", r.architecture());
    legacy.put("classes", data.train().classNames());
    legacy.put("image", List.of(data.train().channels(), data.train().height(), data.train().width()));
    legacy.put("normalization_mean", data.normalization().mean());
    legacy.put("normalization_std", data.normalization().std());
    Path old = dir.resolve("older");
    Files.createDirectories(old);
    Files.writeString(old.resolve("best.json"), org.nas4j.util.Json.write(legacy));
    Files.copy(dir.resolve("checkpoints").resolve(PbtSearch.ckptName(r.bestMember(), cfg.steps())), old.resolve("best.bin"));
    assertTrue(PbtModel.holds(old));
    try (TrainedModel best = PbtModel.load(old)) {
      assertEquals(r.testAccuracy(), best.accuracy(data.test()), 1e-9, "the older run's best member predicts as before");
    }
    // a layer-space architecture holds commas: the CSV quotes it, so a CSV reader gets it back whole
    List<org.apache.commons.csv.CSVRecord> rows = RunTables.read(dir.resolve("fitness.csv"));
    assertEquals(3 * 4, rows.size());
    for (org.apache.commons.csv.CSVRecord row : rows) {
      int step = Integer.parseInt(row.get("step"));
      int member = Integer.parseInt(row.get("member"));
      PbtSearch.StepFitness f = search.results(step).stream().filter(x -> x.member() == member).findFirst().orElseThrow();
      assertTrue(f.architecture().contains(","), f.architecture());
      assertEquals(f.architecture(), row.get("architecture"));
      assertEquals(8, row.size());
    }
  }

  @Test
  void killedRunResumesWithoutRetrainingFinishedMembers(@TempDir Path dir, @TempDir Path reference) throws Exception {
    PbtConfig cfg = config(Variant.PBT_NAS);
    PbtSearch.Result whole = new PbtSearch(cfg, data, reference, quiet()).run();
    PbtSearch killed = new PbtSearch(cfg, data, dir, quiet());
    killed.killAfterMembers(6); // 4 in step 1, then 2 of step 2
    assertThrows(IllegalStateException.class, killed::run);
    assertTrue(Files.exists(dir.resolve("population-1.json")));
    assertFalse(Files.exists(dir.resolve("population-2.json")));
    List<PbtSearch.StepFitness> finished = killed.results(2);
    assertTrue(finished.size() >= 2 && finished.size() < 4, "killed in the middle of step 2: " + finished);
    Map<Integer, Long> stamps = new HashMap<>();
    for (PbtSearch.StepFitness f : finished) {
      stamps.put(f.member(), Files.getLastModifiedTime(dir.resolve("results").resolve("s2-m" + f.member() + ".json")).toMillis());
    }
    Thread.sleep(20);
    PbtSearch.Result resumed = new PbtSearch(cfg, data, dir, quiet()).run();
    for (Map.Entry<Integer, Long> e : stamps.entrySet()) {
      assertEquals(e.getValue(),
          Files.getLastModifiedTime(dir.resolve("results").resolve("s2-m" + e.getKey() + ".json")).toMillis(),
          "member " + e.getKey() + " finished before the kill and is not trained again");
    }
    PbtSearch ref = new PbtSearch(cfg, data, reference, quiet());
    for (int step = 1; step <= 3; step++) {
      List<PbtSearch.StepFitness> a = ref.results(step);
      List<PbtSearch.StepFitness> b = killed.results(step);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).member(), b.get(i).member(), "same seed, same lineage");
        assertEquals(a.get(i).architecture(), b.get(i).architecture());
        assertEquals(a.get(i).validAccuracy(), b.get(i).validAccuracy(), 0.0101, "same seed, same training");
      }
    }
    assertEquals(whole.architecture(), resumed.architecture());
  }

  @Test
  void resumedRunReportsTheTimeOfEveryProcessAndTheStepsDone(@TempDir Path dir) throws Exception {
    PbtConfig cfg = config(Variant.PBT_NAS).withWorkers(1); // members one after another: wall time >= their sum
    PbtSearch killed = new PbtSearch(cfg, data, dir, quiet());
    killed.killAfterMembers(6); // the 4 of step 1, then 2 of step 2
    assertThrows(IllegalStateException.class, killed::run);
    double first = elapsed(dir);
    assertTrue(first >= memberSeconds(dir), "the killed process recorded its time: " + first);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PbtSearch.Result r = new PbtSearch(cfg, data, dir, new PrintStream(log, true)).run();
    assertTrue(log.toString().contains("resuming " + dir + ": 1 of 3 steps done"), log.toString());
    double total = new Gson().fromJson(Files.readString(dir.resolve("result.json")), JsonObject.class)
        .get("seconds").getAsDouble();
    assertEquals(r.seconds(), total);
    assertTrue(total >= first, "result.json counts the killed process too: " + total + " < " + first);
    assertTrue(total >= memberSeconds(dir), "at least the training of every member of both processes");

    log.reset();
    new PbtSearch(cfg, data, dir, new PrintStream(log, true)).run();
    assertTrue(log.toString().contains(": 3 of 3 steps done"), "never 'step 4 of 3': " + log);
    assertTrue(elapsed(dir) >= total);
  }

  static double elapsed(Path dir) {
    return PbtSearch.readJson(dir.resolve(RunClock.FILE), RunClock.Elapsed.class).seconds();
  }

  /** The training seconds of every member result in the run directory. */
  static double memberSeconds(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir.resolve("results"))) {
      return files.mapToDouble(f -> PbtSearch.readJson(f, PbtSearch.StepFitness.class).seconds()).sum();
    }
  }

  @Test
  void aRunOfAnOlderFormatIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("config.json"), "{\"variant\": \"pbt-nas\"}");
    var e = assertThrows(org.nas4j.InputException.class,
        () -> new PbtSearch(config(Variant.PBT_NAS), data, dir, quiet()).requireSameConfig());
    assertTrue(e.getMessage().contains("older nas4j") && !e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void randomSearchReplacesNobody(@TempDir Path dir) throws Exception {
    PbtSearch search = new PbtSearch(config(Variant.RANDOM), data, dir, quiet());
    search.run();
    for (PbtSearch.PopulationFile p : search.populations()) {
      assertEquals(Set.of(0, 1, 2, 3), p.members().stream().map(Member::id).collect(Collectors.toSet()));
    }
  }
}
