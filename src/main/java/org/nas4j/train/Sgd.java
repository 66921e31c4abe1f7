package org.nas4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.nas4j.data.Batch;
import org.nas4j.engine.Autograd;
import org.nas4j.network.ImageNetwork;

/**
 * The one SGD training step of nas4j, used by {@link Trainer} (single trainings and search candidates) and by
 * PBT's member trainer. A batch goes in as a channels-last view ({@link #input}); the loss is the mean
 * cross-entropy of the logits; a NaN or infinite loss throws before any weight changes; the update is
 * PyTorch's {@code torch.optim.SGD} with L2 weight decay and (Nesterov) momentum:
 * {@code g += wd*w; buf = m*buf + g; g = g + m*buf (Nesterov) or buf; w -= lr*g}. DJL's own {@code Sgd} has no
 * Nesterov, and parameters that took no part in a step (dead paths) have no gradient and are left alone, as
 * PyTorch does.
 *
 * <p>Momentum buffers are keyed by the caller's parameter names and live in the caller's manager, so that PBT
 * can restore and save them with a member's checkpoint. Everything a step creates lives in the batch's manager.
 * Not thread-safe: one per network and thread (gradients are recorded per thread, {@link Autograd}).
 */
public final class Sgd {
  private final Block network;
  private final ParameterStore store;
  private final Recipe recipe;
  private final Map<String, NDArray> weights = new LinkedHashMap<>();
  private final Map<String, NDArray> momentum = new LinkedHashMap<>();

  /**
   * @param parameters the network's initialised parameters by name; those that require a gradient are trained
   * @param manager the network's manager, which owns the momentum buffers (zero at first)
   */
  public Sgd(Block network, Map<String, Parameter> parameters, NDManager manager, Recipe recipe) {
    this.network = network;
    this.store = new ParameterStore(manager, false);
    this.recipe = recipe;
    for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
      if (p.getValue().requiresGradient()) {
        NDArray w = p.getValue().getArray();
        weights.put(p.getKey(), w);
        momentum.put(p.getKey(), manager.zeros(w.getShape(), w.getDataType()));
      }
    }
  }

  /** The momentum buffers by parameter name: the live arrays, to overwrite (restore) or read (save). */
  public Map<String, NDArray> momentum() {
    return Collections.unmodifiableMap(momentum);
  }

  /**
   * Trains on one batch at learning rate {@code lr}.
   *
   * @param bm the batch's manager, closed by the caller after the step
   * @param where where training is (e.g. epoch, batch and architecture), for the message of a non-finite loss
   * @return the batch's mean loss
   * @throws TrainingException when the loss is NaN or infinite; the weights are then as before the step
   */
  public float step(NDManager bm, Batch batch, double lr, Supplier<String> where) {
    NDArray x = input(bm, batch);
    long[] labels = new long[batch.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = batch.labels()[i];
    }
    NDArray y = bm.create(labels).reshape(labels.length, 1);
    float loss = Autograd.recording(() -> {
      NDList out = network.forward(store, new NDList(x), true);
      NDArray l = out.get(0).logSoftmax(1).gather(y, 1).mean().neg();
      if (out.size() > 1 && network instanceof ImageNetwork n && n.auxiliaryWeight() > 0) {
        // NASNet's auxiliary head: its cross-entropy joins the loss with a fixed weight (NAO: 0.4)
        l = l.add(out.get(1).logSoftmax(1).gather(y, 1).mean().neg().mul((float) n.auxiliaryWeight()));
      }
      Autograd.backward(l);
      return l.getFloat();
    });
    if (!Float.isFinite(loss)) {
      throw new TrainingException("loss became " + loss + " " + where.get() + " (learning rate " + lr + ")");
    }
    update(bm, lr);
    return loss;
  }

  private void update(NDManager bm, double lr) {
    NDArray lrS = bm.create((float) lr);
    NDArray wdS = bm.create((float) recipe.weightDecay());
    NDArray mS = bm.create((float) recipe.momentum());
    boolean decay = recipe.weightDecay() != 0;
    boolean withMomentum = recipe.momentum() != 0;
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      NDArray w = e.getValue();
      NDArray g = Autograd.gradient(w);
      if (g == null) {
        continue;
      }
      try {
        if (decay) {
          g.addi(wdS.mul(w));
        }
        NDArray update = g;
        if (withMomentum) {
          NDArray buf = momentum.get(e.getKey());
          buf.muli(mS).addi(g);
          update = recipe.nesterov() ? g.addi(mS.mul(buf)) : buf;
        }
        w.subi(lrS.mul(update));
        Autograd.zeroGradient(w);
      } finally {
        g.close();
      }
    }
  }

  /** A batch as a channels-last NCHW view of its NHWC floats (libtorch picks the faster NHWC kernels). */
  public static NDArray input(NDManager bm, Batch b) {
    return bm.create(FloatBuffer.wrap(b.pixels()), new Shape(b.size(), b.height(), b.width(), b.channels()))
        .transpose(0, 3, 1, 2);
  }
}
