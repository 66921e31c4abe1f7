package org.nas4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.bench.TabularBenchmarkTest;

/**
 * The bad-input promise of every command, one test per kind of mistake: exit status 2, exactly one line on stderr
 * that names the problem, and nothing written, changed or deleted in the work folder (the store byte for byte, no
 * new store file, no output folder). Small fixtures on the bundled digits: a store with one study, a model folder.
 */
class BadInputCliTest {
  static final String ARCH = TrainCommandTest.ARCH;

  @TempDir static Path dir;
  static Path store;
  static Path model;
  static Path aFile;
  static Path readOnly;
  static Path otherClasses; // 8x8 grey images like the digits, of two other classes
  static Path biggerDigits; // the digits' classes, in 16x16 images

  @BeforeAll
  static void fixtures() throws Exception {
    store = dir.resolve("s.db");
    CliRun.of("search", "--data", "digits", "--store", store.toString(), "--study", "s", "--budget-evals", "1",
        "--final-epochs", "0", "--train-limit", "200", "--channels", "4", "--workers", "1", "--sources", "none").expect(0);
    model = dir.resolve("model");
    CliRun.of("train", "--arch", ARCH, "--data", "digits", "--channels", "4", "--cells", "1", "--train-limit", "200",
        "--quiet", "--save", model.toString()).expect(0);
    aFile = Files.writeString(dir.resolve("a-file"), "a file, not a folder");
    otherClasses = images("bars-and-dots", 8, "bars", "dots");
    biggerDigits = images("digits-16", 16, "0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    if (canCreateFileIn(readOnly)) {
      readOnly = Path.of("/proc"); // root writes in any folder whatever its bits; no one creates files in /proc
    }
  }

  @AfterAll
  static void writable() throws IOException {
    Files.setPosixFilePermissions(dir.resolve("read-only"), PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** An image folder of 5 grey {@code size}x{@code size} images per class. */
  private static Path images(String name, int size, String... classes) throws IOException {
    Path root = dir.resolve(name);
    for (String c : classes) {
      Files.createDirectories(root.resolve(c));
      for (int i = 0; i < 5; i++) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(i, i, 0, 255);
        ImageIO.write(img, "png", root.resolve(c).resolve(i + ".png").toFile());
      }
    }
    return root;
  }

  private static boolean canCreateFileIn(Path folder) {
    try {
      Files.delete(Files.createTempFile(folder, "probe", ".tmp"));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Runs a command that must be refused; returns its one error line, after checking that nothing changed. */
  static String refused(String... args) {
    Map<String, String> before = snapshot();
    CliRun r = CliRun.of(args);
    String call = String.join(" ", args);
    assertEquals(2, r.status(), call + "\n" + r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), call + ": one line on stderr\n" + r.err());
    assertTrue(r.err().startsWith("nas4j: error: "), call + "\n" + r.err());
    assertEquals(before, snapshot(), call + ": the work folder changed");
    return r.err().strip();
  }

  /** Every file and folder under the work folder, with a digest of each file's bytes. */
  static Map<String, String> snapshot() {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.toList()) {
        out.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "folder"
            : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  static String s(Path p) {
    return p.toString();
  }

  private static void assertContains(String line, String... parts) {
    for (String part : parts) {
      assertTrue(line.contains(part), "'" + part + "' in: " + line);
    }
  }

  @Test
  void aFileWhereAFolderIsExpected() {
    Path sub = aFile.resolve("sub");
    for (String[] args : new String[][] {
        {"train", "--arch", ARCH, "--data", "digits", "--save", s(aFile)},
        {"export", "--store", s(store), "--study", "s", "--out", s(aFile)},
        {"bench", "--budget-evals", "5", "--runs", "1", "--out", s(aFile)},
        {"pbt", "--data", "digits", "--out", s(aFile)},
        {"pbt", "bench", "--data", "digits", "--out", s(aFile)},
        {"transfer-study", "--task", "cifar100", "--out", s(aFile)},
    }) {
      assertContains(refused(args), aFile + " is a file, not a folder");
    }
    // a file on the way to the output
    assertContains(refused("report", "--store", s(store), "--study", "s", "--out", s(sub.resolve("r.html"))),
        aFile + " is a file, not a folder");
    assertContains(refused("train", "--arch", ARCH, "--data", "digits", "--json", s(sub.resolve("r.json"))),
        aFile + " is a file, not a folder");
  }

  @Test
  void aFolderWhereAFileIsExpected() {
    for (String[] args : new String[][] {
        {"report", "--store", s(store), "--study", "s", "--out", s(dir)},
        {"predict", "--model", s(model), "--data", "digits", "--out", s(dir)},
        {"train", "--arch", ARCH, "--data", "digits", "--json", s(dir)},
    }) {
      assertContains(refused(args), dir + " is a folder: give the path of a file");
    }
  }

  @Test
  void aReadOnlyFolder() {
    for (String[] args : new String[][] {
        {"report", "--store", s(store), "--study", "s", "--out", s(readOnly.resolve("r.html"))},
        {"export", "--store", s(store), "--study", "s", "--out", s(readOnly.resolve("m"))},
        {"predict", "--model", s(model), "--data", "digits", "--out", s(readOnly.resolve("p.csv"))},
        {"train", "--arch", ARCH, "--data", "digits", "--save", s(readOnly.resolve("m"))},
        {"bench", "--budget-evals", "5", "--runs", "1", "--out", s(readOnly.resolve("b"))},
        {"pbt", "--data", "digits", "--out", s(readOnly.resolve("run"))},
        {"transfer-study", "--task", "cifar100", "--out", s(readOnly.resolve("t"))},
    }) {
      assertContains(refused(args), "cannot write in folder " + readOnly, "give a folder you can write to");
    }
  }

  @Test
  void aRejectedSearchLeavesNoStoreAndNoStudySoTheFixedCommandRunsAtOnce() throws Exception {
    Path fresh = dir.resolve("fresh.db");
    String[] search = {"search", "--data", "digits", "--store", s(fresh), "--study", "fix", "--budget-evals", "1",
        "--final-epochs", "0", "--train-limit", "200", "--channels", "4", "--workers", "1", "--sources", "none"};
    assertContains(refused(concat(search, "--valid-fraction", "0")), "no validation images", "--valid-fraction");
    // in a store that exists: no study is left that the fixed command would have to match
    assertContains(refused("search", "--data", "digits", "--store", s(store), "--study", "fix", "--valid-fraction", "0"),
        "no validation images");
    CliRun fixed = CliRun.of(search).expect(0);
    assertTrue(fixed.err().contains("study fix: new on digits"), fixed.err());
  }

  @Test
  void unknownSources() {
    Path fresh = dir.resolve("never.db");
    assertContains(refused("search", "--data", "digits", "--store", s(fresh), "--sources", "cifar10"),
        "unknown source 'cifar10'");
    assertContains(refused("search", "--data", "digits", "--store", s(fresh), "--sources", "auto,nb201:svhn"), "svhn");
    assertContains(refused("search", "--data", "digits", "--store", s(store), "--study", "t", "--sources", "cifar10"),
        "unknown source 'cifar10'");
    assertContains(refused("bench", "--budget-evals", "5", "--sources", "svhn"), "svhn");
  }

  @Test
  void missingOrCorruptDataset() throws Exception {
    Path missing = dir.resolve("no-such-folder");
    Path corrupt = Files.createDirectories(dir.resolve("corrupt-idx"));
    for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte"}) {
      Files.writeString(corrupt.resolve(f), "these bytes are not an IDX file");
    }
    for (String data : new String[] {"folder:" + missing, "idx:" + corrupt, "fashion-mnist:" + missing, "svhn"}) {
      String[][] commands = {
          {"search", "--data", data, "--store", s(dir.resolve("never.db"))},
          {"search", "--data", data, "--store", s(store), "--study", "s2"},
          {"train", "--arch", ARCH, "--data", data, "--save", s(dir.resolve("never"))},
          {"pbt", "--data", data, "--out", s(dir.resolve("never"))},
          {"predict", "--model", s(model), "--data", data, "--out", s(dir.resolve("never.csv"))},
      };
      for (String[] args : commands) {
        assertContains(refused(args), data.startsWith("svhn") ? "unknown dataset 'svhn'" : data.replaceAll(".*:", ""));
      }
    }
  }

  @Test
  void theQuickStartRefusesBeforeItClearsItsLastRun() throws Exception {
    Path last = Path.of(QuickstartCommand.DIR);
    String before = listing(last);
    assertContains(refused("quickstart", "--data", "folder:" + dir.resolve("no-such-folder")), "no-such-folder");
    assertContains(refused("quickstart", "--budget-evals", "0"), "--budget-evals 1");
    assertEquals(before, listing(last), "the last quick start is as it was");
  }

  @Test
  void anUnknownOptionValue() {
    String[] search = {"search", "--data", "digits", "--store", s(store), "--study", "s2"};
    String[] pbt = {"pbt", "--data", "digits", "--out", s(dir.resolve("never"))};
    assertContains(refused(concat(search, "--optimizer", "bohb")), "unknown optimizer 'bohb'");
    assertContains(refused(concat(search, "--space", "darts")), "unknown search space 'darts'");
    assertContains(refused(concat(search, "--budget-time", "5x")), "'5x'", "90s, 10m or 2h");
    assertContains(refused(concat(pbt, "--variant", "best")), "unknown PBT variant");
    assertContains(refused(concat(pbt, "--bn-stats", "keep")), "--bn-stats must be reset or mix, got keep");
    assertContains(refused(concat(pbt, "--space", "darts")), "unknown PBT space 'darts'");
    assertContains(refused("bench", "--budget-evals", "5", "--optimizers", "rs,bohb"), "unknown optimizer 'bohb'");
    assertContains(refused("bench", "--budget-evals", "5", "--benchmark", "nb301"), "unknown benchmark 'nb301'");
    assertContains(refused("bench", "--budget-evals", "5", "--task", "svhn"), "unknown task 'svhn'");
    assertContains(refused("transfer-study", "--task", "cifar100", "--modes", "magic", "--out", s(dir.resolve("never"))),
        "unknown --modes item 'magic'");
  }

  @Test
  void anUnknownStudyOrStore() {
    assertContains(refused("report", "--store", s(store), "--study", "nope", "--out", s(dir.resolve("r.html"))),
        "no study nope in store " + store + " (its studies: s", "check --study");
    assertContains(refused("export", "--store", s(store), "--study", "nope", "--out", s(dir.resolve("never"))),
        "no study nope");
    assertContains(refused("search", "--data", "digits", "--store", s(store), "--study", "nope", "--resume"),
        "no study nope");
    Path none = dir.resolve("no-such.db");
    assertContains(refused("search", "--data", "digits", "--store", s(none), "--resume"), "no store at " + none);
    assertContains(refused("report", "--store", s(none), "--study", "s", "--out", s(dir.resolve("r.html"))), s(none));
  }

  @Test
  void aBadArchitectureString() {
    String unknownOp = ARCH.replace("nor_conv_3x3~0|+", "nor_conv_5x5~0|+");
    String fiveEdges = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|";
    assertContains(refused("train", "--arch", unknownOp, "--data", "digits", "--save", s(dir.resolve("never"))),
        "unknown op 'nor_conv_5x5'");
    assertContains(refused("train", "--arch", fiveEdges, "--data", "digits"), fiveEdges);
    assertContains(refused("train", "--arch", "resnet18", "--data", "digits"), "resnet18");
  }

  @Test
  void aNegativeOrZeroCount() {
    String[] search = {"search", "--data", "digits", "--store", s(store), "--study", "s"};
    String[] pbt = {"pbt", "--data", "digits", "--out", s(dir.resolve("never"))};
    for (String[] args : new String[][] {
        concat(search, "--workers", "-1"), concat(search, "--workers", "0"), concat(search, "--final-epochs", "-5"),
        concat(search, "--epochs", "0"), concat(search, "--budget-evals", "-1"),
        concat(pbt, "--batches-per-step", "-1"), concat(pbt, "--epochs-per-step", "0"), concat(pbt, "--workers", "-1"),
        concat(pbt, "--population", "1"), concat(pbt, "--channels", "0"), concat(pbt, "--shrink", "-0.4"),
        {"pbt", "bench", "--data", "digits", "--out", s(dir.resolve("never")), "--seeds", "0"},
        {"train", "--arch", ARCH, "--data", "digits", "--epochs", "-1"},
        {"train", "--arch", ARCH, "--data", "digits", "--train-limit", "-10"},
        {"predict", "--model", s(model), "--data", "digits", "--limit", "-1"},
        {"export", "--store", s(store), "--study", "s", "--out", s(dir.resolve("never")), "--final-epochs", "0"},
        {"bench", "--budget-evals", "5", "--runs", "-1"},
        {"bench", "--budget-evals", "5", "--threads", "0"},
        {"bench", "--budget-evals", "-5"},
        {"transfer-study", "--task", "cifar100", "--out", s(dir.resolve("never")), "--source-evals", "0,-1"},
        {"transfer-study", "--task", "cifar100", "--out", s(dir.resolve("never")), "--seeds", "0"},
        {"quickstart", "--budget-evals", "-3"},
    }) {
      // the bad option comes last: the message names its value
      assertContains(refused(args), args[args.length - 1].replaceAll(".*,", ""));
    }
    assertContains(refused("search", "--data", "digits", "--store", s(store), "--study", "s", "--valid-limit", "-2"),
        "--valid-limit", "-2");
  }

  @Test
  void aContradictionNamesBothOptions() {
    String[] pbt = {"pbt", "--data", "digits", "--out", s(dir.resolve("never"))};
    assertContains(refused(concat(pbt, "--epochs-per-step", "2", "--batches-per-step", "3")),
        "--epochs-per-step 2 and --batches-per-step 3 contradict each other");
    assertContains(refused(concat(pbt, "--space", "nb201", "--stages", "2")), "--stages 2", "--space nb201");
    assertContains(refused(concat(pbt, "--study", "p")), "--study needs --store");
    assertContains(refused("bench", "--budget-evals", "5", "--ops", "none,skip_connect"), "nb201 has ops", "--ops");
  }

  @Test
  void predictOnDataTheModelWasNotTrainedFor() {
    assertContains(refused("predict", "--model", s(model), "--data", "folder:" + otherClasses),
        "has classes [bars, dots]", "predicts [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
    assertContains(refused("predict", "--model", s(model), "--data", "folder:" + biggerDigits),
        "16x16x1 images", "the model takes 8x8x1");
  }

  @Test
  void aBadBenchmarkCsvRow() throws IOException {
    Path typo = Files.writeString(dir.resolve("typo.csv"), TabularBenchmarkTest.nb201Csv(100, 41, "nor_conv_3x4"));
    String good = TabularBenchmarkTest.nb201Csv(100, -1, null);
    Path notANumber = Files.writeString(dir.resolve("nan.csv"), good.replace(",7\n", ",seven\n"));
    Path shortRow = Files.writeString(dir.resolve("short.csv"), good.replace(",7\n", "\n"));
    for (String command : new String[] {"bench", "transfer-study"}) {
      String[] args = {command, "--task", "foo", "--budget-evals", "5", "--out", s(dir.resolve("never"))};
      if (command.equals("transfer-study")) {
        args = new String[] {command, "--task", "foo", "--sources", "foo", "--out", s(dir.resolve("never"))};
      }
      assertContains(refused(concat(args, "--benchmark", "csv:" + typo)),
          "benchmark " + typo + " line 43: unknown op 'nor_conv_3x4'");
      assertContains(refused(concat(args, "--benchmark", "csv:" + notANumber)), notANumber + " line 9", "'seven'");
      assertContains(refused(concat(args, "--benchmark", "csv:" + shortRow)), shortRow + " line 9", "1 fields");
    }
  }

  @Test
  void aResumeWithOtherSettingsNamesEveryOneThatDiffers() {
    String[] search = {"search", "--data", "digits", "--store", s(store), "--study", "s", "--budget-evals", "1",
        "--final-epochs", "0", "--train-limit", "200", "--channels", "4", "--workers", "1", "--sources", "none"};
    assertContains(refused(concat(search, "--batch-size", "32", "--lr", "0.05")),
        "option recipe.batch_size (stored 64, given 32), option recipe.learning_rate (stored 0.1, given 0.05)");

    Path run = dir.resolve("pbt-run");
    Path pbtStore = dir.resolve("pbt.db");
    String[] pbt = {"pbt", "--data", "digits", "--train-limit", "100", "--valid-limit", "50", "--test-limit", "50",
        "--tau", "0.5", "--steps", "1", "--batches-per-step", "1", "--stages", "1", "--channels", "2", "--workers", "1",
        "--out", s(run)};
    CliRun.of(concat(pbt, "--store", s(dir.resolve("pbt.db")), "--population", "4", "--batch-size", "16")).expect(0);
    String line = refused(concat(pbt, "--store", s(dir.resolve("pbt.db")), "--population", "6", "--batch-size", "32"));
    assertContains(line, run + " holds a run started with other settings: population (stored 4, given 6), "
        + "train.batch_size (stored 16, given 32)", "--out");
    // the store is opened after that check: a new one is not even created
    assertContains(refused(concat(pbt, "--store", s(dir.resolve("never.db")), "--population", "4", "--batch-size",
        "16", "--shrink", "0.3")), "lambda (stored 0.4, given 0.3)");
  }

  private static String listing(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return "none";
    }
    try (Stream<Path> all = Files.walk(folder)) {
      // files by size and time; a folder's own time changes when the output check probes it, which loses nothing
      return all.map(p -> Files.isDirectory(p) ? p + "/" : p + " " + p.toFile().length() + " " + p.toFile().lastModified())
          .sorted().toList().toString();
    }
  }

  static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
