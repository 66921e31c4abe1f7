package org.nas4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nas4j.InputException;

class DataSplitTest {
  /** Identifies an image by its content and label, to compare sets made by different splits. */
  static Set<String> keys(ImageSet s) {
    Set<String> out = new HashSet<>();
    int b = s.imageBytes();
    byte[] px = s.rawPixels();
    for (int i = 0; i < s.size(); i++) {
      out.add(java.util.Arrays.toString(java.util.Arrays.copyOfRange(px, i * b, (i + 1) * b)) + s.label(i));
    }
    return out;
  }

  @Test
  void digitsLoads1797ImagesOf10Classes() {
    DataSplit d = DataSplit.load("digits", DataOptions.defaults());
    assertEquals("digits", d.task());
    assertEquals(1797, d.train().size() + d.valid().size() + d.test().size());
    assertEquals(10, d.classes());
    assertEquals(8, d.height());
    assertEquals(8, d.width());
    assertEquals(1, d.channels());
    assertEquals(Math.round(1797 * 0.2), d.test().size(), 5);
    int[] perClass = new int[10];
    for (int i = 0; i < d.train().size(); i++) {
      perClass[d.train().label(i)]++;
    }
    for (int c : perClass) {
      assertTrue(c > 100, "every digit is in the training set: " + java.util.Arrays.toString(perClass));
    }
    // the first row of digits.csv.gz is a 0 whose third pixel is 5/16
    ImageSet all = Digits.read();
    assertEquals(1797, all.size());
    assertEquals(0, all.label(0));
    assertEquals(Math.round(5 * 255f / 16f), all.pixel(0, 0, 2, 0));
    assertTrue(d.describe().startsWith("digits: "), d.describe());
  }

  @Test
  void splitIsSeededDisjointAndStable() {
    DataOptions o = DataOptions.defaults().withSeed(3);
    DataSplit a = DataSplit.load("digits", o);
    DataSplit b = DataSplit.load("digits", o);
    assertEquals(keys(a.valid()), keys(b.valid()));
    assertEquals(a.fingerprint(), b.fingerprint());
    Set<String> tr = keys(a.train());
    Set<String> va = keys(a.valid());
    Set<String> te = keys(a.test());
    for (String k : va) {
      assertFalse(tr.contains(k) && te.contains(k));
    }
    assertEquals(a.train().size() + a.valid().size() + a.test().size(), 1797);
    // digits has a few duplicate images, so compare counts of overlaps loosely but the splits are disjoint by index
    int overlap = 0;
    for (String k : va) {
      overlap += tr.contains(k) ? 1 : 0;
    }
    assertTrue(overlap < 5, "valid and train are disjoint (up to duplicate images): " + overlap);
    // another seed: another validation set, the same test set
    DataSplit c = DataSplit.load("digits", o.withSeed(4));
    assertNotEquals(keys(a.valid()), keys(c.valid()));
    assertEquals(keys(a.test()), keys(c.test()));
    assertNotEquals(a.fingerprint(), c.fingerprint());
    // a training limit samples the training set and leaves the validation set alone
    DataSplit d = DataSplit.load("digits", o.withTrainLimit(200).withValidLimit(50).withTestLimit(60));
    assertEquals(200, d.train().size());
    assertEquals(50, d.valid().size());
    assertEquals(60, d.test().size());
    assertTrue(tr.containsAll(keys(d.train())));
    assertTrue(va.containsAll(keys(d.valid())));
    assertTrue(te.containsAll(keys(d.test())));
  }

  @Test
  void stratifiedIndicesAreAPartition() {
    ImageSet all = Digits.read();
    int[][] p = DataSplit.stratified(all, 0.1, 42);
    assertEquals(all.size(), p[0].length + p[1].length);
    Set<Integer> seen = new HashSet<>();
    for (int[] part : p) {
      for (int i : part) {
        assertTrue(seen.add(i), "index " + i + " in both parts");
      }
    }
    assertArrayEquals(p[1], DataSplit.stratified(all, 0.1, 42)[1]);
  }

  @Test
  void normalizationIsMeasuredOnTrainOnly() {
    DataSplit d = DataSplit.load("digits", DataOptions.defaults().withTrainLimit(100));
    Normalization fromTrain = Normalization.of(d.train());
    assertArrayEquals(fromTrain.mean(), d.normalization().mean());
    assertArrayEquals(fromTrain.std(), d.normalization().std());
    assertNotEquals(Normalization.of(d.test()).mean()[0], d.normalization().mean()[0]);
    // the hand-computed mean of the training pixels
    double sum = 0;
    ImageSet t = d.train();
    for (int i = 0; i < t.size(); i++) {
      for (int y = 0; y < 8; y++) {
        for (int x = 0; x < 8; x++) {
          sum += t.pixel(i, y, x, 0) / 255.0;
        }
      }
    }
    assertEquals(sum / (t.size() * 64), d.normalization().mean()[0], 1e-6);
    // the eval loader normalises with the training statistics: the batch mean of train is ~0
    double m = 0;
    int n = 0;
    for (Batch b : d.evalLoader(d.train(), 64).inOrder()) {
      for (float v : b.pixels()) {
        m += v;
        n++;
      }
    }
    assertEquals(0, m / n, 1e-4);
  }

  @Test
  void loadersGiveEveryImageOnceAndAreSeeded() {
    DataSplit d = DataSplit.load("digits", DataOptions.defaults().withTrainLimit(300));
    Loader l = d.trainLoader(64);
    assertEquals(5, l.batches());
    int count = 0;
    int[] labels = new int[10];
    for (Batch b : l.epoch(1, 0)) {
      count += b.size();
      for (int x : b.labels()) {
        labels[x]++;
      }
    }
    assertEquals(300, count);
    int[] expected = new int[10];
    for (int i = 0; i < 300; i++) {
      expected[d.train().label(i)]++;
    }
    assertArrayEquals(expected, labels);
    Batch first = l.epoch(1, 0).iterator().next();
    assertArrayEquals(first.labels(), l.epoch(1, 0).iterator().next().labels());
    assertFalse(java.util.Arrays.equals(first.labels(), l.epoch(1, 1).iterator().next().labels()));
  }

  @Test
  void unknownSpecListsTheValidOnes() {
    InputException e = assertThrows(InputException.class, () -> DataSplit.load("imagenet", DataOptions.defaults()));
    assertTrue(e.getMessage().contains("unknown dataset 'imagenet'"), e.getMessage());
    for (String s : List.of("digits", "fashion-mnist", "mnist", "cifar10", "cifar100", "idx:DIR", "folder:DIR")) {
      assertTrue(e.getMessage().contains(s), e.getMessage());
    }
    assertThrows(InputException.class, () -> DataSplit.load("idx", DataOptions.defaults()));
    assertThrows(InputException.class, () -> DataSplit.load("", DataOptions.defaults()));
    assertThrows(InputException.class, () -> DataOptions.defaults().withValidFraction(1.0));
    assertThrows(InputException.class, () -> DataOptions.defaults().withTrainLimit(-1));
  }

  @Test
  void missingDatasetsSayHowToGetThem(@TempDir Path root) {
    InputException e = assertThrows(InputException.class,
        () -> DataSplit.load("fashion-mnist", DataOptions.defaults(), List.of(root.resolve("a"), root.resolve("b"))));
    assertTrue(e.getMessage().contains("sudo apt-get install dataset-fashion-mnist"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("b").resolve("fashion-mnist").toString()), e.getMessage());
    e = assertThrows(InputException.class, () -> DataSplit.load("mnist", DataOptions.defaults(), List.of(root)));
    assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
    assertTrue(e.getMessage().contains(root.resolve("mnist").toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"));
  }

  @Test
  void inMemoryImagesSplitLikeFiles() {
    ImageSet all = Digits.read();
    DataSplit a = DataSplit.of("digits", all, null, DataOptions.defaults().withSeed(5));
    DataSplit b = DataSplit.load("digits", DataOptions.defaults().withSeed(5));
    assertEquals(keys(b.valid()), keys(a.valid()));
    assertEquals(keys(b.test()), keys(a.test()));
    assertNotEquals(a.fingerprint(), b.fingerprint(), "the spec is part of the fingerprint");
    DataSplit c = DataSplit.of("digits", b.train(), b.test(), DataOptions.defaults().withValidFraction(0));
    assertEquals(b.train().size(), c.train().size());
    assertEquals(b.test().size(), c.test().size());
    ImageSet other = new ImageSet("x", new byte[4], new int[] {0}, 2, 2, 1, List.of("a", "b"));
    assertThrows(InputException.class, () -> DataSplit.of("bad", all, other, DataOptions.defaults()));
  }
}
