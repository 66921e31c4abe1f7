import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nas4j.data.ImageSet;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.train.TrainConfig;
import org.nas4j.train.TrainData;
import org.nas4j.train.Trainer;

/**
 * nas4j side of the throughput comparison: trains a NAS-Bench-201 network through the real Trainer for a fixed
 * number of batches of random images and prints images/s over the batches after the warm-up.
 * Run by bench/throughput/run.sh: java -cp 'target/nas4j.jar:target/lib/*' bench/throughput/Throughput.java [options]
 */
public class Throughput {
  public static void main(String[] args) {
    String arch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
    int batch = 64, batches = 30, warmup = 5, channels = 16, cells = 5, size = 32, inChannels = 3, classes = 10, repeats = 1;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--arch" -> arch = v;
        case "--batch" -> batch = Integer.parseInt(v);
        case "--batches" -> batches = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--channels" -> channels = Integer.parseInt(v);
        case "--cells" -> cells = Integer.parseInt(v);
        case "--size" -> size = Integer.parseInt(v);
        case "--in-channels" -> inChannels = Integer.parseInt(v);
        case "--classes" -> classes = Integer.parseInt(v);
        case "--repeats" -> repeats = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Architecture a = CellSpace.NB201.parse(arch);
    int n = batch * (warmup + batches);
    SplittableRandom r = new SplittableRandom(1);
    byte[] px = new byte[n * size * size * inChannels];
    int[] labels = new int[n];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) r.nextInt(256);
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add("c" + c);
    }
    for (int i = 0; i < n; i++) {
      labels[i] = r.nextInt(classes);
    }
    ImageSet train = new ImageSet("random", px, labels, size, size, inChannels, names);
    ImageSet valid = train.subset(new int[] {0, 1}, "valid");
    TrainData data = TrainData.of("random", train, valid, null);
    TrainConfig cfg = TrainConfig.defaults().withNetwork(channels, cells).withBatchSize(batch).withEpochs(1);
    final int w = warmup;
    for (int rep = 0; rep < repeats; rep++) {
      double[] t = new double[2];
      new Trainer(cfg).train(a, data, p -> {
        if (p.batch() == w) {
          t[0] = p.elapsedSeconds();
        }
        t[1] = p.elapsedSeconds();
      });
      double ips = (double) batch * batches / (t[1] - t[0]);
      System.out.printf(Locale.ROOT, "nas4j images/s %.1f (batch %d, %d timed batches after %d warm-up, C=%d N=%d, %dx%dx%d)%n",
          ips, batch, batches, warmup, channels, cells, inChannels, size, size);
    }
  }
}
