package org.nas4j.search;

import java.net.InetAddress;

/** Worker names ({@code host:pid:thread}) and whether the process behind one is gone. */
final class Workers {
  private static final String HOST = host();
  private static final long PID = ProcessHandle.current().pid();

  private Workers() {}

  /** {@code host:pid} of this process. */
  static String local() {
    return HOST + ":" + PID;
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
