package org.nas4j.engine;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine offline, from the native library in the Maven artifacts.
 *
 * <p>Nothing may download at run time: {@code ai.djl.offline} stops DJL from fetching libtorch and from
 * calling home. When the native library cannot load, {@link #pytorch()} throws one
 * {@link NativeLibraryException} that says so and what to check.
 */
public final class Engines {
  private static volatile Engine engine;

  private Engines() {}

  /** Sets the offline flags; safe to call many times, must run before DJL is first touched. */
  public static void offline() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    // DJL reads OPT_OUT_TRACKING as an env var or system property: never call home
    if (System.getProperty("OPT_OUT_TRACKING") == null) {
      System.setProperty("OPT_OUT_TRACKING", "true");
    }
  }

  /** The PyTorch engine, loaded once. */
  public static Engine pytorch() {
    Engine e = engine;
    if (e != null) {
      return e;
    }
    synchronized (Engines.class) {
      if (engine == null) {
        offline();
        try {
          engine = Engine.getEngine("PyTorch");
          Autograd.inference(); // this thread; others call it themselves
        } catch (RuntimeException | UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError err) {
          throw new NativeLibraryException(
              "could not load the PyTorch native library (" + rootMessage(err) + "): nas4j needs "
                  + "pytorch-native-cpu 2.7.1 (linux-x86_64) on the class path or PYTORCH_LIBRARY_PATH pointing to a "
                  + "libtorch 2.7.1; rebuild with ./nas4j --rebuild (docs/training.md)", err);
        }
      }
      return engine;
    }
  }

  /** DJL's version, e.g. {@code 0.35.1}. */
  public static String djlVersion() {
    return Engine.getDjlVersion();
  }

  /** libtorch's version, e.g. {@code 2.7.1}; loads the engine. */
  public static String libtorchVersion() {
    return pytorch().getVersion();
  }

  /** The device training runs on, e.g. {@code cpu()}; loads the engine. */
  public static String device() {
    return pytorch().defaultDevice().toString();
  }

  /**
   * Sets libtorch's intra-op threads for ops the calling thread runs (OpenMP keeps the count per thread), so that
   * N workers training at once share the cores instead of each starting one thread per core.
   */
  public static void intraOpThreads(int n) {
    JniUtils.setNumThreads(n);
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage();
    return c.getClass().getSimpleName() + (m == null ? "" : ": " + m.lines().findFirst().orElse(""));
  }

  /** The native library could not be loaded; the message is one line for the user. */
  public static final class NativeLibraryException extends RuntimeException {
    public NativeLibraryException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
