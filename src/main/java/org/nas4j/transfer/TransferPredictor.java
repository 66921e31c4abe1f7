package org.nas4j.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.nas4j.InputException;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.Predictor;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * The XferNAS target predictor {@code y_t(x) = u(x) + r_t(x)}, with a transfer network {@code u} that is
 * trusted only as far as it ranks the target's own evaluations: {@code u(x) = sum_s w_s u_s(x)}, one frozen
 * {@link TransferModel} {@code u_s} per source task, weighted by {@link RankingWeights} (RGPE: how often, over
 * bootstrap samples of the target evaluations, a source ranks them better than every other member, a tie
 * between sources going to one that predicts its own held-out data far better; the target-only model is always a
 * member and a source that does not rank them better than it in most samples gets weight 0). The residual
 * {@code r_t} is kernel ridge regression on the target evaluations' normal scores (only their order matters)
 * minus {@code u} put into the target's units (times a slope fitted on those evaluations), with an
 * unpenalised intercept and a kernel that counts agreeing positions and pairs of
 * positions (the inner product of {@link Features}, computed without building them); its penalty is chosen by
 * exact leave-one-out error. When every source weight is 0 the predictor is exactly the target-only model.
 *
 * <p>The cold start: before two target evaluations nothing can be judged, so the target-only model (which
 * knows nothing yet and so picks at random) has half the weight and the sources share the other half. Each decision
 * follows one member ({@link #sample}), and members take turns in proportion to their weights
 * ({@link Draws#TURNS}): the first two picks are a random architecture and one source's favourite (with several
 * sources, the random one first; with one, in a seeded random order), the weights are learned from them, and a
 * bad prior loses its weight after a few evaluations
 * instead of deciding all of them. Independent draws ({@link Draws#THOMPSON}) and betting on the sources
 * first ({@link Draws#SOURCES_FIRST}) are measured against it in docs/transfer.md.
 *
 * <p>A source whose transfer network cannot predict a held-out fifth of its own data
 * ({@link TransferModel#sourceFit()} below {@value #MIN_SOURCE_FIT}, e.g. shuffled values) is not a member at
 * all. Below {@value #MIN_TARGET} target evaluations the target-only model predicts a constant (too little to
 * fit anything, so ties are broken at random). Weights are re-estimated after every evaluation up to
 * {@value #REWEIGHT_ALWAYS}, then after every {@value #REWEIGHT_EVERY}th, which keeps long searches cheap.
 * Deterministic: the same observations in the same order give the same predictions and weights.
 */
public final class TransferPredictor implements Predictor {
  /** Target evaluations the target-only model needs before it predicts anything but a constant. */
  static final int MIN_TARGET = 5;
  /**
   * A transfer network whose held-out fit on its own source is below this is not offered to the target at
   * all: it cannot even predict the data it came from (e.g. a source with shuffled values).
   */
  static final double MIN_SOURCE_FIT = 0.1;
  static final int REWEIGHT_ALWAYS = 30;
  static final int REWEIGHT_EVERY = 5;
  /** Weight of pair agreement relative to position agreement in the residual's kernel. */
  static final double PAIR_WEIGHT = 1;
  /** Pseudo-observations pulling the scale of the transfer part in the target's units towards 1. */
  static final double SCALE_PRIOR = 1;
  private static final long WEIGHT_SEED = 0x5EED_0F_4E1L;

  /**
   * How a decision picks the member it follows ({@link #sample}); they differ only while the weights are
   * still a guess, i.e. in the cold start (measured against each other in docs/transfer.md).
   */
  public enum Draws {
    /**
     * Members take turns in proportion to their weights (the default): each accumulates its weight as
     * credit, the one with the most credit is followed and pays 1, ties in a seeded random order. Before the
     * first evaluations are in, the target-only model (a random pick) and then one source are followed, and later
     * a member is followed about as often as its weight says, with less spread than independent draws: lower
     * regret at 10 evaluations with backwards sources, the same with related ones (docs/transfer.md).
     */
    TURNS,
    /** Each decision draws a member independently, with probability equal to its weight (Thompson sampling). */
    THOMPSON,
    /**
     * Bets on the sources until the target can judge them: before two target evaluations the target-only
     * model gets weight 0 and only the sources' favourites are evaluated (the behaviour this library had
     * before per-source weights; kept to measure what the cold start costs and saves).
     */
    SOURCES_FIRST
  }

  private final SearchSpace space;
  private final List<String> names;
  /** Per given source: its transfer network, or null when it is not a member. */
  private final TransferModel[] given;
  /** Per given source: its transfer network, null when it had too few values to fit one. */
  private final TransferModel[] fitted;
  /** The members' indices into {@link #given}. */
  private final int[] members;
  /** Per member source: how well its network predicts its own held-out data (breaks ties in the weights). */
  private final double[] memberFit;
  private final List<int[]> genes = new ArrayList<>();
  private final List<Double> values = new ArrayList<>();
  /** Per observation, each member's u_s. */
  private final List<double[]> uAt = new ArrayList<>();
  private final List<double[]> kernelRows = new ArrayList<>();
  private final Draws draws;
  /** {@link Draws#TURNS}: each member's accumulated weight minus the turns it took. */
  private final double[] credit;

  private boolean dirty = true;
  /** Weight of the target-only model (index 0) and of each member source (1..). */
  private double[] weights;
  private RankingWeights.Result judgement;
  private KernelRidge ridge;
  private double[] z;
  private Model expected;
  private Model[] single;

  private TransferPredictor(SearchSpace space, List<String> names, List<TransferModel> models, Draws draws) {
    this.space = space;
    this.draws = Objects.requireNonNull(draws, "draws");
    this.names = List.copyOf(names);
    this.given = new TransferModel[models.size()];
    this.fitted = models.toArray(TransferModel[]::new);
    List<Integer> m = new ArrayList<>();
    for (int i = 0; i < given.length; i++) {
      TransferModel u = fitted[i];
      if (u != null && !(u.sourceFit() < MIN_SOURCE_FIT)) { // NaN (too small to measure) is a member
        given[i] = u;
        m.add(i);
      }
    }
    this.members = m.stream().mapToInt(Integer::intValue).toArray();
    this.memberFit = Arrays.stream(members).mapToDouble(i -> given[i].sourceFit()).toArray();
    this.weights = new double[members.length + 1];
    this.credit = new double[members.length + 1];
    Arrays.fill(weights, 1.0 / weights.length);
  }

  private static final int CACHE = 32;
  private static final Map<Object, Map<SearchSpace, TransferModel>> MODELS = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Map<SearchSpace, TransferModel>> eldest) {
      return size() > CACHE;
    }
  };

  /**
   * The predictor for an optimizer: one transfer network per source of the context, or target-only when there
   * are none. A transfer network depends only on its source (its held-out split has a fixed seed), so it is
   * fitted once per source object and shared by every run that is handed the same object (many seeds of one
   * experiment fit it once).
   */
  public static TransferPredictor forContext(OptimizerContext ctx) {
    return forContext(ctx, Draws.TURNS);
  }

  /** {@link #forContext(OptimizerContext)} with another way of drawing members. */
  public static TransferPredictor forContext(OptimizerContext ctx, Draws draws) {
    List<String> names = new ArrayList<>();
    List<TransferModel> models = new ArrayList<>();
    for (SourceObservations s : ctx.sources()) {
      names.add(s.task());
      models.add(model(ctx.space(), s));
    }
    return new TransferPredictor(ctx.space(), names, models, draws);
  }

  private static TransferModel model(SearchSpace space, SourceObservations s) {
    synchronized (MODELS) {
      TransferModel u = MODELS.computeIfAbsent(new Identity(s), k -> new IdentityHashMap<>()).get(space);
      if (u != null) {
        return u;
      }
    }
    TransferModel u;
    try {
      u = TransferModel.fit(space, List.of(s), 0);
    } catch (InputException tooFewValues) {
      return null; // fewer than two finite values: nothing to rank with
    }
    synchronized (MODELS) {
      MODELS.computeIfAbsent(new Identity(s), k -> new IdentityHashMap<>()).put(space, u);
    }
    return u;
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
    return new TransferPredictor(space, List.of(), List.of(), Draws.TURNS);
  }

  /**
   * A predictor on top of given transfer networks, one member each (a network below the source-fit threshold
   * is not a member).
   */
  public static TransferPredictor of(SearchSpace space, List<TransferModel> models) {
    return new TransferPredictor(space, models.stream().map(TransferModel::name).toList(), models, Draws.TURNS);
  }

  /** Number of sources that are members (given, with enough data, and able to predict their own held-out data). */
  public int memberCount() {
    return members.length;
  }

  @Override
  public void observe(Architecture architecture, double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    int[] g = architecture.genes();
    double[] row = new double[genes.size() + 1];
    for (int i = 0; i < genes.size(); i++) {
      row[i] = kernel(g, genes.get(i));
    }
    row[genes.size()] = kernel(g, g);
    genes.add(g);
    values.add(value);
    kernelRows.add(row);
    double[] u = new double[members.length];
    for (int s = 0; s < members.length; s++) {
      u[s] = given[members[s]].predict(architecture);
    }
    uAt.add(u);
    dirty = true;
  }

  /** Number of target evaluations observed. */
  public int observations() {
    return values.size();
  }

  @Override
  public double predict(Architecture architecture) {
    fit();
    return expected.predict(architecture);
  }

  /**
   * The weighted transfer network alone, {@code u(x) = sum_s w_s u_s(x)}: 0 with no member sources, and 0
   * before {@value #MIN_TARGET} target evaluations, while the weights are still a guess. An optimizer that
   * learns on top of a prior (REINFORCE's policy) would otherwise spend its first evaluations, and its
   * learning state, on a source that has not been judged (measured in docs/transfer.md).
   */
  @Override
  public double prior(Architecture architecture) {
    fit();
    if (values.size() < MIN_TARGET) {
      return 0;
    }
    double p = 0;
    for (int s = 0; s < members.length; s++) {
      p += weights[s + 1] * given[members[s]].predict(architecture);
    }
    return p;
  }

  /**
   * The member this decision follows ({@link Draws}: in turn, or drawn, in proportion to the weights), as a
   * scoring function: a source's {@code u_s} plus a residual fitted on the target, or the target-only model.
   * Uses nothing from {@code rng} when there is no member source (the scoring is then {@link #predict}).
   */
  @Override
  public ToDoubleFunction<Architecture> sample(RandomGenerator rng) {
    fit();
    if (members.length == 0) {
      return expected::predict;
    }
    return following(draws == Draws.TURNS ? takeTurn(rng) : draw(rng));
  }

  /** The scoring function of one member: 0 the target-only model, {@code s + 1} member source {@code s}. */
  ToDoubleFunction<Architecture> following(int member) {
    fit();
    if (single[member] == null) {
      double[] coef = new double[members.length];
      if (member > 0) {
        coef[member - 1] = 1;
      }
      single[member] = model(coef);
    }
    return single[member]::predict;
  }

  private int draw(RandomGenerator rng) {
    double u = rng.nextDouble();
    int m = 0;
    double acc = weights[0];
    while (u >= acc && m < members.length) {
      acc += weights[++m];
    }
    return m;
  }

  private int takeTurn(RandomGenerator rng) {
    int m = -1;
    int ties = 0;
    for (int i = 0; i < credit.length; i++) {
      if (weights[i] == 0) {
        continue;
      }
      credit[i] += weights[i];
      if (m < 0 || credit[i] > credit[m]) {
        m = i;
        ties = 1;
      } else if (credit[i] == credit[m] && rng.nextInt(++ties) == 0) {
        m = i;
      }
    }
    credit[m] -= 1;
    return m;
  }

  /** Weights of the sources as given (0 for a source that is not a member), in their order. */
  @Override
  public double[] sourceWeights() {
    fit();
    double[] out = new double[given.length];
    for (int s = 0; s < members.length; s++) {
      out[members[s]] = weights[s + 1];
    }
    return out;
  }

  /** The weight of the target-only model: 1 when no source ranks the target evaluations better than it. */
  public double targetWeight() {
    fit();
    return weights[0];
  }

  /** The share of the prediction that comes from the sources, {@code 1 - }{@link #targetWeight()}. */
  public double transferWeight() {
    return 1 - targetWeight();
  }

  /** The given sources' names, in order. */
  public List<String> sourceNames() {
    return names;
  }

  /**
   * One line for logs: each source's weight and how it ranks the target so far, e.g.
   * {@code cifar10 0.62 (ranks 81% of pairs right), negated:cifar10 0 (ranks 12% right), target-only 0.38}.
   */
  @Override
  public String describe() {
    fit();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < given.length; i++) {
      sb.append(names.get(i)).append(' ');
      int member = indexOfMember(i);
      if (member < 0) {
        sb.append(fitted[i] == null ? "0 (fewer than two values)" : String.format(Locale.ROOT,
            "0 (predicts its own held-out data at %.2f, below %.1f)", fitted[i].sourceFit(), MIN_SOURCE_FIT));
      } else {
        sb.append(String.format(Locale.ROOT, "%.2f", weights[member + 1]));
        if (judgement != null && !Double.isNaN(judgement.misranked()[member + 1])) {
          sb.append(String.format(Locale.ROOT, " (ranks %.0f%% of pairs right%s)",
              100 * (1 - judgement.misranked()[member + 1]),
              judgement.dropped()[member + 1] ? String.format(Locale.ROOT,
                  ", not trusted: better than the target alone in %.0f%% of resamples, needs %.0f%%",
                  100 * judgement.better()[member + 1], 100 * RankingWeights.TRUST) : ""));
        }
      }
      sb.append(", ");
    }
    sb.append(String.format(Locale.ROOT, "target-only %.2f after %d evaluations", weights[0], values.size()));
    return sb.toString();
  }

  private int indexOfMember(int given) {
    for (int s = 0; s < members.length; s++) {
      if (members[s] == given) {
        return s;
      }
    }
    return -1;
  }

  @Override
  public String toString() {
    return "TransferPredictor[" + describe() + "]";
  }

  /** Kernel = inner product of position and pair one-hots: m + PAIR_WEIGHT * m(m-1)/2, m = agreeing positions, scaled. */
  static double kernel(int[] a, int[] b) {
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
    single = new Model[members.length + 1];
    double[] y = values.stream().mapToDouble(Double::doubleValue).toArray();
    z = n == 1 ? new double[] {0} : Ranks.normalScores(y);
    ridge = null;
    if (n >= MIN_TARGET) {
      double[][] k = new double[n][n];
      for (int i = 0; i < n; i++) {
        double[] row = kernelRows.get(i);
        for (int j = 0; j <= i; j++) {
          k[i][j] = k[j][i] = row[j];
        }
      }
      ridge = new KernelRidge(k);
    }
    if (members.length > 0 && (n <= REWEIGHT_ALWAYS || n % REWEIGHT_EVERY == 0 || judgement == null)) {
      double[][] pairs = null;
      if (ridge != null) {
        pairs = ridge.pairPredictions(ridge.fit(z), z);
      }
      double[][] src = new double[members.length][n];
      for (int i = 0; i < n; i++) {
        for (int s = 0; s < members.length; s++) {
          src[s][i] = uAt.get(i)[s];
        }
      }
      judgement = RankingWeights.of(y, pairs, src, memberFit, Seeds.derive(WEIGHT_SEED, n));
      weights = judgement.weights();
      if (draws == Draws.SOURCES_FIRST && n < 2) {
        Arrays.fill(weights, 1.0 / members.length);
        weights[0] = 0;
      }
    }
    double[] coef = new double[members.length];
    for (int s = 0; s < members.length; s++) {
      coef[s] = weights[s + 1];
    }
    expected = model(coef);
  }

  /**
   * {@code c sum_s coef_s u_s(x)} plus the residual of the target's normal scores fitted on top, where {@code c}
   * puts the sources' units into the target's: u is standardised over a whole source table, the target's
   * normal scores over the few architectures evaluated so far, which an optimizer picks from u's top tail.
   * Without it the residual of those picks would be about {@code -u} and undo u's order exactly where the
   * search looks (measured in docs/transfer.md). {@code c} is the least-squares slope of the scores on the
   * transfer part, shrunk towards 1 by {@value #SCALE_PRIOR} pseudo-observation and never negative.
   */
  private Model model(double[] coef) {
    if (ridge == null) {
      return new Model(coef, null);
    }
    int n = z.length;
    double[] t = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      double[] u = uAt.get(i);
      for (int s = 0; s < coef.length; s++) {
        t[i] += coef[s] * u[s];
      }
      mean += t[i] / n;
    }
    double tz = 0;
    double tt = 0;
    for (int i = 0; i < n; i++) {
      tz += (t[i] - mean) * z[i]; // the deviations of t sum to 0, so z needs no centring
      tt += (t[i] - mean) * (t[i] - mean);
    }
    double c = Math.max(0, (tz + SCALE_PRIOR) / (tt + SCALE_PRIOR));
    double[] scaled = new double[coef.length];
    for (int s = 0; s < coef.length; s++) {
      scaled[s] = c * coef[s];
    }
    double[] r = new double[n];
    for (int i = 0; i < n; i++) {
      r[i] = z[i] - c * t[i];
    }
    // with a transfer part that ranks the evaluations (c > 0 and t not flat), the residual is a constant unless
    // the kernel predicts left-out points clearly better: a kernel fitted to a few noisy residuals reorders the
    // sources' favourites (docs/transfer.md); without one the residual is the target-only model
    return new Model(scaled, c > 0 && tt > 0 ? ridge.fitOrConstant(r) : ridge.fit(r));
  }

  /** A scoring function: weighted source networks plus a fitted residual (none while it would be a guess). */
  private final class Model {
    private final double[] coef;
    private final KernelRidge.Fit residual;

    Model(double[] coef, KernelRidge.Fit residual) {
      this.coef = coef;
      this.residual = residual;
    }

    double predict(Architecture a) {
      double p = 0;
      for (int s = 0; s < coef.length; s++) {
        if (coef[s] != 0) {
          p += coef[s] * given[members[s]].predict(a);
        }
      }
      if (residual != null) {
        int[] g = a.genes();
        p += residual.intercept();
        double[] alpha = residual.alpha();
        for (int i = 0; i < alpha.length; i++) {
          p += alpha[i] * kernel(g, genes.get(i));
        }
      }
      return p;
    }
  }
}
