package org.nas4j.runner;

import java.net.InetAddress;

/** Worker names ({@code host:pid:thread}), whether the process behind one is gone, and engine threads per worker. */
public final class Workers {
  private static final String HOST = host();
  private static final long PID = ProcessHandle.current().pid();

  private Workers() {}

  /** {@code host:pid} of this process. */
  static String local() {
    return HOST + ":" + PID;
  }

  /** {@code host:pid} of this process: how the store names what it did (claims, a study's finish). */
  public static String process() {
    return local();
  }

  /** True when the worker ran on this host in a process that no longer exists. */
  static boolean isDeadLocal(String worker) {
    String[] p = worker.split(":");
    if (p.length < 2 || !p[0].equals(HOST)) {
      return false;
    }
    try {
      long pid = Long.parseLong(p[1]);
      return pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * Gives each of {@code workers} concurrent trainings its share of the cores (libtorch's intra-op threads),
   * unless the user set {@code ai.djl.pytorch.num_threads}. Must run before the engine loads. Small networks
   * scale poorly over threads, so several trainings with fewer threads each are faster (docs/search.md).
   */
  public static void configureEngineThreads(int workers) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(Math.max(1, cores / Math.max(1, workers))));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }

  private static String host() {
    String h = System.getenv("HOSTNAME");
    if (h == null || h.isBlank()) {
      try {
        h = InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        h = "localhost";
      }
    }
    return h.replace(':', '_');
  }
}
