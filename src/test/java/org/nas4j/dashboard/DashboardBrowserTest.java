package org.nas4j.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.cli.Main;
import org.nas4j.store.Store;
import org.nas4j.store.StoreReader;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard as a user sees it: Debian's Chromium (headless, driven by its chromedriver through Selenium) opens
 * the dashboard of an empty store, a real search on the bundled digits starts writing to it, and the page shows
 * the study appear, its evaluation count and its best-so-far plot grow, without reloading; a study named as markup
 * shows as text and runs nothing.
 *
 * <p>Needs the Debian packages {@code chromium} and {@code chromium-driver}, which {@code ./run-tests} installs as
 * root; without them the test is skipped with a message, except in CI ({@code CI=true}), where it fails.
 */
class DashboardBrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  /** A headless Chromium with the flags that work here as root, and a fresh profile. */
  static WebDriver chromium(Path profile) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      String why = "Debian's chromium and chromium-driver are not installed (" + CHROMIUM + ", " + CHROMEDRIVER
          + "): ./run-tests installs them as root, or: sudo apt-get install chromium chromium-driver";
      if ("true".equals(System.getenv("CI"))) {
        fail(why);
      }
      Assumptions.assumeTrue(false, "browser test skipped: " + why);
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary(CHROMIUM.toFile());
    o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1300,1400");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  @Test
  void aRunningSearchShowsUpLiveAndItsCountAndBestSoFarPlotGrow(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("live.db");
    Store.open(db.toString()).close(); // an empty store, as a team creates one before its first search
    WebDriver web = chromium(dir.resolve("profile"));
    // The search runs in three parts (the budget raised each time, as a user extends a study), so that the page is
    // seen at 14, 27 and 40 evaluations however fast the machine is: one part of 40 can end on a fast machine
    // before the study page has drawn twice.
    int[] parts = {14, 27, 40};
    AtomicInteger status = new AtomicInteger(-1);
    Thread search = search(db, parts[0], status);
    try (StoreReader reader = StoreReader.open(db.toString());
        Dashboard dashboard = Dashboard.start(reader, new Dashboard.Options("127.0.0.1", 0, null))) {
      String base = "http://127.0.0.1:" + dashboard.port();
      web.get(base + "/");
      until("the empty studies page", () -> !web.findElements(By.cssSelector("#studies td.muted")).isEmpty());
      search.start();
      // the study appears on the open page, by polling, without a reload
      mark(web);
      By row = By.cssSelector("#studies td.name a");
      String shown = until("the study's row", () -> {
        List<WebElement> a = web.findElements(row);
        return a.isEmpty() ? null : a.get(0).getText();
      });
      assertTrue(marked(web), "the studies page was not reloaded");
      assertEquals("<script>window.pwned=1</script>digits", shown, "the name is shown as text");
      // the page redraws every poll: a link found a moment ago can be gone, so find and click in one try
      until("a click on the study's link", () -> {
        web.findElements(row).get(0).click();
        return true;
      });
      until("the study page's plot", () -> !web.findElements(By.cssSelector("svg#best-evals")).isEmpty());
      mark(web);
      List<Integer> counts = new ArrayList<>();
      List<Double> reach = new ArrayList<>();
      for (int p = 0; p < parts.length; p++) {
        if (p > 0) {
          search = search(db, parts[p], status);
          search.start();
        }
        while (search.isAlive()) {
          Thread.sleep(250);
          observe(web, counts, reach);
        }
        search.join();
        assertEquals(0, status.get(), "the search up to " + parts[p] + " evaluations");
        // after each part: the page catches up with its last evaluation
        String all = String.valueOf(parts[p]);
        until("all " + all + " evaluations on the page", () -> attribute(web, "#count", "data-finished", "0").equals(all));
        observe(web, counts, reach);
      }
      assertTrue(marked(web), "the study page was never reloaded while it updated");
      assertTrue(counts.containsAll(List.of(14, 27, 40)), "the count grew while the search ran: " + counts);
      for (int i = 1; i < counts.size(); i++) {
        assertTrue(counts.get(i) > counts.get(i - 1), "counts only grow: " + counts);
        assertTrue(reach.get(i) >= reach.get(i - 1), "the plot only grows: " + reach);
      }
      assertTrue(reach.get(reach.size() - 1) > reach.get(0), "the best-so-far line reached further: " + reach);
      assertEquals(40.0, reach.get(reach.size() - 1), "the line reaches the last evaluation");
      // the scatter against FLOPs, on request: trained evaluations keep them
      web.findElement(By.cssSelector("#scatter-axis option[value=flops]")).click();
      until("the FLOPs scatter", () -> web.findElements(By.cssSelector(".chart h3")).stream()
          .anyMatch(e -> e.getText().contains("FLOPs")) && !web.findElements(By.cssSelector("svg#scatter")).isEmpty());
      int points = Integer.parseInt(attribute(web, "svg#best-evals", "data-points", "0"));
      assertTrue(points >= 1 && points <= 40, "one point per improvement: " + points);
      // the table: a page of rows, each with its cell drawn
      until("the table", () -> web.findElements(By.cssSelector("#evaluations tbody tr")).size() == 25);
      assertEquals(25, web.findElements(By.cssSelector("#evaluations tbody tr td svg.cell")).size());
      web.findElement(By.id("next")).click();
      until("the second page", () -> web.findElement(By.id("page-info")).getText().startsWith("26–40 of 40"));
      // the markup in the name never ran
      assertEquals("<script>window.pwned=1</script>digits", web.findElement(By.id("study-name")).getText());
      assertFalse(Boolean.TRUE.equals(((JavascriptExecutor) web).executeScript("return window.pwned === 1")));
    } finally {
      web.quit();
      search.join();
    }
  }

  /** A search on the bundled digits up to {@code budget} evaluations, in a thread not yet started. */
  static Thread search(Path db, int budget, AtomicInteger status) {
    return new Thread(() -> status.set(Main.run("search", "--data", "digits", "--store", db.toString(),
        "--study", "<script>window.pwned=1</script>digits", "--budget-evals", String.valueOf(budget),
        "--epochs", "1", "--final-epochs", "0", "--train-limit", "300", "--optimizer", "rea", "--channels", "4",
        "--workers", "1")));
  }

  /** Records the page's evaluation count and how far its best-so-far line reaches, when the count changed. */
  static void observe(WebDriver web, List<Integer> counts, List<Double> reach) {
    String f = attribute(web, "#count", "data-finished", null);
    String u = attribute(web, "svg#best-evals", "data-until", null);
    if (f == null || u == null) {
      return; // caught between two redraws: read again later
    }
    int finished = Integer.parseInt(f);
    if (counts.isEmpty() || finished != counts.get(counts.size() - 1)) {
      counts.add(finished);
      reach.add(Double.parseDouble(u));
    }
  }

  /** Sets a flag in the page's window: it survives polling and is gone after a reload. */
  static void mark(WebDriver web) {
    ((JavascriptExecutor) web).executeScript("window.__nas4jMark = 42;");
  }

  static boolean marked(WebDriver web) {
    Object v = ((JavascriptExecutor) web).executeScript("return window.__nas4jMark;");
    return v instanceof Number n && n.intValue() == 42;
  }

  static String attribute(WebDriver web, String css, String name, String fallback) {
    List<WebElement> e = web.findElements(By.cssSelector(css));
    if (e.isEmpty()) {
      return fallback;
    }
    try {
      String v = e.get(0).getDomAttribute(name);
      return v == null ? fallback : v;
    } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
      return fallback;
    }
  }

  /** Polls until the condition holds (a non-null, non-false value), failing after a generous minute. */
  static <T> T until(String what, Supplier<T> condition) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      try {
        T v = condition.get();
        if (v != null && !Boolean.FALSE.equals(v)) {
          return v;
        }
      } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
        // the page redrew between finding and reading: look again
      }
      Thread.sleep(200);
    }
    throw new AssertionError("gave up waiting for " + what);
  }
}
