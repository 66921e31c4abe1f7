package org.nas4j.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nas4j.data.Batch;
import org.nas4j.data.Loader;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Seeds;
import org.nas4j.network.ImageNetwork;
import org.nas4j.network.NetworkConfig;
import org.nas4j.space.Architecture;

/**
 * Trains one architecture with a {@link TrainConfig} (NAS-Bench-201's recipe by default) and measures it;
 * every batch is one {@link Sgd} step.
 *
 * <p>Reusable and stateless: every call builds its own network in its own {@link NDManager}, so several
 * threads may train at once (each turns its own gradient recording on and off through {@link Autograd};
 * DJL's one-per-JVM gradient collector is never used). Every batch lives in a sub-manager that is closed
 * after the step, so native memory does not grow with the number of steps or of trainings.
 *
 * <p>The seed fixes the weights ({@code Stream.WEIGHTS}) and the data order and augmentation
 * ({@code Stream.DATA_ORDER}): the same seed on the same machine and thread count gives the same result.
 */
public final class Trainer {
  private final TrainConfig config;

  public Trainer(TrainConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public TrainConfig config() {
    return config;
  }

  /** Trains on a loaded dataset, measures and frees the network. */
  public TrainResult train(Architecture architecture, org.nas4j.data.DataSplit data, ProgressListener listener) {
    return train(architecture, TrainData.from(data), listener);
  }

  /** Trains, measures and frees the network. */
  public TrainResult train(Architecture architecture, TrainData data, ProgressListener listener) {
    try (TrainedModel model = fit(architecture, data, listener)) {
      return model.result();
    }
  }

  /**
   * Trains and measures the network and hands it over; the caller closes it.
   *
   * @throws TrainingException when the loss stops being finite or the thread is interrupted
   */
  public TrainedModel fit(Architecture architecture, TrainData data, ProgressListener listener) {
    listener = listener == null ? ProgressListener.NONE : listener;
    NetworkConfig nc = config.network(data.train().channels(), data.train().height(), data.train().width(),
        data.train().classes());
    ImageNetwork net = ImageNetwork.build(architecture, nc, config.options());
    NDManager manager = Engines.newManager();
    boolean handedOver = false;
    try {
      Autograd.inference();
      net.initialize(manager, Seeds.stream(config.seed(), Seeds.Stream.WEIGHTS));
      Map<String, Parameter> parameters = new LinkedHashMap<>();
      for (Pair<String, Parameter> p : net.getParameters()) {
        parameters.put(p.getKey(), p.getValue());
      }
      Sgd sgd = new Sgd(net, parameters, manager, config.recipe());
      Loader loader = new Loader(data.train(), data.normalization(), config.recipe().batchSize(), data.augmentation());
      long dataSeed = Seeds.stream(config.seed(), Seeds.Stream.DATA_ORDER);
      int batches = loader.batches();
      long steps = (long) batches * config.epochs();
      long step = 0;
      long images = 0;
      double lastEpochLoss = Double.NaN;
      long start = System.nanoTime();
      for (int epoch = 0; epoch < config.epochs(); epoch++) {
        double lossSum = 0;
        long lossCount = 0;
        int b = 0;
        for (Batch batch : loader.epoch(dataSeed, epoch)) {
          if (Thread.currentThread().isInterrupted()) {
            throw new TrainingException("training of " + architecture + " was interrupted");
          }
          double lr = config.recipe().learningRateAt(step, steps);
          net.trainingProgress((double) step / steps);
          float loss;
          int e = epoch;
          int at = b;
          try (NDManager bm = manager.newSubManager()) {
            loss = sgd.step(bm, batch, lr,
                () -> "at epoch " + (e + 1) + " batch " + (at + 1) + " while training " + architecture);
          }
          step++;
          b++;
          images += batch.size();
          lossSum += loss * batch.size();
          lossCount += batch.size();
          double elapsed = (System.nanoTime() - start) / 1e9;
          listener.onBatch(new ProgressListener.Progress(epoch + 1, config.epochs(), b, batches, loss, lr,
              images / Math.max(elapsed, 1e-9), elapsed));
        }
        lastEpochLoss = lossSum / Math.max(1, lossCount);
      }
      double trainSeconds = (System.nanoTime() - start) / 1e9;
      TrainedModel model = new TrainedModel(manager, new TrainedModel.Network(net, architecture,
          new ai.djl.ndarray.types.Shape(nc.inputChannels(), nc.height(), nc.width())),
          data.normalization(), data.train().classNames(), config, null, TrainingProvenance.of(config, data));
      int validImages = data.valid().size();
      int total = validImages + (data.test() == null ? 0 : data.test().size());
      ProgressListener heard = listener;
      heard.onEvaluating(0, total);
      double valid = model.accuracy(data.valid(), done -> heard.onEvaluating(done, total));
      double test = data.test() == null ? Double.NaN
          : model.accuracy(data.test(), done -> heard.onEvaluating(validImages + done, total));
      TrainResult result = new TrainResult(architecture.toString(), data.task(), config.epochs(), valid, test,
          lastEpochLoss, net.parameterCount(), net.flops(), trainSeconds,
          images / Math.max(trainSeconds, 1e-9), config.seed());
      handedOver = true;
      return model.withResult(result);
    } finally {
      if (!handedOver) {
        manager.close();
      }
    }
  }
}
