package org.nas4j.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nas4j.engine.Autograd;

/**
 * Adam (Kingma &amp; Ba 2015) as PyTorch's {@code torch.optim.Adam} without weight decay, for the GAN task: the
 * update that follows a caller's backward pass. Written here rather than DJL's {@code Adam} because DJL keeps its
 * moments private (keyed by parameter id), and PBT must save them in a member's checkpoint by parameter name and
 * keep them for the layers a child inherits unchanged, as {@link Sgd} does with its momentum.
 *
 * <p>State per parameter: first and second moments and its own step count (a parameter that took no part in a step,
 * e.g. an unused projection, keeps all three), packed into one array by {@link #state()} /
 * {@link #restore(String, float[])}. Not thread-safe: one per network and thread.
 */
public final class AdamStep {
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final Map<String, NDArray> weights = new LinkedHashMap<>();
  private final Map<String, NDArray> m = new LinkedHashMap<>();
  private final Map<String, NDArray> v = new LinkedHashMap<>();
  private final Map<String, Long> t = new LinkedHashMap<>();

  /**
   * @param parameters the network's initialised parameters by name; those that require a gradient are trained
   * @param manager owns the moments
   */
  public AdamStep(Map<String, Parameter> parameters, NDManager manager, double lr, double beta1, double beta2,
      double eps) {
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    for (Map.Entry<String, Parameter> p : parameters.entrySet()) {
      if (p.getValue().requiresGradient()) {
        NDArray w = p.getValue().getArray();
        weights.put(p.getKey(), w);
        m.put(p.getKey(), manager.zeros(w.getShape(), w.getDataType()));
        v.put(p.getKey(), manager.zeros(w.getShape(), w.getDataType()));
        t.put(p.getKey(), 0L);
      }
    }
  }

  /** Applies one update to every parameter that has a gradient, then zeroes the gradients; temporaries in {@code bm}. */
  public void update(NDManager bm) {
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      NDArray w = e.getValue();
      NDArray g = Autograd.gradient(w);
      if (g == null) {
        continue;
      }
      try (NDManager scope = bm.newSubManager()) {
        g.attach(scope);
        String k = e.getKey();
        long step = t.merge(k, 1L, Long::sum);
        NDArray mk = m.get(k);
        NDArray vk = v.get(k);
        mk.muli(beta1).addi(g.mul(1 - beta1));
        vk.muli(beta2).addi(g.square().muli(1 - beta2));
        double c1 = 1 - Math.pow(beta1, step);
        double c2 = 1 - Math.pow(beta2, step);
        NDArray denom = vk.div(c2).sqrt().addi(eps);
        w.subi(mk.div(denom).muli(lr / c1));
        Autograd.zeroGradient(w);
      }
    }
  }

  /** Zeroes every gradient without an update (e.g. the discriminator's after the generator's step). */
  public void zeroGradients() {
    for (NDArray w : weights.values()) {
      NDArray g = Autograd.gradient(w);
      if (g != null) {
        g.close();
        Autograd.zeroGradient(w);
      }
    }
  }

  /** Each parameter's state as one array: first moments, second moments, then the step count. */
  public Map<String, float[]> state() {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (String k : weights.keySet()) {
      float[] a = m.get(k).toFloatArray();
      float[] b = v.get(k).toFloatArray();
      float[] s = new float[a.length * 2 + 1];
      System.arraycopy(a, 0, s, 0, a.length);
      System.arraycopy(b, 0, s, a.length, b.length);
      s[s.length - 1] = t.get(k);
      out.put(k, s);
    }
    return Collections.unmodifiableMap(out);
  }

  /** Restores a parameter's state written by {@link #state()}; ignored when it does not fit (another op). */
  public void restore(String key, float[] s) {
    NDArray mk = m.get(key);
    if (mk == null || s.length != mk.size() * 2 + 1) {
      return;
    }
    int n = (int) mk.size();
    float[] a = new float[n];
    float[] b = new float[n];
    System.arraycopy(s, 0, a, 0, n);
    System.arraycopy(s, n, b, 0, n);
    org.nas4j.engine.Tensors.overwrite(mk, a);
    org.nas4j.engine.Tensors.overwrite(v.get(key), b);
    t.put(key, (long) s[s.length - 1]);
  }
}
