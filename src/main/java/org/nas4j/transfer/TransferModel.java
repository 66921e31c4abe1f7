package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.InputException;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.util.Shuffle;

/**
 * A transfer network {@code u(x)} of XferNAS (Wistuba 2019): a predictor of how good an architecture is,
 * learned from source-task evaluations and then frozen. The target predictor ({@link TransferPredictor}) keeps
 * one per source task and weights them by how well each ranks the target's own evaluations; a model fitted on
 * several sources at once ({@code POOLED} in the data-volume study) is the older design, kept for comparison.
 *
 * <p>Each source's values are first replaced by their normal scores (per-task rank normalisation), so tasks
 * with different metric ranges and outliers weigh alike. The model is ridge regression on {@link Features}
 * (one-hots of positions and of position pairs), solved in closed form: fitting one NAS-Bench-201 task's
 * 15,625 architectures takes a fraction of a second in plain Java.
 *
 * <p>The ridge penalty is chosen on a held-out fifth of every source's data; the held-out Pearson correlation
 * of the chosen model is kept as {@link #sourceFit()}: a transfer network that cannot even predict unseen
 * architectures of its own sources (e.g. a source with shuffled values) gets a fit near 0 and is not offered
 * to the target at all. Predictions are standardised over the source architectures (mean 0, standard
 * deviation 1). For spaces of up to {@value #TABLE} architectures every prediction is computed once, on first
 * use, and looked up afterwards (optimizers score the whole space many times).
 */
public final class TransferModel {
  static final double[] LAMBDAS = {1, 10, 100};
  /** Spaces up to this size get a table of all predictions. */
  static final int TABLE = 50_000;

  private final Features features;
  private final String name;
  private final double[] weights;
  private final double offset;
  private final double scale;
  private final double lambda;
  private final double sourceFit;
  private final int sourceCount;
  private final int observations;
  private volatile double[] table;

  private TransferModel(Features features, String name, double[] weights, double offset, double scale,
      double lambda, double sourceFit, int sourceCount, int observations) {
    this.features = features;
    this.name = name;
    this.weights = weights;
    this.offset = offset;
    this.scale = scale;
    this.lambda = lambda;
    this.sourceFit = sourceFit;
    this.sourceCount = sourceCount;
    this.observations = observations;
  }

  /**
   * Learns {@code u} from source observations of the given space: one regression on all of them (one source
   * for a per-source model).
   *
   * @param space the search space shared by sources and target
   * @param sources at least one source with at least 2 finite values; NaN values (failed evaluations) are
   *     dropped
   * @param seed fixes the held-out split
   * @throws InputException if an architecture is from another space or no source has usable data
   */
  public static TransferModel fit(SearchSpace space, List<SourceObservations> sources, long seed) {
    Features f = Features.of(space);
    List<int[][]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    int total = 0;
    for (SourceObservations s : sources) {
      List<int[]> rows = new ArrayList<>();
      List<Double> vals = new ArrayList<>();
      for (int i = 0; i < s.size(); i++) {
        Architecture a = s.architectures().get(i);
        if (!a.space().name().equals(space.name()) || a.space().positions() != space.positions()) {
          throw new InputException("source " + s.task() + " has an architecture of space " + a.space().name()
              + ", the target space is " + space.name() + ": transfer needs sources from the same space");
        }
        if (Double.isFinite(s.values()[i])) {
          rows.add(f.indices(a));
          vals.add(s.values()[i]);
        }
      }
      if (rows.size() < 2) {
        continue; // a source with fewer than two values says nothing about ranking
      }
      xs.add(rows.toArray(int[][]::new));
      ys.add(Ranks.normalScores(vals.stream().mapToDouble(Double::doubleValue).toArray()));
      total += rows.size();
    }
    if (xs.isEmpty()) {
      throw new InputException("no source task has two or more finite evaluations: give sources with data"
          + " or search without transfer");
    }
    int tasks = xs.size();
    // Held-out fifth of every source (at least one point when a source has >= 5).
    SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, 0x7AB1E));
    List<int[][]> trainX = new ArrayList<>();
    List<double[]> trainY = new ArrayList<>();
    List<int[]> holdX = new ArrayList<>();
    List<Double> holdY = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int n = xs.get(t).length;
      boolean[] hold = new boolean[n];
      int holdCount = n >= 5 ? Math.max(1, n / 5) : 0;
      int[] perm = Shuffle.permutation(n, rng);
      for (int i = 0; i < holdCount; i++) {
        hold[perm[i]] = true;
      }
      List<int[]> tx = new ArrayList<>();
      List<Double> ty = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (hold[i]) {
          holdX.add(xs.get(t)[i]);
          holdY.add(ys.get(t)[i]);
        } else {
          tx.add(xs.get(t)[i]);
          ty.add(ys.get(t)[i]);
        }
      }
      trainX.add(tx.toArray(int[][]::new));
      trainY.add(ty.stream().mapToDouble(Double::doubleValue).toArray());
    }
    double bestLambda = LAMBDAS[LAMBDAS.length / 2];
    double bestFit = Double.NaN; // too few held-out points to measure it
    if (holdX.size() >= 3) {
      double[] truth = holdY.stream().mapToDouble(Double::doubleValue).toArray();
      bestFit = Double.NEGATIVE_INFINITY;
      List<Gram> trainGram = grams(f.dim(), trainX, trainY);
      for (double lambda : LAMBDAS) {
        double[] w = solve(trainGram, lambda);
        double[] pred = new double[holdX.size()];
        for (int i = 0; i < pred.length; i++) {
          pred[i] = dot(w, holdX.get(i));
        }
        double r = Ranks.pearson(pred, truth);
        if (r > bestFit) {
          bestFit = r;
          bestLambda = lambda;
        }
      }
    }
    double[] w = solve(grams(f.dim(), xs, ys), bestLambda);
    // Standardise u over the source architectures, so a weight of 1 on u means "as informative as a
    // normal score".
    double sum = 0;
    double sumSq = 0;
    for (int[][] x : xs) {
      for (int[] row : x) {
        double p = dot(w, row);
        sum += p;
        sumSq += p * p;
      }
    }
    double mean = sum / total;
    double sd = Math.sqrt(Math.max(sumSq / total - mean * mean, 0));
    String name = String.join("+", sources.stream().map(SourceObservations::task).toList());
    return new TransferModel(f, name, w, mean, sd > 1e-12 ? sd : 1, bestLambda, Double.isNaN(bestFit) ? bestFit : Math.max(0, bestFit), tasks,
        total);
  }

  /** {@code u(x)}, standardised over the source architectures. */
  public double predict(Architecture a) {
    SearchSpace space = features.space();
    if (space.size() > TABLE) {
      return compute(a);
    }
    double[] t = table;
    if (t == null) {
      t = new double[(int) space.size()];
      for (int i = 0; i < t.length; i++) {
        t[i] = compute(space.fromIndex(i));
      }
      table = t; // a race computes the same table twice, harmlessly
    }
    return t[(int) space.indexOf(a)];
  }

  private double compute(Architecture a) {
    return (dot(weights, features.indices(a)) - offset) / scale;
  }

  /** The source task(s) it was learned from, joined by {@code +}. */
  public String name() {
    return name;
  }

  /**
   * The held-out Pearson correlation between {@code u} and the sources' normalised values, clipped to
   * {@code [0, 1]}: whether {@code u} learned anything at all. NaN when the sources were too small to hold
   * out three evaluations (fewer than 15): such a source is judged by the target's evaluations alone.
   */
  public double sourceFit() {
    return sourceFit;
  }

  public Features features() {
    return features;
  }

  /** Number of sources with data. */
  public int sourceCount() {
    return sourceCount;
  }

  /** Number of source evaluations learned from. */
  public int observations() {
    return observations;
  }

  /** The ridge penalty chosen on held-out source data. */
  public double lambda() {
    return lambda;
  }

  @Override
  public String toString() {
    return String.format("TransferModel[%s, %d evaluations, %d features, lambda=%g, sourceFit=%.3f]",
        name, observations, features.dim(), lambda, sourceFit);
  }

  static double dot(double[] w, int[] active) {
    double s = 0;
    for (int j : active) {
      s += w[j];
    }
    return s;
  }

  /**
   * Ridge weights {@code (G + lambda I) w = c} over all tasks. The intercept lives in the features: every
   * architecture has exactly one active one-hot per position.
   */
  static double[] solve(List<Gram> grams, double lambda) {
    int dim = grams.get(0).c.length;
    double[][] g = new double[dim][dim];
    double[] c = new double[dim];
    for (Gram t : grams) {
      for (int i = 0; i < dim; i++) {
        c[i] += t.c[i];
        for (int j = 0; j < dim; j++) {
          g[i][j] += t.g[i][j];
        }
      }
    }
    for (int j = 0; j < dim; j++) {
      g[j][j] += lambda;
    }
    return Linalg.solve(Linalg.cholesky(g), c);
  }

  /** One task's {@code X'X} and {@code X'y}, computed once and reused for every penalty. */
  record Gram(double[][] g, double[] c) {}

  static List<Gram> grams(int dim, List<int[][]> xs, List<double[]> ys) {
    List<Gram> out = new ArrayList<>();
    for (int t = 0; t < xs.size(); t++) {
      double[][] g = new double[dim][dim];
      double[] c = new double[dim];
      accumulate(xs.get(t), ys.get(t), g, c);
      out.add(new Gram(g, c));
    }
    return out;
  }

  private static void accumulate(int[][] x, double[] y, double[][] g, double[] c) {
    for (int i = 0; i < x.length; i++) {
      int[] row = x[i];
      for (int a : row) {
        c[a] += y[i];
        double[] ga = g[a];
        for (int b : row) {
          ga[b] += 1;
        }
      }
    }
  }
}
