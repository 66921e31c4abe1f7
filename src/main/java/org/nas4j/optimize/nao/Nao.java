package org.nas4j.optimize.nao;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * Neural Architecture Optimization (Luo, Tian, Qin, Chen &amp; Liu, "Neural Architecture Optimization",
 * NeurIPS 2018), with XferNAS transfer (Wistuba, "XferNAS: Transfer Neural Architecture Search", ECML-PKDD
 * 2020) as an option.
 *
 * <p>Loop: evaluate {@link Config#initial()} random architectures; then repeatedly train the
 * encoder-predictor-decoder ({@link Epd}) on every evaluation so far (targets normalised over the pool), take
 * the {@link Config#seeds()} best, move their encoder outputs along the predictor's gradient with step sizes
 * {@code eta * k, k = 0, 1, ...}, decode, and ask the new (never seen) architectures, best predicted first,
 * until {@link Config#perIteration()} are collected. The networks are warm-started across iterations, with a
 * fresh Adam each time, as NAO's code does.
 *
 * <p>With {@link Transfer} and non-empty sources, the encoder, decoder and a transfer head u are first
 * trained on the source tasks (per-task normalised targets), u is frozen, and the target prediction becomes
 * {@code alpha * u(e) + beta + r(e)} with r NAO's own predictor and (alpha, beta) refitted on the target
 * evaluations before each iteration (ridge towards alpha = 1, clamped at alpha &gt;= 0, so unrelated sources
 * fade out). Source architectures join the candidate seeds, scored by the prediction, which lets the very
 * first target evaluations come from the sources. Without sources the optimizer is exactly plain NAO.
 */
public final class Nao implements Optimizer {

  /** How objectives are mapped to predictor targets in [0, 1]. */
  public enum Targets {
    /** NAO's {@code (y - min) / (max - min)} over the pool. */
    MINMAX,
    /** Rank / (n - 1): robust to the long tail of broken architectures (NAS-Bench-201's 10% cells). */
    RANK
  }

  /** How the transfer head is fitted on the sources (XferNAS reconstruction, research note section 2.2). */
  public enum SourceFit {
    /** One regression of u on all sources' normalised targets. */
    POOLED,
    /** u plus a weight-decayed residual head per source, heads discarded afterwards. */
    RESIDUAL_HEADS
  }

  /**
   * XferNAO's settings.
   *
   * @param fit pooled or per-source residual heads
   * @param epochs source pre-training epochs
   * @param topPerSource best architectures of each source kept for pre-training and as candidate seeds
   * @param samplePerSource further random architectures of each source kept for pre-training
   * @param headDecay extra L2 on the residual heads (RESIDUAL_HEADS)
   * @param prior ridge strength pulling alpha towards 1 (in pseudo-observations)
   * @param initial random target evaluations before the first generation (0: start from the sources)
   * @param perIteration architectures generated per iteration on the target
   */
  public record Transfer(SourceFit fit, int epochs, int topPerSource, int samplePerSource, double headDecay,
      double prior, int initial, int perIteration) {
    public static Transfer defaults() {
      return new Transfer(SourceFit.POOLED, 20, 100, 300, 1e-2, 2.0, 0, 5);
    }
  }

  /**
   * NAO's settings (network sizes are kept tiny: one run must take seconds on one core).
   *
   * @param embedding token embedding size
   * @param hidden LSTM hidden size (encoder and decoder)
   * @param mlpHidden predictor hidden units
   * @param lambda weight of the predictor loss against the reconstruction loss
   * @param learningRate Adam's step size
   * @param weightDecay L2 on all weights
   * @param batch mini-batch size
   * @param firstEpochs epochs of the first training
   * @param epochs epochs of every later (warm-started) training
   * @param initial random architectures evaluated before the first generation
   * @param perIteration new architectures generated per iteration
   * @param seeds best architectures the gradient steps start from (NAO: top-K)
   * @param eta step size unit: steps are eta * k for k = 0, 1, ..., etaSteps
   * @param etaSteps largest multiple of eta tried
   * @param targets target normalisation
   * @param explore share of each generated batch replaced by random unseen architectures (XferNAO: times
   *     1 - alpha): without it some runs never leave the neighbourhood of a mediocre start (docs/nao.md)
   * @param transfer XferNAO's settings, or null for plain NAO
   */
  public record Config(int embedding, int hidden, int mlpHidden, double lambda, double learningRate,
      double weightDecay, int batch, int firstEpochs, int epochs, int initial, int perIteration, int seeds,
      double eta, int etaSteps, Targets targets, double explore, Transfer transfer) {
    public Config {
      if (embedding < 1 || hidden < 1 || mlpHidden < 1 || batch < 1 || initial < 1 || perIteration < 1
          || seeds < 1 || etaSteps < 0 || firstEpochs < 0 || epochs < 0) {
        throw new IllegalArgumentException("NAO sizes and counts must be positive: " + this);
      }
      if (lambda < 0 || lambda > 1) {
        throw new IllegalArgumentException("lambda must be in [0, 1], got " + lambda);
      }
      Objects.requireNonNull(targets, "targets");
      if (explore < 0 || explore > 1) {
        throw new IllegalArgumentException("explore must be in [0, 1], got " + explore);
      }
    }

    public static Config defaults() {
      return new Config(16, 16, 32, 0.8, 0.01, 1e-4, 16, 40, 10, 16, 10, 10, 1.0, 20, Targets.RANK, 0.2, null);
    }

    public Config withTransfer(Transfer t) {
      return new Config(embedding, hidden, mlpHidden, lambda, learningRate, weightDecay, batch, firstEpochs,
          epochs, initial, perIteration, seeds, eta, etaSteps, targets, explore, t);
    }
  }

  private final SearchSpace space;
  private final Config config;
  private final SplittableRandom rng;
  private final long seed;
  private final Epd model;
  private final List<SourceObservations> sources;
  private final boolean transfer;
  private final Map<Architecture, Double> told = new LinkedHashMap<>();
  private final Set<Architecture> asked = new HashSet<>();
  private final ArrayDeque<Architecture> queue = new ArrayDeque<>();
  private final List<Architecture> sourcePool = new ArrayList<>();
  private boolean pretrained;
  /** Variance of u over the source pool: the scale of the prior on alpha. */
  private double poolSpread;
  private int trainings;
  private int generations;

  /** Plain NAO with default settings; sources in the context are ignored. */
  public static Nao create(OptimizerContext context) {
    return new Nao(context, Config.defaults());
  }

  /** XferNAO: NAO with transfer from the context's sources (plain NAO when there are none). */
  public static Nao xfer(OptimizerContext context) {
    return new Nao(context, Config.defaults().withTransfer(Transfer.defaults()));
  }

  public Nao(OptimizerContext context, Config config) {
    this.space = context.space();
    this.config = Objects.requireNonNull(config, "config");
    this.seed = context.seed();
    this.rng = new SplittableRandom(Seeds.derive(seed, 0));
    int[] counts = new int[space.positions()];
    for (int p = 0; p < counts.length; p++) {
      counts[p] = space.optionCount(p);
    }
    this.model = new Epd(counts, config.embedding(), config.hidden(), config.mlpHidden(), config.lambda(),
        new SplittableRandom(Seeds.derive(seed, 1)));
    List<SourceObservations> usable = new ArrayList<>();
    if (config.transfer() != null) {
      for (SourceObservations s : context.sources()) {
        if (s.size() > 0) {
          for (Architecture a : s.architectures()) {
            if (!a.space().name().equals(space.name()) || a.space().positions() != space.positions()) {
              throw new IllegalArgumentException("source " + s.task() + " is in space " + a.space().name()
                  + ", not the target's " + space.name());
            }
          }
          usable.add(s);
        }
      }
    }
    this.sources = List.copyOf(usable);
    this.transfer = !sources.isEmpty();
  }

  @Override
  public String name() {
    return config.transfer() == null ? "nao" : "xfernao";
  }

  /** Architectures evaluated so far whose objective was finite, in telling order. */
  Map<Architecture, Double> observations() {
    Map<Architecture, Double> out = new LinkedHashMap<>();
    told.forEach((a, v) -> {
      if (!Double.isNaN(v)) {
        out.put(a, v);
      }
    });
    return out;
  }

  /** Package-private view of the model, for tests. */
  Epd model() {
    return model;
  }

  int initial() {
    return transfer ? config.transfer().initial() : config.initial();
  }

  int perIteration() {
    return transfer ? config.transfer().perIteration() : config.perIteration();
  }

  @Override
  public Architecture ask() {
    Architecture next = pollQueue();
    if (next == null && observations().size() >= initial()) {
      generate();
      next = pollQueue();
    }
    if (next == null) {
      next = randomUnseen();
    }
    asked.add(next);
    return next;
  }

  @Override
  public void tell(Architecture architecture, double value) {
    told.put(architecture, value);
    asked.add(architecture);
  }

  private boolean seen(Architecture a) {
    return asked.contains(a) || told.containsKey(a);
  }

  private Architecture pollQueue() {
    while (!queue.isEmpty()) {
      Architecture a = queue.poll();
      if (!seen(a)) {
        return a;
      }
    }
    return null;
  }

  private Architecture randomUnseen() {
    for (int tries = 0; tries < 200; tries++) {
      Architecture a = space.sample(rng);
      if (!seen(a)) {
        return a;
      }
    }
    // small or nearly exhausted space: pick among the unseen ones, or repeat when there are none
    if (space.size() <= 1_000_000) {
      List<Architecture> unseen = space.enumerate().filter(a -> !seen(a)).toList();
      if (!unseen.isEmpty()) {
        return unseen.get(rng.nextInt(unseen.size()));
      }
    }
    return space.sample(rng);
  }

  /** One NAO iteration: (re)train, move the best seeds in embedding space, decode, queue the new ones. */
  void generate() {
    generations++;
    if (transfer && !pretrained) {
      pretrain();
    }
    Map<Architecture, Double> obs = observations();
    List<Architecture> archs = new ArrayList<>(obs.keySet());
    double[] y = normalise(obs.values().stream().mapToDouble(Double::doubleValue).toArray(), config.targets());
    if (transfer) {
      fitTransferWeight(archs, y);
    }
    if (!archs.isEmpty()) {
      List<Epd.Sample> samples = new ArrayList<>();
      for (int i = 0; i < archs.size(); i++) {
        samples.add(new Epd.Sample(model.tokens(archs.get(i).genes()), y[i], -1));
      }
      int epochs = trainings == 0 ? config.firstEpochs() : config.epochs();
      model.train(samples, epochs, config.batch(), adam(), 0, new SplittableRandom(Seeds.derive(seed, 100 + generations)));
      trainings++;
    }

    // seeds: best measured (NAO); with transfer also source architectures scored by the prediction
    Map<Architecture, Double> score = new LinkedHashMap<>();
    for (int i = 0; i < archs.size(); i++) {
      score.put(archs.get(i), y[i]);
    }
    if (transfer) {
      for (Architecture a : sourcePool) {
        if (!score.containsKey(a)) {
          score.put(a, model.predict(model.tokens(a.genes())));
        }
      }
    }
    List<Architecture> seedList = score.entrySet().stream()
        .sorted(Map.Entry.<Architecture, Double>comparingByValue().reversed())
        .limit(config.seeds()).map(Map.Entry::getKey).toList();

    // XferNAO explores as NAO does only as far as the sources fail to explain the target (alpha < 1)
    double share = transfer ? config.explore() * Math.max(0, 1 - model.alpha) : config.explore();
    int random = (int) Math.round(share * perIteration());
    int want = perIteration() - random;
    Set<Architecture> batch = new java.util.LinkedHashSet<>();
    for (int k = 0; k <= config.etaSteps() && batch.size() < want; k++) {
      for (Architecture s : seedList) {
        Architecture c = space.of(model.improve(model.tokens(s.genes()), k * config.eta()));
        if (!seen(c)) {
          batch.add(c);
          if (batch.size() >= want) {
            break;
          }
        }
      }
    }
    List<Architecture> ordered = new ArrayList<>(batch);
    Map<Architecture, Double> predicted = new LinkedHashMap<>();
    for (Architecture a : ordered) {
      predicted.put(a, model.predict(model.tokens(a.genes())));
    }
    ordered.sort(Comparator.comparingDouble((Architecture a) -> predicted.get(a)).reversed());
    queue.addAll(ordered);
    Set<Architecture> inBatch = new java.util.HashSet<>(ordered);
    for (int i = 0; i < random; i++) {
      Architecture a = randomUnseen();
      if (inBatch.add(a)) {
        queue.add(a);
      }
    }
  }

  private Param.Adam adam() {
    return new Param.Adam(config.learningRate(), config.weightDecay(), 5.0);
  }

  /** Source phase: encoder, decoder and u (+ residual heads) on the sources; u is then frozen. */
  private void pretrain() {
    pretrained = true;
    Transfer t = config.transfer();
    boolean heads = t.fit() == SourceFit.RESIDUAL_HEADS;
    model.addTransfer(heads ? sources.size() : 0, config.mlpHidden(), new SplittableRandom(Seeds.derive(seed, 2)));
    List<Epd.Sample> samples = new ArrayList<>();
    Set<Architecture> pool = new java.util.LinkedHashSet<>();
    SplittableRandom pick = new SplittableRandom(Seeds.derive(seed, 3));
    for (int s = 0; s < sources.size(); s++) {
      SourceObservations src = sources.get(s);
      double[] all = src.values();
      Integer[] order = new Integer[all.length];
      for (int i = 0; i < all.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (i, j) -> Double.compare(nanLow(all[j]), nanLow(all[i])));
      int top = Math.min(t.topPerSource(), all.length);
      List<Integer> chosen = new ArrayList<>(List.of(order).subList(0, top));
      List<Integer> rest = new ArrayList<>(List.of(order).subList(top, all.length));
      for (int i = 0; i < Math.min(t.samplePerSource(), rest.size()); i++) {
        int j = i + pick.nextInt(rest.size() - i);
        Integer tmp = rest.get(i);
        rest.set(i, rest.get(j));
        rest.set(j, tmp);
        chosen.add(rest.get(i));
      }
      // normalised within the kept sample, so the best architectures stay apart (over the whole table
      // NAS-Bench-201's best 100 would all sit within 1% of the top)
      double[] v = normalise(chosen.stream().mapToDouble(i -> all[i]).toArray(), config.targets());
      for (int k = 0; k < chosen.size(); k++) {
        if (Double.isNaN(v[k])) {
          continue;
        }
        Architecture a = src.architectures().get(chosen.get(k));
        samples.add(new Epd.Sample(model.tokens(a.genes()), v[k], heads ? s : 0));
        if (k < top) {
          pool.add(a);
        }
      }
    }
    model.train(samples, t.epochs(), config.batch(), adam(), heads ? t.headDecay() : 0,
        new SplittableRandom(Seeds.derive(seed, 4)));
    model.transfer.setFrozen(true);
    model.sourceHeads = new Mlp[0];
    model.alpha = 1;
    model.beta = 0;
    sourcePool.addAll(pool);
    double m = 0;
    double m2 = 0;
    for (Architecture a : sourcePool) {
      double u = model.transferValue(model.tokens(a.genes()));
      m += u / sourcePool.size();
      m2 += u * u / sourcePool.size();
    }
    poolSpread = Math.max(1e-6, m2 - m * m);
  }

  private static double nanLow(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  /**
   * Ridge fit of y ~ alpha * u + beta with alpha pulled towards 1 by {@code prior} pseudo-observations of u's
   * spread over the source pool (so the pull does not depend on u's scale), alpha clamped at 0.
   */
  private void fitTransferWeight(List<Architecture> archs, double[] y) {
    int n = archs.size();
    if (n == 0) {
      model.alpha = 1;
      model.beta = 0;
      return;
    }
    double[] u = new double[n];
    double mu = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      u[i] = model.transferValue(model.tokens(archs.get(i).genes()));
      mu += u[i] / n;
      my += y[i] / n;
    }
    double suu = 0;
    double suy = 0;
    for (int i = 0; i < n; i++) {
      suu += (u[i] - mu) * (u[i] - mu);
      suy += (u[i] - mu) * (y[i] - my);
    }
    double k = config.transfer().prior() * poolSpread;
    double alpha = (suy + k) / (suu + k);
    if (!(alpha > 0)) {
      alpha = 0;
    }
    model.alpha = alpha;
    model.beta = my - alpha * mu;
  }

  /** Normalised targets in [0, 1]; NaN stays NaN. */
  static double[] normalise(double[] v, Targets how) {
    double[] out = new double[v.length];
    if (v.length == 0) {
      return out;
    }
    if (how == Targets.MINMAX) {
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (double x : v) {
        if (!Double.isNaN(x)) {
          lo = Math.min(lo, x);
          hi = Math.max(hi, x);
        }
      }
      for (int i = 0; i < v.length; i++) {
        out[i] = Double.isNaN(v[i]) ? Double.NaN : hi > lo ? (v[i] - lo) / (hi - lo) : 0.5;
      }
      return out;
    }
    Integer[] idx = new Integer[v.length];
    int finite = 0;
    for (int i = 0; i < v.length; i++) {
      idx[i] = i;
      if (!Double.isNaN(v[i])) {
        finite++;
      }
    }
    java.util.Arrays.sort(idx, (i, j) -> Double.compare(
        Double.isNaN(v[i]) ? Double.POSITIVE_INFINITY : v[i], Double.isNaN(v[j]) ? Double.POSITIVE_INFINITY : v[j]));
    // ties share their mean rank
    int i = 0;
    while (i < finite) {
      int j = i;
      while (j + 1 < finite && v[idx[j + 1]] == v[idx[i]]) {
        j++;
      }
      double r = finite > 1 ? ((i + j) / 2.0) / (finite - 1) : 0.5;
      for (int q = i; q <= j; q++) {
        out[idx[q]] = r;
      }
      i = j + 1;
    }
    for (int q = finite; q < v.length; q++) {
      out[idx[q]] = Double.NaN;
    }
    return out;
  }
}
