package org.nas4j.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.nas4j.dashboard.Dashboard;
import org.nas4j.store.StoreReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j dashboard}: a live, read-only web page on a store. */
@Command(name = "dashboard", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Serves a live web page on a store: every study with its progress, a study's best-so-far plots "
        + "and evaluations, studies compared, PBT populations and lineages, transfer weights. Read-only; updates while "
        + "searches write to the store (SQLite or PostgreSQL). Stop it with Ctrl-C.",
        "Example: ./nas4j dashboard --store nas4j.db   (then open http://127.0.0.1:8642/)"})
public final class DashboardCommand implements Callable<Integer> {
  @Option(names = "--store", defaultValue = "nas4j.db", paramLabel = "PATH|URL", description = "the store (default: ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--port", defaultValue = "" + Dashboard.DEFAULT_PORT, paramLabel = "N",
      description = "TCP port (default: ${DEFAULT-VALUE}; 0 for any free one)")
  int port;

  @Option(names = "--bind", defaultValue = Dashboard.DEFAULT_BIND, paramLabel = "ADDRESS",
      description = "address to listen on (default: ${DEFAULT-VALUE}, this machine only; any other needs --token)")
  String bind;

  @Option(names = "--token", paramLabel = "SECRET",
      description = "a secret every request must carry (required with a --bind other than loopback)")
  String token;

  @Override
  public Integer call() throws Exception {
    Dashboard.Options options = new Dashboard.Options(bind, port, token);
    try (StoreReader reader = StoreReader.open(store); Dashboard d = Dashboard.start(reader, options)) {
      System.out.println("nas4j dashboard on " + reader.location() + ": open " + d.url() + " (Ctrl-C to stop)");
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
      stop.await();
    }
    return 0;
  }
}
