package org.nas4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.data.DataSplit;
import org.nas4j.engine.Engines;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Evaluator;
import org.nas4j.space.Architecture;

/**
 * Judges an architecture by really training it: {@code fidelity} epochs of {@link Trainer} with the given
 * seed, on one dataset. Thread-safe (each call builds its own network), so a runner may call it from several
 * worker threads at once.
 *
 * <p>The objective is the validation accuracy in percent. Metrics: {@code valid_accuracy} and
 * {@code test_accuracy} in percent (the objective's scale, as in NAS-Bench-201's tables),
 * {@code train_seconds}, {@code train_loss}, {@code flops} (multiply-accumulates per image) and
 * {@code images_per_second}. The cost is the training time in seconds. When training fails (NaN loss, an
 * engine error) the evaluation is FAILED with the reason; bad input (an op the network lacks) is thrown.
 */
public final class TrainingEvaluator implements Evaluator {
  private final TrainData data;
  private final TrainConfig base;

  /**
   * @param data what every candidate trains and is measured on
   * @param base the recipe; its epochs and seed are replaced by each call's fidelity and seed
   */
  public TrainingEvaluator(TrainData data, TrainConfig base) {
    this.data = Objects.requireNonNull(data, "data");
    this.base = Objects.requireNonNull(base, "base");
  }

  public TrainingEvaluator(DataSplit data, TrainConfig base) {
    this(TrainData.from(data), base);
  }

  public String task() {
    return data.task();
  }

  @Override
  public Evaluation evaluate(Architecture architecture, int fidelity, long seed) {
    if (fidelity < 1) {
      throw new InputException("a training evaluation needs at least 1 epoch, got fidelity " + fidelity);
    }
    long start = System.nanoTime();
    try {
      TrainConfig config = base.withEpochs(fidelity).withSeed(seed);
      TrainResult r = new Trainer(config).train(architecture, data, null);
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("valid_accuracy", 100 * r.validAccuracy());
      if (!Double.isNaN(r.testAccuracy())) {
        m.put("test_accuracy", 100 * r.testAccuracy());
      }
      m.put("train_seconds", r.trainSeconds());
      m.put("train_loss", r.finalLoss());
      m.put("flops", (double) r.flops());
      m.put("images_per_second", r.imagesPerSecond());
      return Evaluation.complete(r.architecture(), data.task(), fidelity, 100 * r.validAccuracy(), m,
          r.trainSeconds(), r.params(), seed).withProvenance(TrainingProvenance.of(config, data));
    } catch (InputException e) {
      throw e;
    } catch (RuntimeException e) {
      String why = e instanceof TrainingException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
      Evaluation failed = Evaluation.failed(architecture.toString(), data.task(), fidelity,
          (System.nanoTime() - start) / 1e9, seed, why);
      try {
        return failed.withProvenance(TrainingProvenance.of(base.withEpochs(fidelity), data));
      } catch (Engines.NativeLibraryException noEngine) {
        return failed; // the engine did not load, so no version to record: the error says so
      }
    }
  }
}
