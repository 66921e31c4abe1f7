package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

/**
 * Kills a search process with SIGKILL at 10 random moments and resumes it each time: no finished evaluation
 * is lost, none is trained again, and the resumed study finishes its budget. The evaluations are NAS-Bench-201
 * lookups with a delay standing in for training, so this runs in seconds; {@code bench/kill-resume.sh} does
 * the same with real training through the command line.
 */
class KillResumeTest {
  static final int BUDGET = 40;
  /**
   * Milliseconds per evaluation: 40 x 400 ms on 2 workers is 8 s of work, more than 10 rounds of at most 2 s
   * (minus JVM start) can finish, so the kills land mid-run on an idle machine too (60 ms let the study finish
   * in the first rounds there).
   */
  static final long DELAY_MS = 400;

  @Test
  void tenKillsLoseNothingAndRepeatNothing(@TempDir Path dir) throws Exception {
    String db = dir.resolve("kill.db").toString();
    Path log = dir.resolve("starts.log");
    Random rnd = new Random(20261201L);
    Map<Long, Trial> finished = new HashMap<>(); // every finished trial ever seen, by id
    int kills = 0;
    for (int round = 0; round < 10; round++) {
      Process p = start(db, log, 2);
      long wait = 400 + rnd.nextInt(1600); // JVM start and NAS-Bench-201 load take ~1 s of this
      boolean exited = p.waitFor(wait, TimeUnit.MILLISECONDS);
      if (!exited) {
        p.destroyForcibly(); // SIGKILL
        p.waitFor();
        kills++;
      }
      checkAgainst(db, log, finished);
    }
    Process last = start(db, log, 2);
    assertTrue(last.waitFor(120, TimeUnit.SECONDS), "the resumed search finishes");
    String out = new String(last.getInputStream().readAllBytes());
    assertEquals(0, last.exitValue(), out);
    checkAgainst(db, log, finished);
    try (Store s = Store.open(db)) {
      Study st = s.study("killed");
      assertEquals(BUDGET, s.finished(st).size(), "the budget is finished");
      assertEquals(BUDGET, s.counts(st).finished());
      assertEquals(0, s.counts(st).running());
    }
    assertTrue(kills >= 5, "most rounds were killed mid-run (" + kills + ")");
  }

  /** Finished trials seen before are still there, unchanged; none was started again after it finished. */
  private static void checkAgainst(String db, Path log, Map<Long, Trial> seen) throws Exception {
    List<String> starts = Files.exists(log) ? Files.readAllLines(log) : List.of();
    try (Store s = Store.open(db)) {
      Study st;
      try {
        st = s.study("killed");
      } catch (RuntimeException notYet) {
        return; // killed before the study was created
      }
      List<Trial> now = s.finished(st);
      Map<Long, Trial> byId = new HashMap<>();
      Set<String> archs = new HashSet<>();
      for (Trial t : now) {
        byId.put(t.id(), t);
        assertTrue(archs.add(t.architecture()), "finished twice: " + t.architecture());
      }
      for (Trial old : seen.values()) {
        Trial t = byId.get(old.id());
        assertTrue(t != null, "lost a finished evaluation: " + old.architecture());
        assertEquals(old.finishSeq(), t.finishSeq());
        assertEquals(old.evaluation(), t.evaluation());
      }
      // every training start needs a claim, and a finished trial is never claimed again: so an architecture
      // is started at most once per claim of its trial (more than once only when kills cut earlier attempts)
      Map<String, Integer> startCount = new HashMap<>();
      for (String line : starts) {
        startCount.merge(line.split(" ")[1], 1, Integer::sum);
      }
      for (Trial t : now) {
        int n = startCount.getOrDefault(t.architecture(), 0);
        assertTrue(n >= 1 && n <= t.attempt(), t.architecture() + " trained " + n + " times in " + t.attempt() + " claims");
      }
      assertTrue(now.size() <= BUDGET);
      now.forEach(t -> seen.put(t.id(), t));
    }
  }

  private static Process start(String db, Path log, int workers) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        KillableSearch.class.getName(), db, "killed", Integer.toString(BUDGET), Long.toString(DELAY_MS), Integer.toString(workers),
        log.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }
}
