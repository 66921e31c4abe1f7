package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.CliRun;
import org.nas4j.search.SearchJob;
import org.nas4j.store.Store;
import org.nas4j.store.StoreReader;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

/** The PBT and transfer views on what real runs stored: they show exactly what the store and the search know. */
class DashboardViewsTest {

  /** The options of both PBT tests: population 4, tau 0.5, 3 steps of 3 batches on 300 digits. */
  private static final List<String> PBT = List.of("--variant", "pbt-nas", "--seed", "3", "--data", "digits",
      "--train-limit", "300", "--valid-limit", "80", "--population", "4", "--tau", "0.5", "--steps", "3",
      "--batches-per-step", "3", "--batch-size", "32", "--stages", "2", "--channels", "4");

  @Test
  void aPbtRunShowsItsPopulationLineageAndCurves(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("p.db");
    List<String> args = new ArrayList<>(List.of("pbt", "--out", dir.resolve("run").toString(), "--store",
        db.toString(), "--workers", "2"));
    args.addAll(PBT);
    CliRun.of(args.toArray(String[]::new)).expect(0);
    assertPopulationLineageAndCurves(db, "run");
  }

  /** A population trained by nas4j worker processes records the same per-member rows, so the same view shows it. */
  @Test
  void aPbtStudyTrainedByWorkersShowsTheSame(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("w.db");
    List<String> args = new ArrayList<>(List.of("pbt", "--store", db.toString(), "--study", "pw", "--workers", "0"));
    args.addAll(PBT);
    CliRun.of(args.toArray(String[]::new)).expect(0);
    String log = CliRun.of("worker", "--store", db.toString(), "--study", "pw").expect(0).err();
    assertPopulationLineageAndCurves(db, "pw");
    // the study report names the final best member and its test accuracy, from the result the workers stored
    Path html = dir.resolve("r.html");
    CliRun.of("report", "--store", db.toString(), "--study", "pw", "--out", html.toString()).expect(0);
    String page = java.nio.file.Files.readString(html);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("best member (\\d+) valid [\\d.]+% test ([\\d.]+)%")
        .matcher(log);
    assertTrue(m.find(), log);
    assertTrue(page.contains("member " + m.group(1) + ": ") && page.contains(m.group(2) + "%"), "final best member");
  }

  private static void assertPopulationLineageAndCurves(Path db, String name) throws Exception {
    Map<String, Double> fitness = new HashMap<>();
    Study study;
    try (Store s = Store.openExisting(db.toString())) {
      study = s.study(name);
      for (Trial t : s.trials(study)) {
        var e = t.evaluation();
        fitness.put((int) e.metric("member") + "@" + (int) e.metric("step"), e.objective());
      }
    }
    try (StoreReader r = StoreReader.open(db.toString())) {
      JsonObject v = new Views(new Queries(r)).pbt(study.id());
      assertEquals(3, v.get("steps").getAsInt());
      assertEquals(4, v.get("slots").getAsInt());
      JsonArray cells = v.getAsJsonArray("cells");
      assertEquals(12, cells.size(), "4 slots x 3 steps");
      for (JsonElement c : cells) {
        JsonArray a = c.getAsJsonArray();
        assertEquals(fitness.get(a.get(3).getAsInt() + "@" + a.get(1).getAsInt()), a.get(2).getAsDouble(), 1e-12);
      }
      Map<Integer, JsonObject> members = new HashMap<>();
      v.getAsJsonArray("members").forEach(m -> members.put(m.getAsJsonObject().get("member").getAsInt(),
          m.getAsJsonObject()));
      int children = 0;
      for (JsonObject m : members.values()) {
        int base = m.get("base").getAsInt();
        if (base < 0) {
          assertEquals(0, m.get("born").getAsInt(), "initial members are born before step 1");
          continue;
        }
        children++;
        // born after step `born` (its first step is born + 1), from parents that trained in step `born`
        int born = m.get("born").getAsInt();
        assertTrue(born >= 1, m.toString());
        assertTrue(m.getAsJsonArray("curve").get(0).toString().startsWith("[" + (born + 1) + ","), m.toString());
        JsonObject b = members.get(base);
        assertTrue(b.getAsJsonArray("curve").toString().contains("[" + born + ","), "base " + b);
        JsonObject donor = members.get(m.get("donor").getAsInt());
        assertTrue(donor != null && donor != b, m.toString());
        assertTrue(donor.getAsJsonArray("curve").toString().contains("[" + born + ","), "donor " + donor);
      }
      assertEquals(4, children, "tau 0.5 of 4: two children after step 1 and two after step 2");
    }
  }

  @Test
  void aTransferStudyShowsItsSourcesWeightsAndPredictions(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("t.db");
    String log = CliRun.of("search", "--data", "digits", "--store", db.toString(), "--study", "xfer", "--budget-evals",
        "8", "--epochs", "1", "--final-epochs", "0", "--train-limit", "300", "--optimizer", "rea-xfer", "--sources",
        "nb201:cifar10", "--channels", "4").expect(0).err();
    String logged = log.lines().filter(l -> l.startsWith("transfer weights: ")).findFirst().orElseThrow()
        .substring("transfer weights: ".length());
    Study study;
    String replayed;
    try (Store s = Store.openExisting(db.toString())) {
      study = s.study("xfer");
      replayed = SearchJob.transferWeights(s, study, SearchJob.space("nb201")).orElseThrow();
    }
    try (StoreReader r = StoreReader.open(db.toString())) {
      JsonObject v = new Views(new Queries(r)).transfer(study.id());
      assertEquals(List.of("nb201:cifar10"), List.of(v.getAsJsonArray("sources").get(0).getAsString()));
      // after every evaluation, the predictor is where the search left it: the line the search logged
      assertEquals(logged, v.get("describe").getAsString());
      assertEquals(replayed, v.get("describe").getAsString());
      JsonArray steps = v.getAsJsonArray("steps");
      assertEquals(8, steps.size());
      for (JsonElement e : steps) {
        JsonObject st = e.getAsJsonObject();
        double w = st.getAsJsonArray("weights").get(0).getAsDouble();
        assertEquals(1.0, w + st.get("target_weight").getAsDouble(), 1e-9, "one source: its weight and the target's");
        assertTrue(Double.isFinite(st.get("predicted").getAsDouble()) && st.get("actual").getAsDouble() > 0, st.toString());
      }
      // a second call advances the same replay: nothing new, the same answer
      assertEquals(v.get("steps"), new Views(new Queries(r)).transfer(study.id()).get("steps"));
    }
  }
}
