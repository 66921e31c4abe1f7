package org.nas4j.pbt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nas4j.data.Augmentation;
import org.nas4j.data.Batch;
import org.nas4j.data.Loader;
import org.nas4j.data.Normalization;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Seeds;
import org.nas4j.pbt.space.GanNetworks;
import org.nas4j.pbt.space.GeneNetwork;
import org.nas4j.space.Architecture;
import org.nas4j.train.AdamStep;
import org.nas4j.train.FdClassifier;
import org.nas4j.train.Sgd;

/**
 * Trains one GAN member (generator, discriminator and the generator's exponential moving average) for one step and
 * measures its fitness, as the paper's GAN task does (Chebykin et al. 2023, after AdversarialNAS): hinge loss, Adam
 * with betas (0, 0.9) for both networks, the EMA generator updated after every generator step, fitness from the EMA
 * generator's samples. Deviations, for a CPU: one discriminator step per generator step (the paper: 5, with a 2x
 * generator batch) and EMA decay {@value #EMA_DECAY} (the paper: 0.999 over 300 epochs; runs here are ~1000x shorter).
 *
 * <p>Fitness is minus the {@link FdClassifier FD-classifier} of {@link FdClassifier#samples()} images generated from a
 * fixed noise seed ({@value #FITNESS_NOISE}), the same for every member, step and run. Samples are generated with
 * batch statistics (batches of {@value #SAMPLE_BATCH}), so a generator's samples do not depend on how its running
 * statistics were mixed.
 *
 * <p>Every native array lives in one manager per call, and every batch in a sub-manager; weights and Adam state go
 * back to the heap, keyed like {@link GanLayout}. Safe to call from several threads at once.
 */
final class GanTrainer {
  static final double EMA_DECAY = 0.99;
  static final long FITNESS_NOISE = 15;
  static final int SAMPLE_BATCH = 250;
  private static final double BETA1 = 0.0;
  private static final double BETA2 = 0.9;
  private static final double EPS = 1e-8;

  private final GanLayout layout;
  private final Loader train;
  private final double lr;
  private final FdClassifier fd;

  /**
   * @param train real images, normalised to [-1, 1] ({@link #TANH_RANGE})
   * @param lr Adam's learning rate for both networks
   */
  GanTrainer(GanLayout layout, Loader train, double lr, FdClassifier fd) {
    this.layout = layout;
    this.train = train;
    this.lr = lr;
    this.fd = fd;
  }

  /** Maps pixels in [0, 1] to the generator's tanh range [-1, 1]. */
  static Normalization tanhRange(int channels) {
    float[] half = new float[channels];
    java.util.Arrays.fill(half, 0.5f);
    return new Normalization(half, half);
  }

  int batchesPerEpoch() {
    return train.batches();
  }

  /**
   * Trains from global batch {@code from} to {@code to} (exclusive) of the member's data stream, then scores the EMA
   * generator. The result's {@code validAccuracy} is NaN; its fitness is in {@code fd} and {@code classifierScore}.
   */
  MemberTrainer.Result train(Architecture a, Weights start, Weights state, long dataSeed, long from, long to) {
    GanNetworks.Sizes s = layout.sizes();
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      Autograd.inference();
      GeneNetwork g = GanNetworks.generator(a, s);
      GeneNetwork d = GanNetworks.discriminator(a, s);
      GeneNetwork ema = GanNetworks.generator(a, s);
      g.initialize(m);
      d.initialize(m);
      ema.initialize(m);
      GanLayout.part(start, GanLayout.G).loadInto(g);
      GanLayout.part(start, GanLayout.D).loadInto(d);
      GanLayout.part(start, GanLayout.EMA).loadInto(ema);
      AdamStep adamG = new AdamStep(g.parameters(), m, lr, BETA1, BETA2, EPS);
      AdamStep adamD = new AdamStep(d.parameters(), m, lr, BETA1, BETA2, EPS);
      restore(adamG, GanLayout.G, state);
      restore(adamD, GanLayout.D, state);
      ParameterStore ps = new ParameterStore(m, false);
      int perEpoch = train.batches();
      long t0 = System.nanoTime();
      double lossSum = 0;
      long images = 0;
      int steps = 0;
      long at = from;
      while (at < to) {
        Iterator<Batch> it = train.epoch(dataSeed, (int) (at / perEpoch)).iterator();
        for (int i = 0; i < at % perEpoch; i++) {
          it.next();
        }
        while (it.hasNext() && at < to) {
          Batch b = it.next();
          try (NDManager bm = m.newSubManager()) {
            SplittableRandom rng = new SplittableRandom(Seeds.derive(dataSeed, at));
            NDArray real = Sgd.input(bm, b);
            NDArray zd = noise(bm, b.size(), s.latent(), rng);
            NDArray fake = g.block().forward(ps, new NDList(zd), true).singletonOrThrow(); // not recorded: no G grads
            float lossD = Autograd.recording(() -> {
              NDArray onReal = d.block().forward(ps, new NDList(real), true).singletonOrThrow();
              NDArray onFake = d.block().forward(ps, new NDList(fake), true).singletonOrThrow();
              NDArray l = onReal.neg().add(1).getNDArrayInternal().relu().mean()
                  .add(onFake.add(1).getNDArrayInternal().relu().mean());
              Autograd.backward(l);
              return l.getFloat();
            });
            adamD.update(bm);
            NDArray zg = noise(bm, b.size(), s.latent(), rng);
            float lossG = Autograd.recording(() -> {
              NDArray out = g.block().forward(ps, new NDList(zg), true).singletonOrThrow();
              NDArray l = d.block().forward(ps, new NDList(out), true).singletonOrThrow().mean().neg();
              Autograd.backward(l);
              return l.getFloat();
            });
            adamG.update(bm);
            adamD.zeroGradients(); // the generator's loss also reached the discriminator
            if (!Float.isFinite(lossD) || !Float.isFinite(lossG)) {
              return new MemberTrainer.Result(start, state, 0, Double.NaN, images, (System.nanoTime() - t0) / 1e9,
                  "loss became " + (Float.isFinite(lossD) ? "G " + lossG : "D " + lossD) + " at batch " + (at + 1)
                      + " of the run while training " + a, Double.NaN, Double.NaN);
            }
            updateEma(ema, g, bm);
            lossSum += lossD + lossG;
          }
          images += b.size();
          steps++;
          at++;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Map<String, Weights.Tensor> w = new LinkedHashMap<>();
      GanLayout.putAll(w, GanLayout.G, Weights.of(g));
      GanLayout.putAll(w, GanLayout.D, Weights.of(d));
      GanLayout.putAll(w, GanLayout.EMA, Weights.of(ema)); // before sampling, which moves running statistics
      FdClassifier.Score score = fd.score(samples(ema, m, fd.samples(), FITNESS_NOISE), fd.samples());
      Map<String, Weights.Tensor> st = new LinkedHashMap<>();
      save(st, GanLayout.G, adamG);
      save(st, GanLayout.D, adamD);
      return new MemberTrainer.Result(new Weights(w), new Weights(st), Double.NaN,
          steps == 0 ? Double.NaN : lossSum / steps, images, seconds, null, score.fd(), score.classifierScore());
    }
  }

  /**
   * {@code n} images from a member's EMA generator for noise seed {@code seed}, NCHW floats in [0, 1].
   */
  float[] generate(Architecture a, Weights w, int n, long seed) {
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      Autograd.inference();
      GeneNetwork ema = GanNetworks.generator(a, layout.sizes());
      ema.initialize(m);
      GanLayout.part(w, GanLayout.EMA).loadInto(ema);
      return samples(ema, m, n, seed);
    }
  }

  /** Samples of a generator network, batch statistics in batches of {@value #SAMPLE_BATCH}. */
  static float[] samples(GeneNetwork gen, NDManager m, int n, long seed) {
    ParameterStore ps = new ParameterStore(m, false);
    SplittableRandom rng = new SplittableRandom(seed);
    int latent = (int) gen.inputShape().get(0);
    float[] out = null;
    int per = 0;
    for (int from = 0; from < n; from += SAMPLE_BATCH) {
      // a full batch even for the last few images, so that batch statistics are over the same number of samples
      int b = Math.min(SAMPLE_BATCH, n);
      try (NDManager bm = m.newSubManager()) {
        NDArray img = gen.block().forward(ps, new NDList(noise(bm, b, latent, rng)), true).singletonOrThrow()
            .add(1).div(2);
        float[] v = img.toFloatArray();
        if (out == null) {
          per = v.length / b;
          out = new float[n * per];
        }
        System.arraycopy(v, 0, out, from * per, Math.min(b, n - from) * per);
      }
    }
    return out;
  }

  private static NDArray noise(NDManager bm, int b, int latent, SplittableRandom rng) {
    float[] z = new float[b * latent];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) rng.nextGaussian();
    }
    return bm.create(z, new Shape(b, latent));
  }

  /** ema = decay * ema + (1 - decay) * g, for every tensor (running statistics too). */
  private static void updateEma(GeneNetwork ema, GeneNetwork g, NDManager bm) {
    Map<String, Parameter> src = g.parameters();
    for (Map.Entry<String, Parameter> e : ema.parameters().entrySet()) {
      NDArray target = e.getValue().getArray();
      NDArray now = src.get(e.getKey()).getArray();
      try (NDManager scope = bm.newSubManager()) {
        NDArray step = now.mul(1 - EMA_DECAY);
        step.attach(scope);
        target.muli(EMA_DECAY).addi(step); // in place: gradient recording is off here
      }
    }
  }

  private static void restore(AdamStep adam, String prefix, Weights state) {
    for (Map.Entry<String, Weights.Tensor> e : GanLayout.part(state, prefix).tensors().entrySet()) {
      adam.restore(e.getKey(), e.getValue().data());
    }
  }

  private static void save(Map<String, Weights.Tensor> into, String prefix, AdamStep adam) {
    for (Map.Entry<String, float[]> e : adam.state().entrySet()) {
      into.put(prefix + e.getKey(), new Weights.Tensor(new long[] {e.getValue().length}, e.getValue(), Weights.Kind.OTHER));
    }
  }
}
