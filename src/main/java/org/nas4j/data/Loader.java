package org.nas4j.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nas4j.util.Shuffle;

/**
 * Cuts an {@link ImageSet} into normalised batches. The order of an epoch and its augmentation are fixed by
 * {@code (seed, epoch)}, so the same seed gives the same data order on every run.
 */
public final class Loader {
  private final ImageSet set;
  private final Normalization norm;
  private final int batchSize;
  private final Augmentation augmentation;

  public Loader(ImageSet set, Normalization norm, int batchSize, Augmentation augmentation) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (norm.channels() != set.channels()) {
      throw new IllegalArgumentException("normalisation has " + norm.channels() + " channels, images have " + set.channels());
    }
    this.set = set;
    this.norm = norm;
    this.batchSize = batchSize;
    this.augmentation = augmentation;
  }

  public ImageSet set() {
    return set;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Number of batches in one epoch. */
  public int batches() {
    return (set.size() + batchSize - 1) / batchSize;
  }

  /** A shuffled, augmented epoch (for training). */
  public Iterable<Batch> epoch(long seed, int epoch) {
    return () -> new Batches(seed, epoch, true);
  }

  /** All images in order, never augmented (for validation and test). */
  public Iterable<Batch> inOrder() {
    return () -> new Batches(0, 0, false);
  }

  private final class Batches implements Iterator<Batch> {
    private final int[] order;
    private final SplittableRandom rng;
    private final boolean train;
    private int next;

    Batches(long seed, int epoch, boolean train) {
      this.train = train;
      this.order = new int[set.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      this.rng = new SplittableRandom(org.nas4j.evaluate.Seeds.derive(seed, epoch));
      if (train) {
        Shuffle.shuffle(order, rng);
      }
    }

    @Override
    public boolean hasNext() {
      return next < order.length;
    }

    @Override
    public Batch next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int n = Math.min(batchSize, order.length - next);
      int h = set.height();
      int w = set.width();
      int c = set.channels();
      float[] out = new float[n * h * w * c];
      int[] labels = new int[n];
      float[] scale = new float[c];
      float[] shift = new float[c];
      for (int k = 0; k < c; k++) {
        scale[k] = 1f / (255f * norm.std()[k]);
        shift[k] = -norm.mean()[k] / norm.std()[k];
      }
      byte[] px = set.rawPixels();
      boolean aug = train && !augmentation.isNone();
      int pad = augmentation.cropPadding();
      for (int b = 0; b < n; b++) {
        int img = order[next + b];
        labels[b] = set.label(img);
        int base = img * h * w * c;
        int outBase = b * h * w * c;
        int dy = 0;
        int dx = 0;
        boolean flip = false;
        if (aug) {
          dy = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
          dx = pad == 0 ? 0 : rng.nextInt(2 * pad + 1) - pad;
          flip = augmentation.horizontalFlip() && rng.nextBoolean();
        }
        for (int y = 0; y < h; y++) {
          int sy = y + dy;
          for (int x = 0; x < w; x++) {
            int sx = flip ? w - 1 - (x + dx) : x + dx;
            int o = outBase + (y * w + x) * c;
            if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
              for (int k = 0; k < c; k++) {
                out[o + k] = shift[k]; // zero padding in pixel space, normalised
              }
            } else {
              int s = base + (sy * w + sx) * c;
              for (int k = 0; k < c; k++) {
                out[o + k] = (px[s + k] & 0xFF) * scale[k] + shift[k];
              }
            }
          }
        }
        if (aug && augmentation.cutout() > 0) {
          // drawn after crop and flip, so runs without cutout keep their random sequence
          int cy = rng.nextInt(h);
          int cx = rng.nextInt(w);
          int half = augmentation.cutout() / 2;
          for (int y = Math.max(0, cy - half); y < Math.min(h, cy + half); y++) {
            for (int x = Math.max(0, cx - half); x < Math.min(w, cx + half); x++) {
              java.util.Arrays.fill(out, outBase + (y * w + x) * c, outBase + (y * w + x) * c + c, 0f);
            }
          }
        }
      }
      next += n;
      return new Batch(out, labels, n, h, w, c);
    }
  }
}
