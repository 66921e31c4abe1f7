package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.Predictor;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * The XferNAS target predictor {@code y_t(x) = a * u(x) + r_t(x)}: a frozen {@link TransferModel} {@code u}
 * plus a residual {@code r_t} learned from the target's own evaluations, with {@code u}'s weight {@code a}
 * fitted on those evaluations so that the target data can overrule unrelated sources.
 *
 * <p>The target values are replaced by their normal scores (only the order of evaluations matters). The
 * residual is kernel ridge regression with a kernel that counts agreeing positions and pairs of positions
 * (the inner product of {@link Features}, computed without building them). Three candidate models, each with
 * a penalty from a small grid, are compared by exact leave-one-out error (closed form for this linear
 * smoother) and the best one is used:
 * <ul>
 *   <li><b>target only</b>: {@code c + r_t(x)} ({@code a = 0}, the base optimizer's model);</li>
 *   <li><b>prior</b>: {@code c + w0 u(x) + r_t(x)}, {@code w0 =} {@link TransferModel#sourceFit()} fixed;</li>
 *   <li><b>fitted</b>: {@code c + a u(x) + r_t(x)}, {@code a} fitted jointly with {@code r_t} (generalised
 *       least squares, unpenalised).</li>
 * </ul>
 * The choice is re-made after every evaluation up to {@value #RESELECT_ALWAYS}, then after every
 * {@value #RESELECT_EVERY}th (in between, the chosen model is refitted), which keeps long searches cheap.
 * A transfer network with {@link TransferModel#sourceFit()} below {@value #MIN_SOURCE_FIT} is ignored (the
 * predictor is then the target-only one). With fewer than {@value #MIN_FOR_SELECTION} evaluations the prior model is used;
 * without {@code u} the predictions are then all equal (nothing to go on yet); with no evaluations, the
 * prediction is {@code w0 u(x)}.
 */
public final class TransferPredictor implements Predictor {
  static final int MIN_FOR_SELECTION = 5;
  /**
   * A transfer network whose held-out fit on its own sources is below this is not offered to the target at
   * all: it cannot even predict the data it came from (e.g. a source with shuffled values).
   */
  static final double MIN_SOURCE_FIT = 0.1;
  static final double[] LAMBDAS = {0.03, 0.1, 0.3, 1, 3};
  static final double DEFAULT_LAMBDA = 0.3;
  /** Up to this many evaluations the model is re-selected on every one; after that on every 5th. */
  static final int RESELECT_ALWAYS = 30;
  static final int RESELECT_EVERY = 5;
  /** Weight of pair agreement relative to position agreement in the residual's kernel. */
  static final double PAIR_WEIGHT = 1;

  /** Which candidate model the target data chose. */
  public enum Choice { NONE, TARGET_ONLY, PRIOR, FITTED }

  private final SearchSpace space;
  private final TransferModel transfer;
  private final boolean ignored;
  private final List<int[]> genes = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();
  private final List<Double> uValues = new ArrayList<>();
  private final Map<Architecture, Double> uCache = new HashMap<>();
  private boolean dirty = true;
  // the fitted model
  private Choice choice = Choice.NONE;
  private double intercept;
  private double weight;
  private double lambda;
  private double[] alpha = new double[0];

  private TransferPredictor(SearchSpace space, TransferModel transfer) {
    this.space = space;
    this.transfer = transfer != null && transfer.sourceFit() >= MIN_SOURCE_FIT ? transfer : null;
    this.ignored = transfer != null && this.transfer == null;
    this.weight = this.transfer == null ? 0 : transfer.sourceFit();
  }

  /** The source-combination mode optimizers use ({@code rea-xfer}, ...): see docs/transfer.md for why. */
  public static final TransferModel.Mode DEFAULT_MODE = TransferModel.Mode.POOLED;
  private static final int CACHE = 4;
  private static final Map<List<Object>, TransferModel> MODELS = new LinkedHashMap<>();

  /**
   * The predictor for an optimizer: on top of a transfer network learned from the context's sources
   * ({@link #DEFAULT_MODE}), or target-only when there are none. The transfer network depends only on the
   * sources (its held-out split has a fixed seed), so it is fitted once and shared by runs with the same
   * source objects (a small cache keyed by identity: many seeds of one experiment fit it once).
   */
  public static TransferPredictor forContext(OptimizerContext ctx) {
    if (ctx.sources().isEmpty()) {
      return targetOnly(ctx.space());
    }
    List<Object> key = new ArrayList<>();
    key.add(ctx.space());
    for (SourceObservations s : ctx.sources()) {
      key.add(new Identity(s));
    }
    TransferModel u;
    synchronized (MODELS) {
      u = MODELS.get(key);
    }
    if (u == null) {
      u = TransferModel.fit(ctx.space(), ctx.sources(), DEFAULT_MODE, 0);
      synchronized (MODELS) {
        MODELS.put(key, u);
        while (MODELS.size() > CACHE) {
          MODELS.remove(MODELS.keySet().iterator().next());
        }
      }
    }
    return withTransfer(u);
  }

  private record Identity(Object o) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Identity i && i.o == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(o);
    }
  }

  /** A predictor learned from target evaluations only (no transfer). */
  public static TransferPredictor targetOnly(SearchSpace space) {
    return new TransferPredictor(space, null);
  }

  /** A predictor on top of a frozen transfer network. */
  public static TransferPredictor withTransfer(TransferModel transfer) {
    return new TransferPredictor(transfer.features().space(), transfer);
  }

  /** The transfer network in use, or null (none given, or ignored for a source fit below 0.1). */
  public TransferModel transfer() {
    return transfer;
  }

  /** Whether a transfer network was given but ignored because it cannot predict its own held-out sources. */
  public boolean transferIgnored() {
    return ignored;
  }

  @Override
  public void observe(Architecture architecture, double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    genes.add(architecture.genes());
    values.add(value);
    uValues.add(u(architecture));
    dirty = true;
  }

  /** Number of target evaluations observed. */
  public int observations() {
    return values.size();
  }

  @Override
  public double predict(Architecture architecture) {
    fit();
    double p = intercept + weight * u(architecture);
    if (alpha.length > 0) {
      int[] g = architecture.genes();
      for (int i = 0; i < alpha.length; i++) {
        p += alpha[i] * kernel(g, genes.get(i));
      }
    }
    return p;
  }

  /** The weight {@code a} of {@code u} in the current model (0 when the target data chose to ignore it). */
  public double transferWeight() {
    fit();
    return weight;
  }

  /** Which candidate model the target data chose. */
  public Choice choice() {
    fit();
    return choice;
  }

  @Override
  public String toString() {
    fit();
    return String.format("TransferPredictor[%d target evaluations, %s, a=%.3f, lambda=%g, %s]", values.size(),
        choice, weight, lambda, transfer == null ? (ignored ? "transfer ignored: source fit < " + MIN_SOURCE_FIT : "no transfer")
            : transfer.toString());
  }

  private double u(Architecture a) {
    if (transfer == null) {
      return 0;
    }
    return uCache.computeIfAbsent(a, transfer::predict);
  }

  /** Kernel = inner product of position and pair one-hots: m + PAIR_WEIGHT * m(m-1)/2, m = agreeing positions, scaled. */
  private double kernel(int[] a, int[] b) {
    int m = 0;
    for (int p = 0; p < a.length; p++) {
      if (a[p] == b[p]) {
        m++;
      }
    }
    int positions = a.length;
    double pairs = positions > 1 ? (double) m * (m - 1) / (positions * (positions - 1)) : 0;
    return (double) m / positions + PAIR_WEIGHT * pairs;
  }

  private void fit() {
    if (!dirty) {
      return;
    }
    dirty = false;
    int n = values.size();
    if (n == 0) {
      choice = Choice.NONE;
      intercept = 0;
      weight = transfer == null ? 0 : transfer.sourceFit();
      alpha = new double[0];
      return;
    }
    double[] z = n == 1 ? new double[] {0} : Ranks.normalScores(values.stream().mapToDouble(Double::doubleValue).toArray());
    double[] u = uValues.stream().mapToDouble(Double::doubleValue).toArray();
    double[][] k = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        k[i][j] = k[j][i] = kernel(genes.get(i), genes.get(j));
      }
    }
    double w0 = transfer == null ? 0 : transfer.sourceFit();
    if (n < MIN_FOR_SELECTION && transfer == null) {
      // no sources and too few evaluations to choose a model: know nothing and say so (all predictions tie,
      // so an optimizer explores at random instead of crowding around the first good architecture)
      choice = Choice.NONE;
      intercept = 0;
      weight = 0;
      alpha = new double[0];
      return;
    }
    if (n < MIN_FOR_SELECTION) {
      Fit f = Fit.of(k, z, u, Choice.PRIOR, w0, DEFAULT_LAMBDA);
      apply(f);
      return;
    }
    if (n > RESELECT_ALWAYS && n % RESELECT_EVERY != 0 && choice != Choice.NONE) {
      // between re-selections keep the chosen model and penalty: one fit instead of the whole grid
      apply(Fit.of(k, z, u, choice, w0, lambda));
      return;
    }
    Fit best = null;
    List<Choice> choices = transfer == null ? List.of(Choice.TARGET_ONLY)
        : List.of(Choice.TARGET_ONLY, Choice.PRIOR, Choice.FITTED);
    for (Choice c : choices) {
      for (double l : LAMBDAS) {
        Fit f = Fit.of(k, z, u, c, w0, l);
        if (best == null || f.looError < best.looError - 1e-12) {
          best = f;
        }
      }
    }
    apply(best);
  }

  private void apply(Fit f) {
    choice = f.choice;
    intercept = f.intercept;
    weight = f.weight;
    lambda = f.lambda;
    alpha = f.alpha;
  }

  /**
   * One penalised least-squares fit: {@code y' = B beta + K alpha}, {@code y' = z - w0 u} for the prior
   * model, basis {@code B = [1]} or {@code [1, u]} for the fitted one. With {@code A = (K + lambda I)^-1}:
   * {@code beta = (B'AB)^-1 B'Ay'}, {@code alpha = A(y' - B beta)}, and the leave-one-out residual is
   * {@code (My')_i / M_ii} with {@code M = A - AB(B'AB)^-1 B'A}.
   */
  private record Fit(Choice choice, double intercept, double weight, double lambda, double[] alpha,
      double looError) {
    static Fit of(double[][] k, double[] z, double[] u, Choice choice, double w0, double lambda) {
      int n = z.length;
      double[] y = z.clone();
      if (choice == Choice.PRIOR) {
        for (int i = 0; i < n; i++) {
          y[i] -= w0 * u[i];
        }
      }
      int q = choice == Choice.FITTED ? 2 : 1;
      double[][] b = new double[n][q];
      for (int i = 0; i < n; i++) {
        b[i][0] = 1;
        if (q == 2) {
          b[i][1] = u[i];
        }
      }
      double[][] kl = new double[n][];
      for (int i = 0; i < n; i++) {
        kl[i] = k[i].clone();
        kl[i][i] += lambda;
      }
      double[][] a = Linalg.inverse(Linalg.cholesky(kl));
      double[][] ab = new double[n][q];
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < q; c++) {
          double s = 0;
          for (int j = 0; j < n; j++) {
            s += a[i][j] * b[j][c];
          }
          ab[i][c] = s;
        }
      }
      double[][] bab = new double[q][q];
      for (int c = 0; c < q; c++) {
        for (int d = 0; d < q; d++) {
          double s = 0;
          for (int i = 0; i < n; i++) {
            s += b[i][c] * ab[i][d];
          }
          bab[c][d] = s;
        }
      }
      // tiny ridge on beta keeps B'AB invertible when u is constant on the observed points
      for (int c = 0; c < q; c++) {
        bab[c][c] += 1e-9;
      }
      double[][] babL;
      try {
        babL = Linalg.cholesky(bab);
      } catch (ArithmeticException degenerate) {
        return new Fit(choice, 0, 0, lambda, new double[0], Double.POSITIVE_INFINITY);
      }
      double[] bay = new double[q];
      for (int c = 0; c < q; c++) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += ab[i][c] * y[i];
        }
        bay[c] = s;
      }
      double[] beta = Linalg.solve(babL, bay);
      double[] resid = new double[n];
      for (int i = 0; i < n; i++) {
        double s = y[i];
        for (int c = 0; c < q; c++) {
          s -= b[i][c] * beta[c];
        }
        resid[i] = s;
      }
      double[] alpha = new double[n];
      for (int i = 0; i < n; i++) {
        double s = 0;
        for (int j = 0; j < n; j++) {
          s += a[i][j] * resid[j];
        }
        alpha[i] = s;
      }
      // M = A - AB (B'AB)^-1 B'A ; M y' = alpha (since alpha = A(y' - B beta) = M y')
      double loo = 0;
      double[][] babInv = Linalg.inverse(babL);
      for (int i = 0; i < n; i++) {
        double mii = a[i][i];
        for (int c = 0; c < q; c++) {
          for (int d = 0; d < q; d++) {
            mii -= ab[i][c] * babInv[c][d] * ab[i][d];
          }
        }
        double e = alpha[i] / Math.max(mii, 1e-12);
        loo += e * e;
      }
      double weight = switch (choice) {
        case PRIOR -> w0;
        case FITTED -> beta[1];
        default -> 0;
      };
      return new Fit(choice, beta[0], weight, lambda, alpha, loo / n);
    }
  }
}
