package org.nas4j.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.nas4j.InputException;
import org.nas4j.evaluate.Seeds;
import org.nas4j.util.Format;
import org.nas4j.util.Shuffle;

/**
 * A dataset cut into training, validation and test sets, with the normalisation measured on the training set
 * and the training augmentation. The validation set is a seeded, class-stratified split off the training
 * images (searches select on it); the test set is the dataset's own test set, only for final reporting.
 * Datasets without a test set (digits, a flat image folder) get a fixed 20% stratified test split that does
 * not depend on the seed, so test numbers from different runs are comparable.
 *
 * <p>Specs: {@code digits}, {@code fashion-mnist}, {@code mnist}, {@code cifar10[:DIR]}, {@code cifar100[:DIR]},
 * {@code idx:DIR}, {@code folder:DIR[@HxW]}. Named datasets are looked up in {@code /usr/share/datasets/<name>}
 * and then in {@code $NAS4J_DATA/<name>} (default {@code ~/.nas4j/data/<name>}). See {@code docs/data.md}.
 *
 * <p>Immutable and thread-safe: one split (and its loaders) can serve many worker threads.
 *
 * <pre>{@code
 * DataSplit data = DataSplit.load("fashion-mnist", DataOptions.defaults().withSeed(7));
 * Loader train = data.trainLoader(128);
 * for (Batch b : train.epoch(seed, epoch)) { ... }
 * }</pre>
 */
public final class DataSplit {
  /** Fraction held out as the test set when a dataset has none of its own. */
  static final double TEST_FRACTION = 0.2;
  /** The test split and test sample never depend on the user's seed. */
  static final long TEST_SEED = 0x7E57_5E7L;

  static final String VALID_SPECS =
      "digits, fashion-mnist, mnist, cifar10[:DIR], cifar100[:DIR], idx:DIR, folder:DIR[@HxW]";

  private static final Pattern RESIZE = Pattern.compile("^(.*)@(\\d{1,5})x(\\d{1,5})$");
  private static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private final String spec;
  private final String task;
  private final DataOptions options;
  private final ImageSet train;
  private final ImageSet valid;
  private final ImageSet test;
  private final Normalization normalization;
  private final Augmentation augmentation;
  private String fingerprint;

  private DataSplit(String spec, String task, DataOptions options, ImageSet train, ImageSet valid, ImageSet test) {
    this.spec = spec;
    this.task = task;
    this.options = options;
    this.train = train;
    this.valid = valid;
    this.test = test;
    this.normalization = Normalization.of(train);
    this.augmentation = (options.augmentation() != null ? options.augmentation()
        : train.channels() == 3 ? Augmentation.CIFAR : Augmentation.NONE).withCutout(options.cutout());
  }

  /**
   * Loads the dataset named by {@code spec} and splits it as {@code options} say.
   *
   * @throws InputException for an unknown spec, a missing dataset (naming how to get it) or a corrupt file
   */
  public static DataSplit load(String spec, DataOptions options) {
    return load(spec, options, defaultRoots());
  }

  /** {@link #load(String, DataOptions)} with the folders that named datasets are searched in. */
  static DataSplit load(String spec, DataOptions options, List<Path> roots) {
    if (spec == null || spec.isBlank()) {
      throw new InputException("no dataset given: use one of " + VALID_SPECS);
    }
    spec = spec.trim();
    if (options == null) {
      options = DataOptions.defaults();
    }
    Source src = open(spec, roots);
    return split(spec, src, options);
  }

  /**
   * Splits images that are already in memory, as {@link #load} splits a dataset read from files.
   *
   * @param task short name of the dataset, for logs and the fingerprint
   * @param train the training images (the validation set is split off them)
   * @param test the test images, or {@code null} to hold out a fixed 20% of {@code train}
   */
  public static DataSplit of(String task, ImageSet train, ImageSet test, DataOptions options) {
    if (test != null && (test.height() != train.height() || test.width() != train.width()
        || test.channels() != train.channels() || !test.classNames().equals(train.classNames()))) {
      throw new InputException(task + ": test images " + test + " do not match training images " + train);
    }
    return split("memory:" + task, new Source(task, train, test), options == null ? DataOptions.defaults() : options);
  }

  private static DataSplit split(String spec, Source src, DataOptions options) {
    ImageSet pool = src.train;
    ImageSet testSet = src.test;
    if (testSet == null) {
      int[][] parts = stratified(pool, TEST_FRACTION, Seeds.stream(TEST_SEED, Seeds.Stream.TEST_SPLIT));
      if (parts[1].length == 0) {
        throw new InputException(spec + ": only " + pool.size() + " images, too few to hold out a test set: "
            + "add images, or give the folder train/ and test/ sub-folders");
      }
      testSet = pool.subset(parts[1], src.task + "-test");
      pool = pool.subset(parts[0], src.task + "-pool");
    }
    int[][] tv = stratified(pool, options.validFraction(), Seeds.stream(options.seed(), Seeds.Stream.VALIDATION_SPLIT));
    int[] trainIdx = sample(tv[0], options.trainLimit(), Seeds.stream(options.seed(), Seeds.Stream.TRAIN_SAMPLE));
    int[] validIdx = sample(tv[1], options.validLimit(), Seeds.stream(options.seed(), Seeds.Stream.VALIDATION_SAMPLE));
    if (trainIdx.length == 0) {
      throw new InputException(spec + ": no training images left after the validation split: lower the "
          + "validation fraction or raise the training limit");
    }
    ImageSet trainSet = trainIdx.length == pool.size() ? rename(pool, src.task + "-train")
        : pool.subset(trainIdx, src.task + "-train");
    ImageSet validSet = pool.subset(validIdx, src.task + "-valid");
    int[] allTest = new int[testSet.size()];
    Arrays.setAll(allTest, i -> i);
    int[] testIdx = sample(allTest, options.testLimit(), Seeds.stream(TEST_SEED, Seeds.Stream.TEST_SAMPLE));
    testSet = testIdx.length == testSet.size() ? rename(testSet, src.task + "-test")
        : testSet.subset(testIdx, src.task + "-test");
    return new DataSplit(spec, src.task, options, trainSet, validSet, testSet);
  }

  /**
   * This split, or a one-line error when it has no validation images: searches and PBT judge candidates on them and
   * training reports its accuracy on them, so an empty validation set must stop a command before it creates anything.
   */
  public DataSplit requireValidation() {
    if (valid.size() == 0) {
      throw new InputException(spec + ": no validation images to measure accuracy on (validation fraction "
          + options.validFraction() + " of " + train.size() + " training images): hold out some with "
          + "--valid-fraction, e.g. 0.1");
    }
    return this;
  }

  /** The training images (the validation images removed). */
  public ImageSet train() {
    return train;
  }

  /** The validation images: a seeded split off the training set; searches select on these. */
  public ImageSet valid() {
    return valid;
  }

  /** The test images: for final reporting only, never for choosing. */
  public ImageSet test() {
    return test;
  }

  /** Per-channel mean and std measured on {@link #train()} only. */
  public Normalization normalization() {
    return normalization;
  }

  /** The training augmentation (the option given, or automatic: CIFAR's for colour, none for grey). */
  public Augmentation augmentation() {
    return augmentation;
  }

  /** A short name of the dataset: {@code fashion-mnist}, {@code digits}, {@code folder-flowers}, ... */
  public String task() {
    return task;
  }

  /** The spec this split was loaded from. */
  public String spec() {
    return spec;
  }

  /** The options this split was made with. */
  public DataOptions options() {
    return options;
  }

  public int classes() {
    return train.classes();
  }

  public int channels() {
    return train.channels();
  }

  public int height() {
    return train.height();
  }

  public int width() {
    return train.width();
  }

  /** One line for logs: sizes, classes, image shape, augmentation. */
  public String describe() {
    String aug = augmentation.isNone() ? "none"
        : (augmentation.cropPadding() > 0 ? "pad " + augmentation.cropPadding() + " + crop" : "")
            + (augmentation.cropPadding() > 0 && augmentation.horizontalFlip() ? " + " : "")
            + (augmentation.horizontalFlip() ? "flip" : "")
            + (augmentation.cutout() > 0 ? (augmentation.cropPadding() > 0 || augmentation.horizontalFlip() ? " + " : "")
                + "cutout " + augmentation.cutout() : "");
    return String.format(Locale.ROOT, "%s: %s train / %s valid / %s test images of %dx%dx%d, %d classes, "
        + "augmentation %s", task, Format.count(train.size()), Format.count(valid.size()), Format.count(test.size()),
        height(), width(), channels(), classes(), aug);
  }

  /**
   * A stable hash (16 hex digits) of the spec, the options, the sizes and the image and label contents of
   * all three sets, so that a resumed search can tell that it is given a different dataset.
   */
  public synchronized String fingerprint() {
    if (fingerprint == null) {
      CRC32 crc = new CRC32();
      for (ImageSet s : List.of(train, valid, test)) {
        crc.update(s.rawPixels());
        for (int i = 0; i < s.size(); i++) {
          crc.update(s.label(i));
        }
      }
      String text = String.join("|", "nas4j-data-v1", spec, Double.toString(options.validFraction()),
          Integer.toString(options.trainLimit()), Integer.toString(options.validLimit()),
          Integer.toString(options.testLimit()), Long.toString(options.seed()), augmentation.toString(),
          Integer.toString(train.size()), Integer.toString(valid.size()), Integer.toString(test.size()),
          height() + "x" + width() + "x" + channels(), Integer.toString(classes()),
          Long.toHexString(crc.getValue()));
      try {
        byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 8; i++) {
          hex.append(String.format("%02x", h[i] & 0xFF));
        }
        fingerprint = hex.toString();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is required by every Java platform", e);
      }
    }
    return fingerprint;
  }

  /** Shuffled, augmented training batches normalised with {@link #normalization()}. */
  public Loader trainLoader(int batchSize) {
    return new Loader(train, normalization, batchSize, augmentation);
  }

  /** In-order, never augmented batches of {@code set} (valid or test) normalised with the training statistics. */
  public Loader evalLoader(ImageSet set, int batchSize) {
    return new Loader(set, normalization, batchSize, Augmentation.NONE);
  }

  @Override
  public String toString() {
    return describe();
  }

  // ---------------------------------------------------------------------------------------------------------
  // specs and where files are looked up

  /** A dataset as read: its task name, its training images and its own test images (or null). */
  private record Source(String task, ImageSet train, ImageSet test) {}

  /** {@code /usr/share/datasets}, then {@code $NAS4J_DATA} or {@code ~/.nas4j/data}. */
  static List<Path> defaultRoots() {
    List<Path> roots = new ArrayList<>();
    roots.add(Path.of("/usr/share/datasets"));
    String env = System.getenv("NAS4J_DATA");
    roots.add(env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".nas4j", "data"));
    return roots;
  }

  private static Source open(String spec, List<Path> roots) {
    int colon = spec.indexOf(':');
    String kind = (colon < 0 ? spec : spec.substring(0, colon)).toLowerCase(Locale.ROOT);
    String arg = colon < 0 ? null : spec.substring(colon + 1).trim();
    if (arg != null && arg.isEmpty()) {
      throw new InputException("dataset spec '" + spec + "' names no folder after ':': use one of " + VALID_SPECS);
    }
    switch (kind) {
      case "digits" -> {
        if (arg != null) {
          throw new InputException("the digits dataset is bundled and takes no folder: use 'digits'");
        }
        return new Source("digits", Digits.read(), null);
      }
      case "fashion-mnist", "mnist" -> {
        List<String> names = kind.equals("mnist") ? digitNames() : FASHION_CLASSES;
        Path dir = arg != null ? directory(spec, arg) : find(kind, roots, d -> idxFile(d, "train-images") != null,
            missingIdx(kind, roots));
        return readIdx(kind, dir, names);
      }
      case "idx" -> {
        Path dir = directory(spec, requireArg(spec, arg));
        return readIdx("idx-" + slug(dir), dir, null);
      }
      case "cifar10", "cifar100" -> {
        boolean hundred = kind.equals("cifar100");
        Path dir = arg != null ? directory(spec, arg)
            : find(kind, roots, d -> Cifar.present(d, hundred), missingCifar(kind, roots, hundred));
        if (!Cifar.present(dir, hundred)) {
          throw new InputException(dir + ": no " + (hundred ? "train.bin" : "data_batch_1.bin") + " in it: "
              + cifarFix(kind, hundred));
        }
        ImageSet[] sets = Cifar.read(dir, hundred, cifarFix(kind, hundred));
        return new Source(kind, sets[0], sets[1]);
      }
      case "folder" -> {
        String a = requireArg(spec, arg);
        int h = 0;
        int w = 0;
        Matcher m = RESIZE.matcher(a);
        if (m.matches()) {
          a = m.group(1);
          h = Integer.parseInt(m.group(2));
          w = Integer.parseInt(m.group(3));
          if (h < 1 || w < 1 || h > 4096 || w > 4096) {
            throw new InputException(spec + ": image size " + h + "x" + w + " must be between 1x1 and 4096x4096");
          }
        }
        Path dir = directory(spec, a);
        String task = "folder-" + slug(dir);
        Path tr = dir.resolve("train");
        Path te = dir.resolve("test");
        if (Files.isDirectory(tr) && Files.isDirectory(te)) {
          List<String> classes = folderClasses(tr);
          ImageSet train = ImageFolder.read(task + "-train", tr, classes, h, w);
          // the test images take the training images' size, so one network serves both
          ImageSet test = ImageFolder.read(task + "-test", te, classes, train.height(), train.width());
          if (test.channels() != train.channels()) {
            test = sameChannels(test, train.channels());
          }
          return new Source(task, train, test);
        }
        return new Source(task, ImageFolder.read(task, dir, folderClasses(dir), h, w), null);
      }
      default -> throw new InputException("unknown dataset '" + spec + "': use one of " + VALID_SPECS);
    }
  }

  private static List<String> folderClasses(Path dir) {
    List<String> classes = ImageFolder.classes(dir);
    if (classes.size() < 2) {
      throw new InputException(dir + ": found " + classes.size() + " class sub-folder(s), need at least 2: put the "
          + "images of each class in its own sub-folder, e.g. " + dir.resolve("cat") + " and " + dir.resolve("dog"));
    }
    return classes;
  }

  /** Grey test images next to colour training images (or the reverse): bring them to the training channels. */
  private static ImageSet sameChannels(ImageSet set, int channels) {
    int n = set.size() * set.height() * set.width();
    byte[] src = set.rawPixels();
    byte[] out = new byte[n * channels];
    int[] labels = new int[set.size()];
    Arrays.setAll(labels, set::label);
    for (int p = 0; p < n; p++) {
      if (channels == 3) {
        out[3 * p] = out[3 * p + 1] = out[3 * p + 2] = src[p];
      } else {
        out[p] = src[3 * p];
      }
    }
    return new ImageSet(set.name(), out, labels, set.height(), set.width(), channels, set.classNames());
  }

  private static String requireArg(String spec, String arg) {
    if (arg == null) {
      throw new InputException("dataset spec '" + spec + "' needs a folder: write " + spec + ":DIR");
    }
    return arg;
  }

  private static Path directory(String spec, String arg) {
    String a = arg;
    if (a.equals("~") || a.startsWith("~/")) {
      a = System.getProperty("user.home") + a.substring(1);
    }
    Path dir = Path.of(a).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InputException(spec + ": no such folder " + dir + ": check the path after ':'");
    }
    return dir;
  }

  private static Path find(String name, List<Path> roots, java.util.function.Predicate<Path> has, String missing) {
    return locate(name, roots, has).orElseThrow(() -> new InputException(missing));
  }

  private static java.util.Optional<Path> locate(String name, List<Path> roots, java.util.function.Predicate<Path> has) {
    return roots.stream().map(r -> r.resolve(name)).filter(d -> Files.isDirectory(d) && has.test(d)).findFirst();
  }

  /**
   * Whether Fashion-MNIST's files are where {@link #load} looks for them, without reading them: the quick start
   * picks its dataset with this, so a damaged file is reported rather than replaced by the bundled digits.
   */
  public static boolean fashionMnistInstalled() {
    return locate("fashion-mnist", defaultRoots(), d -> idxFile(d, "train-images") != null).isPresent();
  }

  private static String where(String name, List<Path> roots) {
    return String.join(" or ", roots.stream().map(r -> r.resolve(name).toString()).toList());
  }

  private static Path userRoot(List<Path> roots) {
    return roots.get(roots.size() - 1);
  }

  private static String missingIdx(String name, List<Path> roots) {
    String files = "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and "
        + "t10k-labels-idx1-ubyte.gz";
    String get = name.equals("fashion-mnist")
        ? "install it with 'sudo apt-get install dataset-fashion-mnist', or put " + files + " in "
        : "put the four MNIST files " + files + " in ";
    return name + " not found in " + where(name, roots) + ": " + get + userRoot(roots).resolve(name)
        + " (or pass " + (name.equals("mnist") ? "mnist" : "fashion-mnist") + ":DIR)";
  }

  private static String missingCifar(String name, List<Path> roots, boolean hundred) {
    return name + " not found in " + where(name, roots) + ": " + cifarFix(name, hundred).replace("DIR",
        userRoot(roots).resolve(name).toString());
  }

  private static String cifarFix(String name, boolean hundred) {
    return "unpack the " + (hundred ? "CIFAR-100" : "CIFAR-10") + " binary version ("
        + (hundred ? "cifar-100-binary.tar.gz: train.bin, test.bin" : "cifar-10-binary.tar.gz: data_batch_1..5.bin, "
        + "test_batch.bin") + ") into DIR and pass " + name + ":DIR";
  }

  private static List<String> digitNames() {
    List<String> names = new ArrayList<>();
    for (int d = 0; d < 10; d++) {
      names.add(Integer.toString(d));
    }
    return names;
  }

  /** The IDX file in {@code dir} whose name starts with {@code prefix} (gzipped or not), or null. */
  static Path idxFile(Path dir, String prefix) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.contains("idx");
          })
          .sorted().findFirst().orElse(null);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static Source readIdx(String task, Path dir, List<String> names) {
    String fix = dir.startsWith("/usr/share/datasets/fashion-mnist")
        ? "reinstall it with 'sudo apt-get install --reinstall dataset-fashion-mnist'"
        : "download or copy the file again";
    Path[] files = new Path[4];
    String[] prefixes = {"train-images", "train-labels", "t10k-images", "t10k-labels"};
    for (int i = 0; i < 4; i++) {
      files[i] = idxFile(dir, prefixes[i]);
      if (files[i] == null && i >= 2) {
        files[i] = idxFile(dir, prefixes[i].replace("t10k", "test"));
      }
      if (files[i] == null) {
        throw new InputException(dir + ": no " + prefixes[i] + "-idx" + (i % 2 == 0 ? "3" : "1")
            + "-ubyte[.gz] file: an IDX folder needs train-images, train-labels, t10k-images and t10k-labels files");
      }
    }
    // the test files inflate on a second thread while this one inflates the training files: gunzip dominates
    CompletableFuture<Idx.Images> teImgF = CompletableFuture.supplyAsync(() -> Idx.readImages(files[2], fix));
    CompletableFuture<int[]> teLabF = CompletableFuture.supplyAsync(() -> Idx.readLabels(files[3], fix));
    Idx.Images trImg = Idx.readImages(files[0], fix);
    int[] trLab = Idx.readLabels(files[1], fix);
    Idx.Images teImg = join(teImgF);
    int[] teLab = join(teLabF);
    if (trImg.count() != trLab.length) {
      throw new InputException(files[0] + " has " + trImg.count() + " images but " + files[1] + " has "
          + trLab.length + " labels: " + fix);
    }
    if (teImg.count() != teLab.length) {
      throw new InputException(files[2] + " has " + teImg.count() + " images but " + files[3] + " has "
          + teLab.length + " labels: " + fix);
    }
    if (teImg.height() != trImg.height() || teImg.width() != trImg.width() || teImg.channels() != trImg.channels()) {
      throw new InputException(files[2] + " holds " + teImg.height() + "x" + teImg.width() + " images but "
          + files[0] + " holds " + trImg.height() + "x" + trImg.width() + ": both must come from one dataset");
    }
    if (names == null) {
      int max = 0;
      for (int l : trLab) {
        max = Math.max(max, l);
      }
      for (int l : teLab) {
        max = Math.max(max, l);
      }
      List<String> n = new ArrayList<>();
      for (int c = 0; c <= max; c++) {
        n.add(Integer.toString(c));
      }
      names = n;
    }
    ImageSet train = new ImageSet(task + "-train", trImg.pixels(), trLab, trImg.height(), trImg.width(),
        trImg.channels(), names);
    ImageSet test = new ImageSet(task + "-test", teImg.pixels(), teLab, teImg.height(), teImg.width(),
        teImg.channels(), names);
    return new Source(task, train, test);
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private static String slug(Path dir) {
    Path f = dir.getFileName();
    String s = f == null ? "root" : f.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    return s.isEmpty() ? "data" : s;
  }

  // ---------------------------------------------------------------------------------------------------------
  // splits

  /**
   * A seeded, class-stratified split: from each class {@code round(count * fraction)} images, chosen at random,
   * are held out. Returns {kept, heldOut}, each in ascending index order.
   */
  static int[][] stratified(ImageSet set, double fraction, long seed) {
    int n = set.size();
    int[] perm = permutation(n, seed);
    int[] count = new int[set.classes()];
    for (int i = 0; i < n; i++) {
      count[set.label(i)]++;
    }
    int[] quota = new int[count.length];
    int held = 0;
    for (int c = 0; c < count.length; c++) {
      quota[c] = (int) Math.round(count[c] * fraction);
      held += quota[c];
    }
    int[] out = new int[held];
    int[] keep = new int[n - held];
    int o = 0;
    int k = 0;
    for (int i : perm) {
      int c = set.label(i);
      if (quota[c] > 0) {
        quota[c]--;
        out[o++] = i;
      } else {
        keep[k++] = i;
      }
    }
    Arrays.sort(out);
    Arrays.sort(keep);
    return new int[][] {keep, out};
  }

  /** A seeded random sample of {@code limit} of the indices (all if limit is 0 or larger), ascending. */
  static int[] sample(int[] indices, int limit, long seed) {
    if (limit <= 0 || limit >= indices.length) {
      return indices;
    }
    int[] perm = permutation(indices.length, seed);
    int[] out = new int[limit];
    for (int i = 0; i < limit; i++) {
      out[i] = indices[perm[i]];
    }
    Arrays.sort(out);
    return out;
  }

  private static int[] permutation(int n, long seed) {
    return Shuffle.permutation(n, new SplittableRandom(seed));
  }

  private static ImageSet rename(ImageSet set, String name) {
    if (set.name().equals(name)) {
      return set;
    }
    int[] labels = new int[set.size()];
    Arrays.setAll(labels, set::label);
    // shares the pixel array: ImageSet never writes it
    return new ImageSet(name, set.rawPixels(), labels, set.height(), set.width(), set.channels(), set.classNames());
  }
}
