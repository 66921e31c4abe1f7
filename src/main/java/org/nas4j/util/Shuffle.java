package org.nas4j.util;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Fisher-Yates shuffles. Seeded results are part of nas4j's reproducibility promise (data order, splits,
 * bench tables), so the order of random draws here must never change.
 */
public final class Shuffle {
  private Shuffle() {}

  /** 0, 1, ..., n-1 in random order. */
  public static int[] permutation(int n, RandomGenerator rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    shuffle(p, rng);
    return p;
  }

  /** Shuffles in place, drawing {@code nextInt(i + 1)} for i = n-1 down to 1. */
  public static void shuffle(int[] a, RandomGenerator rng) {
    backwards(a.length, rng, (i, j) -> {
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    });
  }

  /** {@link #shuffle(int[], RandomGenerator)} for doubles. */
  public static void shuffle(double[] a, RandomGenerator rng) {
    backwards(a.length, rng, (i, j) -> {
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    });
  }

  private interface Swap {
    void swap(int i, int j);
  }

  private static void backwards(int n, RandomGenerator rng, Swap swap) {
    for (int i = n - 1; i > 0; i--) {
      swap.swap(i, rng.nextInt(i + 1));
    }
  }

  /**
   * Moves a uniform random sample of {@code k} elements (at most all of them) to the front, in random order:
   * the first k steps of a forward Fisher-Yates, drawing {@code i + nextInt(n - i)}.
   */
  public static <T> void front(List<T> list, int k, RandomGenerator rng) {
    int n = list.size();
    for (int i = 0; i < Math.min(k, n); i++) {
      int j = i + rng.nextInt(n - i);
      T t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
