package org.nas4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.nas4j.data.DataSplit;
import org.nas4j.search.SearchJob;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code nas4j quickstart}: a small real search with sensible defaults, then the next commands to try. Uses
 * Fashion-MNIST when the Debian package is installed, otherwise the digits bundled in the jar.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a small real search (Fashion-MNIST if installed, else the bundled digits; 12 candidates, "
        + "1 epoch each on 5,000 images), prints the best architecture and its test accuracy, and the commands to "
        + "go on with. About 1.5 minutes of CPU: a few minutes on 2 cores.",
        "The store is runs/quickstart/nas4j.db, started fresh unless --resume is given."})
public final class QuickstartCommand implements Callable<Integer> {
  static final String DIR = "runs/quickstart";

  @Option(names = "--data", paramLabel = "SPEC", description = "dataset (default: fashion-mnist if installed, else digits)")
  String data;

  @Option(names = "--budget-evals", defaultValue = "12", paramLabel = "N", description = "candidates (default: ${DEFAULT-VALUE})")
  int budget;

  @Option(names = "--resume", description = "continue the last quickstart instead of starting fresh")
  boolean resume;

  @Mixin DeviceArg device = new DeviceArg();

  @Override
  public Integer call() throws IOException {
    boolean fallback = data == null && !DataSplit.fashionMnistInstalled();
    String spec = data != null ? data : fallback ? "digits" : "fashion-mnist";
    Path dir = OutputPaths.folder("the quick start's folder", Path.of(DIR));
    Path db = dir.resolve("nas4j.db");
    SearchCommand s = new SearchCommand();
    new CommandLine(s).parseArgs("--data", spec, "--store", db.toString(), "--budget-evals", Integer.toString(budget),
        "--epochs", "1", "--final-epochs", "3", "--train-limit", "5000", "--valid-limit", "1000", "--test-limit", "0",
        "--study", "quickstart", "--device", device.device);
    SearchJob.Config cfg = s.config();
    SearchJob job = new SearchJob(cfg, System.err, ProgressBar.stderr("%"));
    job.check(); // a bad --data or --budget-evals must not cost the last quick start its store
    if (!resume) {
      deleteTree(dir);
      Files.createDirectories(dir);
    }
    if (fallback) {
      System.err.println("nas4j quickstart: Fashion-MNIST is not installed, so this search runs on the small digits "
          + "bundled in the jar; to search Fashion-MNIST, run 'sudo apt-get install dataset-fashion-mnist' first");
    }
    System.err.println("nas4j quickstart: a real search on " + spec + ", store " + db);
    SearchJob.Outcome o = job.run();
    SearchCommand.printOutcome(o, cfg, System.out);
    return 0;
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
