package org.nas4j.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
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
  /** The device chosen by {@link #useDevice}; null = DJL's default (a GPU when there is one). */
  private static volatile Device device;

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
          if (cudaBuild()) {
            // DJL takes the bundled CUDA libtorch only where it detects CUDA; elsewhere it would download a CPU one
            throw new NativeLibraryException("could not load the PyTorch native library (" + rootMessage(err)
                + "): this is the CUDA build (libtorch " + nativeBuild().getProperty("version", "?") + " "
                + nativeBuild().getProperty("flavor") + "), which loads only where DJL detects an NVIDIA GPU and driver; "
                + "on this machine build without -Pcuda (mvn clean package) (docs/gpu.md)", err);
          }
          throw new NativeLibraryException(
              "could not load the PyTorch native library (" + rootMessage(err) + "): nas4j needs "
                  + "pytorch-native-cpu 2.7.1 (linux-x86_64) on the class path or PYTORCH_LIBRARY_PATH pointing to a "
                  + "libtorch 2.7.1; rebuild with ./nas4j --rebuild (docs/training.md)", err);
        }
      }
      return engine;
    }
  }

  /**
   * Chooses where networks train and predict: {@code cpu}, {@code gpu} (the first CUDA device) or {@code auto}
   * (a GPU when libtorch sees one, else the CPU).
   *
   * @throws DeviceException (one line) for {@code gpu} when libtorch sees no GPU: never a silent fall-back to the
   *     CPU
   * @throws IllegalArgumentException for another name
   */
  public static void useDevice(String choice) {
    switch (choice) {
      case "cpu" -> device = Device.cpu();
      case "auto" -> device = null;
      case "gpu" -> {
        int gpus;
        try {
          gpus = pytorch().getGpuCount();
        } catch (NativeLibraryException e) {
          if (!cudaBuild()) {
            throw e;
          }
          throw new DeviceException("--device gpu: the CUDA build's libtorch does not load here, DJL detects no "
              + "NVIDIA GPU or driver: run on a machine with a CUDA 12.4 capable driver, or build without -Pcuda and "
              + "pass --device cpu (docs/gpu.md)");
        }
        if (gpus == 0) {
          throw new DeviceException("--device gpu: libtorch " + pytorch().getVersion() + " sees no usable GPU (a "
              + "CPU-only build, or no NVIDIA device or driver): build with 'mvn -Pcuda -DskipTests package' on a "
              + "machine with a CUDA 12.4 capable driver, or pass --device cpu (docs/gpu.md)");
        }
        device = Device.gpu();
      }
      default -> throw new IllegalArgumentException("device must be cpu, gpu or auto, got " + choice);
    }
  }

  /** The {@code pytorch.properties} of the libtorch jar on the class path (version, flavor), empty when there is none. */
  private static java.util.Properties nativeBuild() {
    java.util.Properties p = new java.util.Properties();
    try (java.io.InputStream in = Engines.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (java.io.IOException e) {
      // unreadable: treated as no jar, the CPU build's message applies
    }
    return p;
  }

  /** Whether the class path carries a CUDA libtorch ({@code mvn -Pcuda}). */
  private static boolean cudaBuild() {
    return nativeBuild().getProperty("flavor", "").startsWith("cu");
  }

  /** A new base manager on the chosen device; the caller closes it. */
  public static NDManager newManager() {
    Device d = device;
    return d == null ? pytorch().newBaseManager() : pytorch().newBaseManager(d);
  }

  /** A requested device is not usable: bad input (exit status 2), the message is one line for the user. */
  public static final class DeviceException extends org.nas4j.InputException {
    public DeviceException(String message) {
      super(message);
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
    Device d = device;
    return (d == null ? pytorch().defaultDevice() : d).toString();
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
