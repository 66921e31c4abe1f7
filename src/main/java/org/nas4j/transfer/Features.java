package org.nas4j.transfer;

import java.util.Arrays;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Architecture features for any {@link SearchSpace}: a one-hot per position over that position's options, and
 * (when the space is small enough) a one-hot per pair of positions over pairs of options. Every architecture
 * activates the same number of binary features, so a feature vector is stored as its active indices.
 *
 * <p>Pairs matter because in cell spaces the effect of an op depends on the other edges (a {@code none} on
 * the only path to the output kills the cell); a purely additive model cannot say that.
 */
public final class Features {
  /** Above this many pair features only the per-position one-hots are used (keeps the ridge solve fast). */
  static final int MAX_DIM = 2500;

  private final SearchSpace space;
  private final int[] singleOffset;
  private final int[][] pairOffset;
  private final int dim;
  private final boolean pairs;

  private Features(SearchSpace space, boolean wantPairs) {
    this.space = space;
    int p = space.positions();
    singleOffset = new int[p];
    int d = 0;
    for (int i = 0; i < p; i++) {
      singleOffset[i] = d;
      d += space.optionCount(i);
    }
    int singles = d;
    pairOffset = new int[p][p];
    for (int i = 0; i < p; i++) {
      for (int j = i + 1; j < p; j++) {
        pairOffset[i][j] = d;
        d += space.optionCount(i) * space.optionCount(j);
      }
    }
    this.pairs = wantPairs && d <= MAX_DIM;
    this.dim = pairs ? d : singles;
  }

  /** Position one-hots plus pair one-hots when they fit in {@value #MAX_DIM} features, else one-hots only. */
  public static Features of(SearchSpace space) {
    return new Features(space, true);
  }

  /** Position one-hots only (an additive model). */
  public static Features additive(SearchSpace space) {
    return new Features(space, false);
  }

  public SearchSpace space() {
    return space;
  }

  /** Number of features. */
  public int dim() {
    return dim;
  }

  /** Whether pair features are included. */
  public boolean hasPairs() {
    return pairs;
  }

  /** Number of active (= 1) features of every architecture. */
  public int active() {
    int p = space.positions();
    return pairs ? p + p * (p - 1) / 2 : p;
  }

  /** The indices of the features that are 1 for this architecture, ascending. */
  public int[] indices(Architecture a) {
    int[] g = a.genes();
    int p = g.length;
    int[] out = new int[active()];
    int k = 0;
    for (int i = 0; i < p; i++) {
      out[k++] = singleOffset[i] + g[i];
    }
    if (pairs) {
      for (int i = 0; i < p; i++) {
        for (int j = i + 1; j < p; j++) {
          out[k++] = pairOffset[i][j] + g[i] * space.optionCount(j) + g[j];
        }
      }
    }
    Arrays.sort(out);
    return out;
  }
}
