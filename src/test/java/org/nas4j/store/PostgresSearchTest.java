package org.nas4j.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.search.KillableSearch;

/**
 * Two search processes on one PostgreSQL study (claims with
 * {@code FOR UPDATE SKIP LOCKED}): both do work, no architecture is trained twice, nothing is lost, and the
 * budget is met exactly.
 */
class PostgresSearchTest {
  @Test
  void twoProcessesShareOneStudy(@TempDir Path dir) throws Exception {
    assumeFalse(PostgresFixture.skipped(), "NAS4J_SKIP_PG=1");
    String url = PostgresFixture.shared().newUrl();
    int budget = 40;
    Path log = dir.resolve("starts.log");
    List<Process> ps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
      ps.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KillableSearch.class.getName(),
          url, "shared", Integer.toString(budget), "250", "2", log.toString()).redirectErrorStream(true).start());
    }
    for (Process p : ps) {
      assertTrue(p.waitFor(180, TimeUnit.SECONDS), "search process finishes");
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.exitValue(), out);
    }
    Map<String, Integer> starts = new HashMap<>();
    Set<String> pids = new HashSet<>();
    for (String line : Files.readAllLines(log)) {
      String[] f = line.split(" ");
      starts.merge(f[1], 1, Integer::sum);
      pids.add(f[2]);
    }
    assertEquals(2, pids.size(), "both processes trained candidates");
    starts.forEach((arch, n) -> assertEquals(1, n, arch + " trained " + n + " times"));
    assertEquals(budget, starts.size());
    try (Store s = Store.open(url)) {
      Study st = s.study("shared");
      assertEquals(budget, s.finished(st).size());
      Set<String> finished = new HashSet<>();
      s.finished(st).forEach(t -> finished.add(t.architecture()));
      assertEquals(starts.keySet(), finished, "every trained candidate is stored, nothing else");
      assertEquals(0, s.counts(st).running());
    }
  }
}
