package org.nas4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.InputException;

/**
 * How SGD trains a network, the same for a single training, a search's candidates and a PBT population:
 * PyTorch's SGD with (Nesterov) momentum and L2 weight decay ({@link Sgd}) and a learning rate that is either
 * constant or annealed to 0 by a cosine over the whole run, per batch, without warm-up.
 *
 * <p>Each use keeps its own defaults: {@link #nasBench201()} for training and search, PBT's in
 * {@code PbtConfig}.
 *
 * @param batchSize images per SGD step
 * @param learningRate initial learning rate
 * @param momentum SGD momentum
 * @param weightDecay L2 weight decay, added to every gradient
 * @param nesterov Nesterov momentum (NAS-Bench-201: true)
 * @param cosine cosine decay of the learning rate to 0; else constant
 */
public record Recipe(int batchSize, double learningRate, double momentum, double weightDecay, boolean nesterov,
    boolean cosine) {

  public Recipe {
    if (batchSize < 1) {
      throw new InputException("batch size must be at least 1, got " + batchSize);
    }
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new InputException("learning rate must be a positive number, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new InputException("momentum must be in [0, 1), got " + momentum);
    }
    if (!(weightDecay >= 0)) {
      throw new InputException("weight decay must be >= 0, got " + weightDecay);
    }
  }

  /**
   * NAS-Bench-201's recipe (Nesterov momentum 0.9, weight decay 5e-4, learning rate 0.1, cosine) at batch 64:
   * NAS-Bench-201 used batch 256 on GPUs; on CPU a short run gets 4x more SGD steps from the same images at batch
   * 64, which matters for the 1-epoch fidelities a search uses (docs/training.md).
   */
  public static Recipe nasBench201() {
    return new Recipe(64, 0.1, 0.9, 5e-4, true, true);
  }

  /**
   * This recipe as model.json's {@code train} section, a study's options and an evaluation's provenance record it
   * ({@link #read} reads it back).
   */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("batch_size", batchSize);
    m.put("learning_rate", learningRate);
    m.put("momentum", momentum);
    m.put("weight_decay", weightDecay);
    m.put("nesterov", nesterov);
    m.put("cosine", cosine);
    return m;
  }

  /**
   * The recipe {@link #describe} wrote, as parsed JSON, or as a provenance records it (values as text).
   *
   * @throws NullPointerException, ClassCastException or NumberFormatException when a field is missing or not a number
   */
  public static Recipe read(Map<?, ?> m) {
    // models saved before the schedule was part of the recipe were all trained with the cosine
    return new Recipe(Math.toIntExact(number(m, "batch_size").longValue()), number(m, "learning_rate").doubleValue(),
        number(m, "momentum").doubleValue(), number(m, "weight_decay").doubleValue(),
        "true".equals(String.valueOf(m.get("nesterov"))), !"false".equals(String.valueOf(m.get("cosine"))));
  }

  /** A number of a recipe as JSON (a number) or a provenance (text) holds it. */
  static Number number(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new NullPointerException("no \"" + key + "\"");
    }
    return v instanceof String s ? (Number) new java.math.BigDecimal(s) : (Number) v;
  }

  public Recipe withBatchSize(int b) {
    return new Recipe(b, learningRate, momentum, weightDecay, nesterov, cosine);
  }

  public Recipe withLearningRate(double lr) {
    return new Recipe(batchSize, lr, momentum, weightDecay, nesterov, cosine);
  }

  /** Learning rate at step {@code step} of {@code steps}: the initial rate, or a cosine from it to 0. */
  public double learningRateAt(long step, long steps) {
    if (!cosine) {
      return learningRate;
    }
    return 0.5 * learningRate * (1 + Math.cos(Math.PI * Math.min(step, steps) / Math.max(1, steps)));
  }
}
