package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.data.ImageSet;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.Trial;

/**
 * The search command end to end on small real data: a search on the bundled digits, then one on a second
 * task (the digits inverted, as an image folder) that takes the first as its transfer source and says so in
 * its log and report; then the inputs that must fail with one line, exit status 2 and the store unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SearchCommandTest {
  @TempDir static Path dir;
  static Path db;
  static String inverted;


  @BeforeAll
  static void data() throws Exception {
    db = dir.resolve("s.db");
    // a second task: 30 inverted digits per class as 8x8 PNGs
    ImageSet d = DataSplit.load("digits", DataOptions.defaults().withValidFraction(0)).train();
    int[] perClass = new int[10];
    for (int i = 0; i < d.size(); i++) {
      int c = d.label(i);
      if (perClass[c]++ >= 30) {
        continue;
      }
      BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          img.getRaster().setSample(x, y, 0, 255 - d.pixel(i, y, x, 0));
        }
      }
      Path f = dir.resolve("inverted/" + c + "/" + i + ".png");
      Files.createDirectories(f.getParent());
      ImageIO.write(img, "png", f.toFile());
    }
    inverted = "folder:" + dir.resolve("inverted");
  }

  static String[] search(String data, String study, String... more) {
    List<String> a = new ArrayList<>(List.of("search", "--data", data, "--store", db.toString(), "--study", study,
        "--budget-evals", "3", "--epochs", "1", "--final-epochs", "0", "--train-limit", "300", "--optimizer", "rea-xfer",
        "--channels", "4"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  @Order(1)
  void secondSearchTransfersFromTheFirst() throws Exception {
    CliRun first = CliRun.of(search("digits", "digits-study"));
    assertEquals(0, first.status(), first.err());
    assertTrue(first.err().contains("transfer sources: none"), first.err());
    assertTrue(first.out().contains("best architecture: |"), first.out());

    CliRun second = CliRun.of(search(inverted, "inverted-study"));
    assertEquals(0, second.status(), second.err());
    assertTrue(second.err().contains("transfer sources: digits (3 evaluations from earlier studies)"), second.err());
    // which weight the source got, judged on the 3 target evaluations
    assertTrue(second.err().lines().anyMatch(l -> l.matches("transfer weights: digits [01]\\.\\d\\d.*, target-only [01]\\.\\d\\d after 3 evaluations")),
        second.err());
    Path html = dir.resolve("inverted.html");
    CliRun report = CliRun.of("report", "--store", db.toString(), "--study", "inverted-study", "--out", html.toString());
    assertEquals(0, report.status(), report.err());
    String page = Files.readString(html);
    assertTrue(page.contains("digits (3 evaluations from earlier studies)"));
    assertTrue(page.contains("transfer weights") && page.contains("after 3 evaluations"), page);

    // the same command again resumes: nothing is trained again, the sources are the recorded ones
    CliRun again = CliRun.of(search(inverted, "inverted-study"));
    assertEquals(0, again.status(), again.err());
    assertTrue(again.err().contains("3 evaluations (0 trained now, 3 replayed)"), again.err());
    assertTrue(again.err().contains("transfer sources: digits (3 evaluations"), again.err());
  }

  @Test
  @Order(2)
  void exportTrainsTheBestWhenTheSearchSkippedItAndPredictLoadsIt() throws Exception {
    Path out = dir.resolve("model");
    CliRun ex = CliRun.of("export", "--store", db.toString(), "--study", "digits-study", "--out", out.toString(),
        "--final-epochs", "2");
    assertEquals(0, ex.status(), ex.err());
    for (String f : List.of("architecture.json", "model.json", "weights.params", "final.json")) {
      assertTrue(Files.isRegularFile(out.resolve(f)), f);
    }
    String best;
    try (Store s = Store.open(db.toString())) {
      best = s.best(s.study("digits-study")).orElseThrow().architecture();
    }
    assertTrue(Files.readString(out.resolve("architecture.json")).contains(best), "the study's best architecture");
    Path csv = dir.resolve("p.csv");
    CliRun p = CliRun.of("predict", "--model", out.toString(), "--data", "digits", "--out", csv.toString());
    assertEquals(0, p.status(), p.err());
    assertTrue(p.out().contains("359 images classified"), p.out());
    assertEquals(360, Files.readAllLines(csv).size());
    // the accuracy predict measures is the test accuracy export reported
    String acc = ex.out().replaceAll("(?s).*test accuracy: ([0-9.]+)%.*", "$1");
    assertTrue(p.out().contains("accuracy " + acc + "%"), ex.out() + " / " + p.out());
  }

  /** The stored budget is the study's (issue 12): a process that joins without --budget-evals keeps it. */
  @Test
  @Order(3)
  void aJoiningSearchKeepsTheStoredBudgetUnlessGivenOne() {
    assertEquals(0, CliRun.of(search("digits", "budget-study")).status());
    List<String> noBudget = new ArrayList<>(List.of(search("digits", "budget-study")));
    int at = noBudget.indexOf("--budget-evals");
    noBudget.subList(at, at + 2).clear();
    CliRun joined = CliRun.of(noBudget.toArray(String[]::new));
    assertEquals(0, joined.status(), joined.err());
    assertTrue(joined.err().contains("3 evaluations (0 trained now, 3 replayed)"), joined.err());

    noBudget.addAll(List.of("--budget-evals", "4"));
    CliRun grown = CliRun.of(noBudget.toArray(String[]::new));
    assertEquals(0, grown.status(), grown.err());
    assertTrue(grown.err().contains("evaluation budget changed from 3 to 4"), grown.err());
    assertTrue(grown.err().contains("4 evaluations (1 trained now, 3 replayed)"), grown.err());
  }

  @Test
  @Order(3)
  void aDifferentDatasetOnResumeIsRefusedAndTheStoreIsUnchanged() {
    String before = dump();
    CliRun r = CliRun.of(search(inverted, "digits-study"));
    assertEquals(2, r.status(), r.err());
    assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("nas4j: error:")).count(), r.err());
    assertTrue(r.err().contains("digits-study"), r.err());
    assertEquals(before, dump());
  }

  @Test
  @Order(4)
  void unknownStudyOnResume() {
    String before = dump();
    CliRun r = CliRun.of(search("digits", "no-such-study", "--resume"));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("no-such-study"), r.err());
    assertEquals(before, dump());
    CliRun rep = CliRun.of("report", "--store", db.toString(), "--study", "nope", "--out", dir.resolve("x.html").toString());
    assertEquals(2, rep.status());
  }

  @Test
  @Order(5)
  void unknownSourceIsOneLine() {
    CliRun r = CliRun.of(search("digits", "other", "--sources", "cifar10"));
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().contains("unknown source 'cifar10'"), r.err());
  }

  @Test
  @Order(6)
  void corruptStoreIsRefusedAndLeftAsItWas() throws Exception {
    Path bad = dir.resolve("corrupt.db");
    byte[] junk = "this is not an SQLite database, just some bytes".repeat(200).getBytes(StandardCharsets.UTF_8);
    Files.write(bad, junk);
    CliRun r = CliRun.of("search", "--data", "digits", "--store", bad.toString(), "--budget-evals", "1");
    assertEquals(2, r.status(), r.err());
    assertTrue(r.err().startsWith("nas4j: error: "), r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertArrayEquals(junk, Files.readAllBytes(bad));
  }

  /** Every study and trial in the store, as text. */
  static String dump() {
    StringBuilder b = new StringBuilder();
    try (Store s = Store.open(db.toString())) {
      for (Study st : s.studies()) {
        b.append(st).append('\n');
        for (Trial t : s.trials(st)) {
          b.append(t).append('\n');
        }
      }
    }
    return b.toString();
  }
}
