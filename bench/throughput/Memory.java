import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nas4j.data.DataOptions;
import org.nas4j.data.DataSplit;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainingEvaluator;

/**
 * Resident memory over many consecutive trainings in one JVM: trains COUNT random small NAS-Bench-201 candidates on
 * digits through TrainingEvaluator (what a search does) and samples VmRSS from /proc/self/status after each.
 * Prints the RSS after the warm-up trainings, at the end, the maximum, and the drift in percent.
 * Run by bench/throughput/memory.sh: java -cp 'target/nas4j.jar:target/lib/*' bench/throughput/Memory.java [COUNT] [WARMUP] [DISTINCT]
 */
public class Memory {
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    // candidates cycle through this many distinct architectures (0 = a fresh random one every time): RSS keeps the
    // high-water mark of the largest network trained so far, so only a repeating set separates leaks from that
    int distinct = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    DataSplit digits = DataSplit.load("digits", DataOptions.defaults().withTrainLimit(512).withSeed(1));
    TrainingEvaluator ev = new TrainingEvaluator(digits, TrainConfig.defaults().withNetwork(8, 1).withBatchSize(32));
    SplittableRandom rng = new SplittableRandom(7);
    Architecture[] cycle = new Architecture[Math.max(distinct, 0)];
    for (int k = 0; k < cycle.length; k++) {
      cycle[k] = CellSpace.NB201.sample(rng);
    }
    long first = 0;
    long max = 0;
    long last = 0;
    int failed = 0;
    long start = System.nanoTime();
    for (int i = 1; i <= count; i++) {
      Architecture a = cycle.length > 0 ? cycle[(i - 1) % cycle.length] : CellSpace.NB201.sample(rng);
      Evaluation e = ev.evaluate(a, 1, i);
      failed += e.ok() ? 0 : 1;
      long rss = rssKb();
      if (i == warmup) {
        first = rss;
        nmt("after warm-up");
      }
      if (i >= warmup) {
        max = Math.max(max, rss);
      }
      last = rss;
      if (i % 10 == 0 || i == 1 || i == warmup) {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "training %d: RSS %.1f MB, Java heap committed %.1f MB used %.1f MB (%.0f s)%n", i,
            rss / 1024.0, rt.totalMemory() / 1048576.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
            (System.nanoTime() - start) / 1e9);
      }
    }
    nmt("at the end");
    System.out.printf(Locale.ROOT, "RSS after %d warm-up trainings %.1f MB, after %d: %.1f MB, max %.1f MB, drift %+.1f%%, "
        + "max over warm-up %+.1f%% (%d failed)%n", warmup, first / 1024.0, count, last / 1024.0, max / 1024.0,
        100.0 * (last - first) / first, 100.0 * (max - first) / first, failed);
  }

  /** With -XX:NativeMemoryTracking=summary: the JVM's own committed memory, to tell JVM growth from libtorch's. */
  static void nmt(String when) {
    try {
      Object out = java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
          new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
          new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
      for (String l : out.toString().split("\n")) {
        if (l.contains("Total:") || l.matches("^-\\s+(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Metaspace|Arena Chunk).*")) {
          System.out.println("NMT " + when + ": " + l.strip());
        }
      }
    } catch (Exception e) {
      // tracking off: nothing to report
    }
  }

  static long rssKb() throws Exception {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
