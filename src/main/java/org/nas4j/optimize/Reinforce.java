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
 * <p>With a {@link Predictor} (XferNAS transfer, {@code reinforce-xfer}) the policy is first pre-trained
 * with the predictions as the reward, before the first real evaluation: {@value #PRETRAIN_STEPS} plain
 * policy-gradient steps on batches of {@value #PRETRAIN_BATCH} samples, advantage = prediction minus the
 * batch mean. Plain gradient steps (not Adam) keep the step proportional to the predictions' spread, so a
 * predictor that trusts its sources little moves the policy little.
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
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final Config config;
  private final SearchSpace space;
  private final SplittableRandom rng;
  private final Seen seen;
  private final double[][] logits;
  private final double[][] m;
  private final double[][] v;
  private int steps;
  private double emaNumerator;
  private double emaDenominator;
  private final boolean pretrained;

  public Reinforce(OptimizerContext ctx) {
    this(ctx, Config.DEFAULT);
  }

  public Reinforce(OptimizerContext ctx, Config config) {
    this(ctx, config, null);
  }

  /** With a predictor to pre-train the policy on (may be null for plain REINFORCE). */
  public Reinforce(OptimizerContext ctx, Config config, Predictor predictor) {
    this.pretrained = predictor != null;
    this.config = config;
    this.space = ctx.space();
    this.rng = new SplittableRandom(ctx.seed());
    this.seen = new Seen(space);
    int n = space.positions();
    logits = new double[n][];
    m = new double[n][];
    v = new double[n][];
    for (int p = 0; p < n; p++) {
      logits[p] = new double[space.optionCount(p)];
      m[p] = new double[space.optionCount(p)];
      v[p] = new double[space.optionCount(p)];
    }
    if (predictor != null) {
      // its own random stream, so a predictor that knows nothing leaves the search exactly plain REINFORCE
      pretrain(predictor, new SplittableRandom(Seeds.derive(ctx.seed(), 1)));
    }
  }

  private void pretrain(Predictor predictor, SplittableRandom preRng) {
    for (int step = 0; step < PRETRAIN_STEPS; step++) {
      Architecture[] batch = new Architecture[PRETRAIN_BATCH];
      double[] reward = new double[PRETRAIN_BATCH];
      double mean = 0;
      for (int i = 0; i < PRETRAIN_BATCH; i++) {
        batch[i] = sample(preRng);
        reward[i] = predictor.predict(batch[i]);
        mean += reward[i] / PRETRAIN_BATCH;
      }
      for (int p = 0; p < logits.length; p++) {
        double[] prob = softmax(logits[p]);
        for (int i = 0; i < PRETRAIN_BATCH; i++) {
          double adv = (reward[i] - mean) / PRETRAIN_BATCH;
          for (int o = 0; o < prob.length; o++) {
            logits[p][o] += PRETRAIN_LR * adv * ((o == batch[i].gene(p) ? 1 : 0) - prob[o]);
          }
        }
      }
    }
  }

  @Override
  public String name() {
    return pretrained ? "reinforce-xfer" : "reinforce";
  }

  @Override
  public Architecture ask() {
    Architecture a = sample(rng);
    for (int r = 0; seen.contains(a) && r < MAX_RETRIES; r++) {
      a = sample(rng);
    }
    if (seen.contains(a) && !seen.exhausted()) {
      a = seen.randomUnseen(rng);
    }
    seen.add(a);
    return a;
  }

  private Architecture sample(SplittableRandom rng) {
    int[] g = new int[logits.length];
    for (int p = 0; p < g.length; p++) {
      double[] prob = softmax(logits[p]);
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
    double mom = config.baselineMomentum();
    emaNumerator = mom * emaNumerator + (1 - mom) * value;
    emaDenominator = mom * emaDenominator + (1 - mom);
    double advantage = value - emaNumerator / emaDenominator;
    steps++;
    double lrT = config.learningRate() * Math.sqrt(1 - Math.pow(BETA2, steps)) / (1 - Math.pow(BETA1, steps));
    for (int p = 0; p < logits.length; p++) {
      double[] prob = softmax(logits[p]);
      int chosen = architecture.gene(p);
      for (int o = 0; o < prob.length; o++) {
        // d/dlogit of -(adv * log p(chosen)) = -adv * (1[o == chosen] - p_o)
        double grad = -advantage * ((o == chosen ? 1 : 0) - prob[o]);
        m[p][o] = BETA1 * m[p][o] + (1 - BETA1) * grad;
        v[p][o] = BETA2 * v[p][o] + (1 - BETA2) * grad * grad;
        logits[p][o] -= lrT * m[p][o] / (Math.sqrt(v[p][o]) + EPS);
      }
    }
  }

  /** The current probability of each option at a position (a copy). */
  public double[] policy(int position) {
    return softmax(logits[position]);
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
