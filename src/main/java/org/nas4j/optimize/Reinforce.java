package org.nas4j.optimize;

import java.util.SplittableRandom;
import org.nas4j.evaluate.Seeds;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;

/**
 * REINFORCE (Williams 1992) as NAS-Bench-201's baseline runs it: the policy is an independent softmax over
 * the options of every position (edge), logits start at zero (uniform); after each tell the logits take one
 * Adam step on {@code -(reward - baseline) * log p(architecture)}, where the baseline is a bias-corrected
 * exponential moving average of rewards (momentum 0.9, updated before the advantage is taken, as in
 * NAS-Bench-201's code). Rewards are the objective in its own units (accuracy in %).
 *
 * <p>With a {@link Predictor} (XferNAS transfer, {@code reinforce-xfer}) the policy's logits are the sum of its
 * own and of prior logits pre-trained on the weighted transfer network {@link Predictor#prior} as the reward:
 * {@value #PRETRAIN_STEPS} plain policy-gradient steps from zero on batches of {@value #PRETRAIN_BATCH}
 * samples, advantage = prior minus the batch mean. The prior logits are pre-trained again whenever the
 * predictor re-weights its sources (after every tell up to {@value #REPRIOR_ALWAYS}, then every
 * {@value #REPRIOR_EVERY}th), so a source that stops ranking the target well stops steering the policy: nothing
 * is locked in. Plain gradient steps (not Adam) keep the step proportional to the prior's spread, so sources
 * with little weight move the policy little, and none leave it exactly plain REINFORCE.
 *
 * <p>A sampled architecture that was already asked or told is re-sampled (up to {@value #MAX_RETRIES}
 * times, then a random unseen one), so no architecture is asked twice until the space runs out. Failed
 * evaluations (NaN) do not update the policy.
 */
public final class Reinforce implements Optimizer {
  /** The settings: Adam learning rate and the baseline's momentum. */
  public record Config(double learningRate, double baselineMomentum) {
    public Config {
      if (!(learningRate > 0) || !(baselineMomentum >= 0 && baselineMomentum < 1)) {
        throw new IllegalArgumentException("need learningRate > 0 and 0 <= momentum < 1, got " + learningRate
            + ", " + baselineMomentum);
      }
    }

    public static final Config DEFAULT = new Config(0.05, 0.9);
  }

  static final int MAX_RETRIES = 100;
  static final int PRETRAIN_STEPS = 100;
  static final int PRETRAIN_BATCH = 16;
  static final double PRETRAIN_LR = 0.5;
  static final int REPRIOR_ALWAYS = 30;
  static final int REPRIOR_EVERY = 5;

  private final Config config;
  private final SearchSpace space;
  private final SplittableRandom rng;
  private final Seen seen;
  private final double[][] logits;
  /** Logits pre-trained on the weighted transfer network (zero without one). */
  private final double[][] prior;
  private final double[][] m;
  private final double[][] v;
  private final Adam adam;
  private double emaNumerator;
  private double emaDenominator;
  private final Predictor predictor;
  private final long seed;
  private int observed;

  public Reinforce(OptimizerContext ctx) {
    this(ctx, Config.DEFAULT);
  }

  public Reinforce(OptimizerContext ctx, Config config) {
    this(ctx, config, null);
  }

  /** With a predictor to pre-train the policy on (may be null for plain REINFORCE). */
  public Reinforce(OptimizerContext ctx, Config config, Predictor predictor) {
    this.predictor = predictor;
    this.seed = ctx.seed();
    this.config = config;
    this.space = ctx.space();
    this.rng = new SplittableRandom(ctx.seed());
    this.seen = new Seen(space);
    this.adam = new Adam(config.learningRate(), Adam.Correction.STEP_SIZE);
    int n = space.positions();
    logits = new double[n][];
    prior = new double[n][];
    m = new double[n][];
    v = new double[n][];
    for (int p = 0; p < n; p++) {
      logits[p] = new double[space.optionCount(p)];
      prior[p] = new double[space.optionCount(p)];
      m[p] = new double[space.optionCount(p)];
      v[p] = new double[space.optionCount(p)];
    }
    if (predictor != null) {
      pretrainPrior();
    }
  }

  /**
   * Pre-trains the prior logits from zero on the predictor's current weighted transfer network, on a random
   * stream of their own (the same one every time, so the prior changes only as far as the weights do).
   */
  private void pretrainPrior() {
    for (double[] row : prior) {
      java.util.Arrays.fill(row, 0);
    }
    double trusted = 0;
    for (double w : predictor.sourceWeights()) {
      trusted += w;
    }
    if (trusted == 0) {
      return; // no source is trusted: plain REINFORCE
    }
    SplittableRandom preRng = new SplittableRandom(Seeds.derive(seed, 1));
    for (int step = 0; step < PRETRAIN_STEPS; step++) {
      Architecture[] batch = new Architecture[PRETRAIN_BATCH];
      double[] reward = new double[PRETRAIN_BATCH];
      double mean = 0;
      double[][] probs = new double[prior.length][];
      for (int p = 0; p < prior.length; p++) {
        probs[p] = softmax(prior[p]);
      }
      for (int i = 0; i < PRETRAIN_BATCH; i++) {
        batch[i] = draw(probs, preRng);
        reward[i] = predictor.prior(batch[i]);
        mean += reward[i] / PRETRAIN_BATCH;
      }
      for (int p = 0; p < prior.length; p++) {
        double[] prob = probs[p];
        for (int i = 0; i < PRETRAIN_BATCH; i++) {
          double adv = (reward[i] - mean) / PRETRAIN_BATCH;
          for (int o = 0; o < prob.length; o++) {
            prior[p][o] += PRETRAIN_LR * adv * ((o == batch[i].gene(p) ? 1 : 0) - prob[o]);
          }
        }
      }
    }
  }

  @Override
  public String name() {
    return predictor != null ? "reinforce-xfer" : "reinforce";
  }

  @Override
  public Architecture ask() {
    Architecture a = seen.redraw(() -> sample(rng), MAX_RETRIES, rng);
    seen.add(a);
    return a;
  }

  private Architecture sample(SplittableRandom rng) {
    double[][] probs = new double[logits.length][];
    for (int p = 0; p < probs.length; p++) {
      probs[p] = policy(p);
    }
    return draw(probs, rng);
  }

  private Architecture draw(double[][] probs, SplittableRandom rng) {
    int[] g = new int[probs.length];
    for (int p = 0; p < g.length; p++) {
      double[] prob = probs[p];
      double u = rng.nextDouble();
      int k = 0;
      double acc = prob[0];
      while (u >= acc && k < prob.length - 1) {
        acc += prob[++k];
      }
      g[p] = k;
    }
    return space.of(g);
  }

  @Override
  public void tell(Architecture architecture, double value) {
    seen.add(architecture);
    if (Double.isNaN(value)) {
      return;
    }
    if (predictor != null) {
      predictor.observe(architecture, value);
      observed++;
      if (observed <= REPRIOR_ALWAYS || observed % REPRIOR_EVERY == 0) {
        pretrainPrior();
      }
    }
    double mom = config.baselineMomentum();
    emaNumerator = mom * emaNumerator + (1 - mom) * value;
    emaDenominator = mom * emaDenominator + (1 - mom);
    double advantage = value - emaNumerator / emaDenominator;
    adam.step();
    for (int p = 0; p < logits.length; p++) {
      double[] prob = policy(p);
      int chosen = architecture.gene(p);
      double[] grad = new double[prob.length];
      for (int o = 0; o < prob.length; o++) {
        // d/dlogit of -(adv * log p(chosen)) = -adv * (1[o == chosen] - p_o)
        grad[o] = -advantage * ((o == chosen ? 1 : 0) - prob[o]);
      }
      adam.update(logits[p], grad, m[p], v[p], 1);
    }
  }

  /** The current probability of each option at a position (a copy): softmax of own plus prior logits. */
  public double[] policy(int position) {
    double[] z = logits[position].clone();
    for (int o = 0; o < z.length; o++) {
      z[o] += prior[position][o];
    }
    return softmax(z);
  }

  private static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double x : z) {
      max = Math.max(max, x);
    }
    double[] out = new double[z.length];
    double sum = 0;
    for (int i = 0; i < z.length; i++) {
      out[i] = Math.exp(z[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < z.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  @Override
  public String toString() {
    return "Reinforce[lr=" + config.learningRate() + ", momentum=" + config.baselineMomentum() + "]";
  }
}
