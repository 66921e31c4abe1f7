package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.nas4j.data.Batch;
import org.nas4j.data.Loader;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.engine.Tensors;
import org.nas4j.space.Architecture;
import org.nas4j.train.Recipe;
import org.nas4j.train.Sgd;
import org.nas4j.train.TrainedModel;
import org.nas4j.train.TrainingException;

/**
 * Trains one member for one step with nas4j's one SGD step ({@link Sgd}) and measures its fitness. The momentum
 * is keyed by the network's stable parameter keys, so that it survives between steps in the member's checkpoint
 * and can be kept for the layers a child inherits unchanged. Everything native lives in one manager per call
 * (one sub-manager per batch) and is freed before returning; weights and momentum go back to the heap.
 *
 * <p>Safe to call from several threads at once: each call owns its network, and gradients are recorded per
 * thread ({@link Autograd}).
 */
final class MemberTrainer {
  private final Function<Architecture, GeneNetwork> builder;
  private final Recipe settings;
  private final Loader train;
  private final Loader valid;
  private final long totalBatches;

  /**
   * @param builder builds a (not yet initialised) network of an architecture
   * @param totalBatches batches over the whole run, for the cosine schedule
   */
  public MemberTrainer(Function<Architecture, GeneNetwork> builder, Recipe settings, Loader train,
      Loader valid, long totalBatches) {
    this.builder = builder;
    this.settings = settings;
    this.train = train;
    this.valid = valid;
    this.totalBatches = Math.max(1, totalBatches);
  }

  /** Batches in one training epoch. */
  public int batchesPerEpoch() {
    return train.batches();
  }

  /**
   * The outcome of a step.
   *
   * @param weights weights after training
   * @param momentum optimizer state after training
   * @param validAccuracy fitness: the fraction of validation images classified correctly
   * @param trainLoss mean training loss of the step
   * @param images images trained on
   * @param trainSeconds wall time of the training part
   * @param diverged null, or why training stopped: the loss became NaN or infinite. The member then keeps the
   *     weights and momentum it started the step with, and its fitness is 0 so that selection replaces it
   * @param fd the GAN task's FD-classifier (lower is better; its fitness is minus this), NaN for a classifier
   * @param classifierScore the GAN task's classifier-based Inception-Score analogue, NaN for a classifier
   */
  public record Result(Weights weights, Weights momentum, double validAccuracy, double trainLoss, long images,
      double trainSeconds, String diverged, double fd, double classifierScore) {
    /** A classifier's result: no FD-classifier (GAN) scores. */
    public Result(Weights weights, Weights momentum, double validAccuracy, double trainLoss, long images,
        double trainSeconds, String diverged) {
      this(weights, momentum, validAccuracy, trainLoss, images, trainSeconds, diverged, Double.NaN, Double.NaN);
    }
  }

  /**
   * Trains from global batch {@code from} (inclusive) to {@code to} (exclusive) of the member's data stream,
   * then evaluates on the validation set.
   *
   * @param dataSeed fixes the member's data order and augmentation
   */
  public Result train(Architecture a, Weights start, Weights momentum, long dataSeed, long from, long to) {
    try (NDManager m = Engines.newManager()) {
      Autograd.inference();
      GeneNetwork net = builder.apply(a);
      net.initialize(m);
      start.loadInto(net);
      Sgd sgd = new Sgd(net.block(), net.parameters(), m, settings);
      for (Map.Entry<String, NDArray> e : sgd.momentum().entrySet()) {
        Weights.Tensor t = momentum.get(e.getKey());
        if (t != null && e.getValue().getShape().equals(new Shape(t.shape()))) {
          Tensors.overwrite(e.getValue(), t.data());
        }
      }
      int perEpoch = train.batches();
      long t0 = System.nanoTime();
      double lossSum = 0;
      long images = 0;
      int steps = 0;
      long g = from;
      while (g < to) {
        int epoch = (int) (g / perEpoch);
        int skip = (int) (g % perEpoch);
        Iterator<Batch> it = train.epoch(dataSeed, epoch).iterator();
        for (int i = 0; i < skip; i++) {
          it.next();
        }
        while (it.hasNext() && g < to) {
          Batch b = it.next();
          long at = g;
          try (NDManager bm = m.newSubManager()) {
            lossSum += sgd.step(bm, b, settings.learningRateAt(g, totalBatches),
                () -> "at batch " + (at + 1) + " of the run while training " + a);
          } catch (TrainingException e) {
            return new Result(start, momentum, 0, Double.NaN, images, (System.nanoTime() - t0) / 1e9, e.getMessage());
          }
          images += b.size();
          steps++;
          g++;
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double acc = accuracy(net, new ParameterStore(m, false), valid, m);
      Map<String, Weights.Tensor> mom = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> e : sgd.momentum().entrySet()) {
        NDArray v = e.getValue();
        mom.put(e.getKey(), new Weights.Tensor(v.getShape().getShape(), v.toFloatArray(), Weights.Kind.OTHER));
      }
      return new Result(Weights.of(net), new Weights(mom), acc, steps == 0 ? Double.NaN : lossSum / steps, images, seconds,
          null);
    }
  }

  /** The fraction of a set that a member's weights classify correctly, in inference mode. */
  public double accuracy(Architecture a, Weights w, Loader set) {
    try (NDManager m = Engines.newManager()) {
      Autograd.inference();
      GeneNetwork net = builder.apply(a);
      net.initialize(m);
      w.loadInto(net);
      return accuracy(net, new ParameterStore(m, false), set, m);
    }
  }

  private static double accuracy(GeneNetwork net, ParameterStore ps, Loader set, NDManager m) {
    return TrainedModel.accuracy(TrainedModel.predict(net.block(), ps, m, set, done -> {}), set.set());
  }
}
