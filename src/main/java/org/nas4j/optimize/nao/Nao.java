package org.nas4j.optimize.nao;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.nas4j.evaluate.Seeds;
import org.nas4j.optimize.Optimizer;
import org.nas4j.optimize.OptimizerContext;
import org.nas4j.optimize.Predictor;
import org.nas4j.optimize.Seen;
import org.nas4j.optimize.SourceObservations;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.util.Shuffle;

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
 * <p>With {@link Transfer} and a {@link Predictor} that trusts at least one source, the encoder, decoder and
 * one head h_s per source are first trained on the source tasks (per-task normalised targets), the heads
 * are frozen, and the target prediction becomes {@code u(e) + beta + r(e)} with {@code u = sum_s w_s h_s}: the
 * weights are the predictor's ({@link Predictor#sourceWeights}: how well each source ranks the target's
 * evaluations), r is NAO's own predictor and beta an offset refitted on the target before each iteration. The
 * first {@link Transfer#initial()} asks are the predictor's own picks ({@link Predictor#bestUnseen}: a mix of
 * the sources' favourites and random architectures while the weights are learned). Source architectures join
 * the candidate seeds, scored by the prediction, and the random share of each batch is NAO's times the weight
 * of the target-only model. Without a trusted source the optimizer is exactly plain NAO.
 */
public final class Nao implements Optimizer {

  /** How objectives are mapped to predictor targets in [0, 1]. */
  public enum Targets {
    /** NAO's {@code (y - min) / (max - min)} over the pool. */
    MINMAX,
    /** Rank / (n - 1): robust to the long tail of broken architectures (NAS-Bench-201's 10% cells). */
    RANK
  }

  /**
   * XferNAO's settings.
   *
   * @param epochs source pre-training epochs
   * @param topPerSource best architectures of each source kept for pre-training and as candidate seeds
   * @param samplePerSource further random architectures of each source kept for pre-training
   * @param initial target evaluations chosen by the transfer predictor before the first generation (NAO's
   *     random initial batch, chosen by the predictor instead: 16, like NAO's, measured in docs/nao.md)
   * @param perIteration architectures generated per iteration on the target
   */
  public record Transfer(int epochs, int topPerSource, int samplePerSource, int initial, int perIteration) {
    public static Transfer defaults() {
      return new Transfer(20, 100, 300, 16, 5);
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
  private final Predictor predictor;
  private final List<SourceObservations> given;
  /** The sources that got a head at pre-training, and their indices among the predictor's sources. */
  private final List<SourceObservations> sources = new ArrayList<>();
  private int[] sourceIndex = new int[0];
  private final boolean transfer;
  private final Map<Architecture, Double> told = new LinkedHashMap<>();
  private final Seen seen;
  private final ArrayDeque<Architecture> queue = new ArrayDeque<>();
  /** Each head's best source architectures, candidate seeds while that head has weight. */
  private final List<List<Architecture>> sourcePool = new ArrayList<>();
  private boolean pretrained;
  private int trainings;
  private int generations;

  /** Plain NAO with default settings; sources in the context are ignored. */
  public static Nao create(OptimizerContext context) {
    return new Nao(context, Config.defaults(), null);
  }

  /**
   * XferNAO: NAO with transfer from the context's sources, weighted by the predictor (plain NAO when it trusts
   * none of them).
   */
  public static Nao xfer(OptimizerContext context, Predictor predictor) {
    return new Nao(context, Config.defaults().withTransfer(Transfer.defaults()), predictor);
  }

  /**
   * @param predictor the transfer predictor built on the context's sources (its source weights are aligned
   *     with them); null, or a config without {@link Config#transfer()}, for plain NAO
   */
  public Nao(OptimizerContext context, Config config, Predictor predictor) {
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
    this.seen = new Seen(space);
    this.given = context.sources();
    boolean trusted = false;
    if (config.transfer() != null && predictor != null) {
      double[] w = predictor.sourceWeights();
      for (int i = 0; i < w.length; i++) {
        if (w[i] > 0) { // before any target evaluation, every source the predictor trusts at all has weight
          trusted = true;
          for (Architecture a : given.get(i).architectures()) {
            if (!a.space().name().equals(space.name()) || a.space().positions() != space.positions()) {
              throw new IllegalArgumentException("source " + given.get(i).task() + " is in space "
                  + a.space().name() + ", not the target's " + space.name());
            }
          }
        }
      }
    }
    this.transfer = trusted;
    this.predictor = transfer ? predictor : null;
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

  /** XferNAO's batch size once it has heads; NAO's when no source was trusted at pre-training. */
  int perIteration() {
    return model.heads.length > 0 ? config.transfer().perIteration() : config.perIteration();
  }

  @Override
  public Architecture ask() {
    Architecture next = pollQueue();
    if (next == null && observations().size() >= initial()) {
      generate();
      next = pollQueue();
    }
    if (next == null) {
      next = transfer ? predictor.bestUnseen(space, seen, rng) : seen.randomUnseen(rng);
    }
    seen.add(next);
    return next;
  }

  @Override
  public void tell(Architecture architecture, double value) {
    told.put(architecture, value);
    seen.add(architecture);
    if (transfer) {
      predictor.observe(architecture, value);
    }
  }

  private Architecture pollQueue() {
    while (!queue.isEmpty()) {
      Architecture a = queue.poll();
      if (!seen.contains(a)) {
        return a;
      }
    }
    return null;
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
    if (model.heads.length > 0) {
      weighHeads(archs, y);
    }
    if (!archs.isEmpty()) {
      List<Epd.Sample> samples = new ArrayList<>();
      for (int i = 0; i < archs.size(); i++) {
        samples.add(new Epd.Sample(model.tokens(archs.get(i).genes()), y[i], -1));
      }
      int epochs = trainings == 0 ? config.firstEpochs() : config.epochs();
      model.train(samples, epochs, config.batch(), adam(), new SplittableRandom(Seeds.derive(seed, 100 + generations)),
          augment(), new SplittableRandom(Seeds.derive(seed, 300 + generations)));
      trainings++;
    }

    // seeds: best measured (NAO); with transfer also source architectures scored by the prediction
    Map<Architecture, Double> score = new LinkedHashMap<>();
    for (int i = 0; i < archs.size(); i++) {
      score.put(archs.get(i), y[i]);
    }
    for (int h = 0; h < sourcePool.size(); h++) {
      if (model.weights[h] == 0) {
        continue; // a source that does not rank the target offers no seeds
      }
      for (Architecture a : sourcePool.get(h)) {
        if (!score.containsKey(a)) {
          score.put(a, model.predict(model.tokens(a.genes())));
        }
      }
    }
    List<Architecture> seedList = score.entrySet().stream()
        .sorted(Map.Entry.<Architecture, Double>comparingByValue().reversed())
        .limit(config.seeds()).map(Map.Entry::getKey).toList();

    // XferNAO explores as NAO does only as far as the target-only model outweighs the sources
    double trusted = 0;
    for (double w : model.weights) {
      trusted += w;
    }
    double share = config.explore() * Math.max(0, 1 - trusted);
    int random = (int) Math.round(share * perIteration());
    int want = perIteration() - random;
    Set<Architecture> batch = new java.util.LinkedHashSet<>();
    for (int k = 0; k <= config.etaSteps() && batch.size() < want; k++) {
      for (Architecture s : seedList) {
        Architecture c = space.of(model.improve(model.tokens(s.genes()), k * config.eta()));
        if (!seen.contains(c)) {
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
      Architecture a = seen.randomUnseen(rng);
      if (inBatch.add(a)) {
        queue.add(a);
      }
    }
  }

  private ClippedAdam adam() {
    return new ClippedAdam(config.learningRate(), config.weightDecay(), 5.0);
  }

  /**
   * Source phase, at the first generation: encoder, decoder and one head per source that the predictor
   * trusts after the first target evaluations, trained on those sources; the heads are then frozen. With no
   * trusted source nothing is trained and NAO continues as plain NAO.
   */
  private void pretrain() {
    pretrained = true;
    Transfer t = config.transfer();
    double[] w = predictor.sourceWeights();
    List<Integer> index = new ArrayList<>();
    for (int i = 0; i < w.length; i++) {
      if (w[i] > 0) {
        index.add(i);
        sources.add(given.get(i));
      }
    }
    sourceIndex = index.stream().mapToInt(Integer::intValue).toArray();
    if (sources.isEmpty()) {
      return;
    }
    model.addTransfer(sources.size(), config.mlpHidden(), new SplittableRandom(Seeds.derive(seed, 2)));
    List<Epd.Sample> samples = new ArrayList<>();
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
      Shuffle.front(rest, t.samplePerSource(), pick);
      chosen.addAll(rest.subList(0, Math.min(t.samplePerSource(), rest.size())));
      // normalised within the kept sample, so the best architectures stay apart (over the whole table
      // NAS-Bench-201's best 100 would all sit within 1% of the top)
      double[] v = normalise(chosen.stream().mapToDouble(i -> all[i]).toArray(), config.targets());
      List<Architecture> pool = new ArrayList<>();
      for (int k = 0; k < chosen.size(); k++) {
        if (Double.isNaN(v[k])) {
          continue;
        }
        Architecture a = src.architectures().get(chosen.get(k));
        samples.add(new Epd.Sample(model.tokens(a.genes()), v[k], s));
        if (k < top) {
          pool.add(a);
        }
      }
      sourcePool.add(pool);
    }
    model.train(samples, t.epochs(), config.batch(), adam(), new SplittableRandom(Seeds.derive(seed, 4)), augment(),
        new SplittableRandom(Seeds.derive(seed, 5)));
    for (Mlp h : model.heads) {
      h.setFrozen(true);
    }
  }

  /** NAO's symmetry augmentation, for spaces that have symmetries (none for NAS-Bench-201 cells). */
  private Epd.Augment augment() {
    return space.hasSymmetries() ? (tok, r) -> model.tokens(space.equivalentGenes(model.genes(tok), r)) : null;
  }

  private static double nanLow(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  /**
   * The heads' weights in u are the predictor's current source weights; beta is the mean of what u leaves
   * unexplained on the target's normalised values, so r learns deviations from it.
   */
  private void weighHeads(List<Architecture> archs, double[] y) {
    double[] w = predictor.sourceWeights();
    for (int s = 0; s < sourceIndex.length; s++) {
      model.weights[s] = w[sourceIndex[s]];
    }
    double b = 0;
    for (int i = 0; i < archs.size(); i++) {
      b += (y[i] - model.transferValue(model.tokens(archs.get(i).genes()))) / archs.size();
    }
    model.beta = archs.isEmpty() ? 0 : b;
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
