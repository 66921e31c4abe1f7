package org.nas4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nas4j.data.ImageSet;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.network.CellNetwork;
import org.nas4j.space.CellSpace;

/**
 * The "FD-classifier" fitness of nas4j's GAN task: the Fréchet distance between the statistics of real and generated
 * images in the penultimate layer of a small classifier trained on the real training images, plus a classifier-based
 * analogue of the Inception Score, {@code exp(E_x KL(p(y|x) || p(y)))}.
 *
 * <p><b>This is not FID.</b> FID uses an Inception-v3 network trained on ImageNet, whose weights nas4j cannot fetch
 * offline; the numbers here are on another scale, depend on this classifier, and are only comparable between runs
 * that use the same cached classifier (same data, same settings) and the same number of samples. What carries over is
 * the idea: a distance between feature distributions that is low when generated images look like the real ones to a
 * network that knows the data.
 *
 * <p>The classifier is a NAS-Bench-201 network ({@link #ARCHITECTURE}, a ResNet-like cell) trained once by the shared
 * training core ({@link Trainer}) and cached in {@code <cache>/fd-classifier-<fingerprint>}, where the fingerprint
 * hashes the training images, their labels and the classifier's settings; later runs on the same data load it. The
 * real statistics come from a fixed, evenly spaced set of training images.
 */
public final class FdClassifier implements AutoCloseable {
  /** The classifier's cell: conv 3x3 on every edge into the output but one skip, as a small ResNet. */
  public static final String ARCHITECTURE =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";
  private static final int BATCH = 250;

  private final TrainedModel model;
  private final CellNetwork net;
  private final int samples;
  private final FrechetDistance.Gaussian real;
  private final double validAccuracy;

  /** FD-classifier and the classifier score of a set of images. */
  public record Score(double fd, double classifierScore) {}

  private FdClassifier(TrainedModel model, int samples, ImageSet train) {
    this.model = model;
    this.net = (CellNetwork) model.block();
    this.samples = samples;
    int n = Math.min(samples, train.size());
    float[] px = new float[n * train.imageBytes()];
    int per = train.imageBytes();
    for (int i = 0; i < n; i++) {
      int img = (int) ((long) i * train.size() / n);
      int o = i * per;
      for (int c = 0; c < train.channels(); c++) {
        for (int r = 0; r < train.height(); r++) {
          for (int col = 0; col < train.width(); col++) {
            px[o++] = train.pixel(img, r, col, c) / 255f;
          }
        }
      }
    }
    this.real = FrechetDistance.Gaussian.of(outputs(px, n)[0]);
    this.validAccuracy = model.result() == null ? Double.NaN : model.result().validAccuracy();
  }

  /**
   * The cached classifier of these training images, trained (with {@code epochs} epochs of {@link Recipe#nasBench201()}
   * at C=8, N=1) and saved first if the cache does not have it.
   *
   * @param samples real images for the statistics (and the number of generated images the caller should score)
   */
  public static FdClassifier trainOrLoad(TrainData data, Path cache, int epochs, int samples, PrintStream log) {
    TrainConfig cfg = new TrainConfig(epochs, Recipe.nasBench201(), 0, 8, 1, 256);
    Path dir = cache.resolve("fd-classifier-" + fingerprint(data.train(), cfg));
    try {
      if (!Files.exists(dir.resolve(ModelFiles.MODEL_JSON))) {
        log.println("training the FD-classifier (a NAS-Bench-201 network, " + epochs + " epochs) on " + data.train().size()
            + " real images of " + data.task() + "; cached in " + dir);
        Path tmp = Files.createDirectories(cache).resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try (TrainedModel m = new Trainer(cfg).fit(CellSpace.NB201.parse(ARCHITECTURE), data, null)) {
          ModelFiles.save(tmp, m);
        }
        try {
          Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
          // another process cached it first: use theirs
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the FD-classifier cache " + dir + ": " + e.getMessage(), e);
    }
    TrainedModel m = ModelFiles.load(dir);
    FdClassifier fd = new FdClassifier(m, samples, data.train());
    log.println("FD-classifier " + dir.getFileName() + ": validation accuracy "
        + String.format(java.util.Locale.ROOT, "%.1f%%", 100 * fd.validAccuracy));
    return fd;
  }

  /** Hash of the images, labels and classifier settings (16 hex digits). */
  static String fingerprint(ImageSet set, TrainConfig cfg) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update((ARCHITECTURE + cfg).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update(new byte[] {(byte) set.height(), (byte) set.width(), (byte) set.channels()});
      byte[] img = new byte[set.imageBytes() + 4];
      for (int i = 0; i < set.size(); i++) {
        int k = 0;
        for (int r = 0; r < set.height(); r++) {
          for (int c = 0; c < set.width(); c++) {
            for (int ch = 0; ch < set.channels(); ch++) {
              img[k++] = (byte) set.pixel(i, r, c, ch);
            }
          }
        }
        int l = set.label(i);
        img[k++] = (byte) (l >> 24);
        img[k++] = (byte) (l >> 16);
        img[k++] = (byte) (l >> 8);
        img[k] = (byte) l;
        md.update(img);
      }
      return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Real images for the statistics; score this many generated images. */
  public int samples() {
    return samples;
  }

  /** The classifier's accuracy on the validation images it was trained beside. */
  public double validAccuracy() {
    return validAccuracy;
  }

  /**
   * Scores {@code n} images given as NCHW floats in [0, 1]. Thread-safe: each call owns its native memory.
   */
  public Score score(float[] images01, int n) {
    double[][][] out = outputs(images01, n);
    double fd = FrechetDistance.between(real, FrechetDistance.Gaussian.of(out[0]));
    double[][] p = out[1];
    int k = p[0].length;
    double[] marginal = new double[k];
    for (double[] row : p) {
      for (int j = 0; j < k; j++) {
        marginal[j] += row[j] / p.length;
      }
    }
    double kl = 0;
    for (double[] row : p) {
      for (int j = 0; j < k; j++) {
        if (row[j] > 0) {
          kl += row[j] * (Math.log(row[j]) - Math.log(Math.max(marginal[j], 1e-30))) / p.length;
        }
      }
    }
    return new Score(fd, Math.exp(kl));
  }

  /** Penultimate features and class probabilities of each image. */
  private double[][][] outputs(float[] images01, int n) {
    Shape img = model.image();
    int per = (int) (img.get(0) * img.get(1) * img.get(2));
    if (images01.length != n * per) {
      throw new IllegalArgumentException(n + " images of " + img + " need " + n * per + " values, got " + images01.length);
    }
    double[][] features = new double[n][];
    double[][] probs = new double[n][];
    Normalization norm = model.normalization();
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      Autograd.inference();
      ParameterStore ps = new ParameterStore(m, false);
      NDArray mean = m.create(norm.mean(), new Shape(1, norm.channels(), 1, 1));
      NDArray std = m.create(norm.std(), new Shape(1, norm.channels(), 1, 1));
      for (int from = 0; from < n; from += BATCH) {
        int b = Math.min(BATCH, n - from);
        try (NDManager bm = m.newSubManager()) {
          float[] chunk = new float[b * per];
          System.arraycopy(images01, from * per, chunk, 0, chunk.length);
          NDArray x = bm.create(chunk, new Shape(b, img.get(0), img.get(1), img.get(2))).sub(mean).div(std);
          float[] f = net.features(ps, x).toFloatArray();
          float[] pr = net.logits(ps, x, false).softmax(1).toFloatArray();
          int d = f.length / b;
          int k = pr.length / b;
          for (int i = 0; i < b; i++) {
            features[from + i] = new double[d];
            probs[from + i] = new double[k];
            for (int j = 0; j < d; j++) {
              features[from + i][j] = f[i * d + j];
            }
            for (int j = 0; j < k; j++) {
              probs[from + i][j] = pr[i * k + j];
            }
          }
        }
      }
    }
    return new double[][][] {features, probs};
  }

  @Override
  public void close() {
    model.close();
  }
}
