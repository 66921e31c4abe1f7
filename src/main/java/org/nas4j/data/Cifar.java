package org.nas4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.nas4j.InputException;

/**
 * Reads the CIFAR binary batches. CIFAR-10: {@code data_batch_1..5.bin} and {@code test_batch.bin}, records of
 * 1 label byte + 3072 pixel bytes. CIFAR-100: {@code train.bin} and {@code test.bin}, records of a coarse and a
 * fine label byte + 3072 pixel bytes (the fine label, 100 classes, is used). Pixels are stored channel-planar
 * (1024 red, 1024 green, 1024 blue, rows of 32) and are turned into NHWC here.
 */
final class Cifar {
  private Cifar() {}

  static final int SIDE = 32;
  static final int IMAGE = SIDE * SIDE * 3;

  /** The folder that holds the batches: {@code dir} itself or the folder the official archive unpacks to. */
  static Path batchFolder(Path dir, boolean hundred) {
    Path inner = dir.resolve(hundred ? "cifar-100-binary" : "cifar-10-batches-bin");
    return Files.isDirectory(inner) ? inner : dir;
  }

  static boolean present(Path dir, boolean hundred) {
    Path d = batchFolder(dir, hundred);
    return hundred ? Files.isRegularFile(d.resolve("train.bin"))
        : Files.isRegularFile(d.resolve("data_batch_1.bin"));
  }

  /** Returns {train, test}. */
  static ImageSet[] read(Path dir, boolean hundred, String fix) {
    Path d = batchFolder(dir, hundred);
    int classes = hundred ? 100 : 10;
    List<String> names = classNames(d, hundred, classes);
    List<Path> trainFiles = new ArrayList<>();
    if (hundred) {
      trainFiles.add(d.resolve("train.bin"));
    } else {
      for (int i = 1; i <= 5; i++) {
        Path p = d.resolve("data_batch_" + i + ".bin");
        if (Files.isRegularFile(p)) {
          trainFiles.add(p);
        }
      }
    }
    Path testFile = d.resolve(hundred ? "test.bin" : "test_batch.bin");
    for (Path p : trainFiles) {
      require(p, fix);
    }
    require(testFile, fix);
    String task = hundred ? "cifar100" : "cifar10";
    return new ImageSet[] {
      read(task + "-train", trainFiles, hundred, classes, names, fix),
      read(task + "-test", List.of(testFile), hundred, classes, names, fix)
    };
  }

  private static void require(Path p, String fix) {
    if (!Files.isRegularFile(p)) {
      throw new InputException(p + ": missing CIFAR batch file: " + fix);
    }
  }

  static ImageSet read(String name, List<Path> files, boolean hundred, int classes, List<String> names,
      String fix) {
    int record = (hundred ? 2 : 1) + IMAGE;
    long total = 0;
    try {
      for (Path p : files) {
        long size = Files.size(p);
        if (size == 0 || size % record != 0) {
          throw new InputException(p + ": " + size + " bytes is not a whole number of " + record
              + "-byte CIFAR" + (hundred ? "-100" : "-10") + " records (truncated or the wrong dataset): " + fix);
        }
        total += size / record;
      }
      if (total * IMAGE > Integer.MAX_VALUE - 16) {
        throw new InputException(name + ": too many images (" + total + ") for one set");
      }
      int n = (int) total;
      byte[] pixels = new byte[n * IMAGE];
      int[] labels = new int[n];
      byte[] rec = new byte[record];
      int k = 0;
      for (Path p : files) {
        try (InputStream in = Files.newInputStream(p)) {
          long count = Files.size(p) / record;
          // read a chunk of records at a time: per-record reads through a stream are slow
          byte[] chunk = new byte[record * 1000];
          long left = count;
          while (left > 0) {
            int m = (int) Math.min(1000, left);
            int got = in.readNBytes(chunk, 0, m * record);
            if (got < m * record) {
              throw new InputException(p + ": file shrank while reading: " + fix);
            }
            for (int r = 0; r < m; r++) {
              System.arraycopy(chunk, r * record, rec, 0, record);
              int label = rec[hundred ? 1 : 0] & 0xFF;
              if (label >= classes) {
                throw new InputException(p + ": record " + (count - left + r) + " has label "
                    + label + ", expected 0.." + (classes - 1) + " (wrong dataset?): " + fix);
              }
              labels[k] = label;
              int off = hundred ? 2 : 1;
              int base = k * IMAGE;
              for (int i = 0; i < SIDE * SIDE; i++) {
                pixels[base + 3 * i] = rec[off + i];
                pixels[base + 3 * i + 1] = rec[off + 1024 + i];
                pixels[base + 3 * i + 2] = rec[off + 2048 + i];
              }
              k++;
            }
            left -= m;
          }
        }
      }
      return new ImageSet(name, pixels, labels, SIDE, SIDE, 3, names);
    } catch (IOException e) {
      throw new InputException(name + ": cannot read CIFAR batches (" + e + "): " + fix, e);
    }
  }

  private static List<String> classNames(Path d, boolean hundred, int classes) {
    Path meta = d.resolve(hundred ? "fine_label_names.txt" : "batches.meta.txt");
    List<String> names = new ArrayList<>();
    if (Files.isRegularFile(meta)) {
      try (Stream<String> lines = Files.lines(meta, StandardCharsets.UTF_8)) {
        lines.map(String::trim).filter(s -> !s.isEmpty()).forEach(names::add);
      } catch (IOException | java.io.UncheckedIOException e) {
        names.clear();
      }
    }
    if (names.size() != classes) {
      names.clear();
      for (int i = 0; i < classes; i++) {
        names.add(Integer.toString(i));
      }
    }
    return names;
  }
}
