package org.nas4j.optimize.nao;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;

/**
 * Why NAO's networks are plain Java: one training step (batch 16, 6 tokens, hidden 16) of the full
 * encoder-predictor-decoder in plain Java against the same step in DJL/libtorch (fused LSTM op for the
 * encoder; the decoder steps one token at a time, as attention and greedy decoding need; no embedding
 * look-ups, so DJL's number is a lower bound). Prints both; docs/nao.md quotes them.
 */
@Tag("slow")
class EpdSpeedTest {
  private static final int BATCH = 16;
  private static final int T = 6;
  private static final int D = 16;
  private static final int H = 16;

  @Test
  void plainJavaStepIsFasterThanDjlStep() {
    double plain = plainJavaMillisPerStep(300);
    double djl = djlMillisPerStep(300);
    System.out.printf("NAO training step (batch %d): plain Java %.3f ms, DJL/libtorch (lower bound) %.3f ms of CPU time%n",
        BATCH, plain, djl);
    assertTrue(plain < djl, "plain " + plain + " ms vs DJL " + djl + " ms");
  }

  /** CPU time of the whole process (libtorch may use several threads; on a shared machine wall time lies). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double plainJavaMillisPerStep(int steps) {
    SplittableRandom rng = new SplittableRandom(1);
    Epd m = new Epd(new int[] {5, 5, 5, 5, 5, 5}, D, H, 32, 0.8, rng);
    List<Epd.Sample> data = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      int[] g = new int[T];
      for (int p = 0; p < T; p++) {
        g[p] = rng.nextInt(5);
      }
      data.add(new Epd.Sample(m.tokens(g), rng.nextDouble(), -1));
    }
    ClippedAdam adam = new ClippedAdam(0.01, 1e-4, 5);
    m.train(data, steps, BATCH, adam, rng); // warm-up (one step per epoch)
    long t0 = cpuNanos();
    m.train(data, steps, BATCH, adam, rng);
    return (cpuNanos() - t0) / 1e6 / steps;
  }

  private static double djlMillisPerStep(int steps) {
    Engines.pytorch();
    Autograd.inference();
    try (NDManager mgr = Engines.pytorch().newBaseManager()) {
      LSTM enc = LSTM.builder().setStateSize(H).setNumLayers(1).optBatchFirst(true).build();
      LSTM dec = LSTM.builder().setStateSize(H).setNumLayers(1).optBatchFirst(true).optReturnState(true).build();
      Linear wIn = Linear.builder().setUnits(H).optBias(false).build();
      Linear wOut = Linear.builder().setUnits(H).optBias(false).build();
      Linear p1 = Linear.builder().setUnits(32).build();
      Linear p2 = Linear.builder().setUnits(1).build();
      Linear out = Linear.builder().setUnits(30).build();
      enc.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, T, D));
      dec.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, 1, D), new Shape(1, BATCH, H), new Shape(1, BATCH, H));
      wIn.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, H));
      wOut.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, 2 * H));
      p1.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, H));
      p2.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, 32));
      out.initialize(mgr, DataType.FLOAT32, new Shape(BATCH, H));
      List<NDArray> weights = new ArrayList<>();
      for (Block b : List.of(enc, dec, wIn, wOut, p1, p2, out)) {
        for (Pair<String, Parameter> p : b.getParameters()) {
          weights.add(p.getValue().getArray());
        }
      }
      ParameterStore ps = new ParameterStore(mgr, false);
      double[] ms = new double[2];
      for (int round = 0; round < 2; round++) { // warm-up, then timed
        long t0 = cpuNanos();
        for (int s = 0; s < steps; s++) {
          try (NDManager bm = mgr.newSubManager()) {
            NDArray x = bm.randomNormal(new Shape(BATCH, T, D));
            NDArray xd = bm.randomNormal(new Shape(BATCH, T, D));
            NDArray y = bm.randomUniform(0, 1, new Shape(BATCH, 1));
            NDArray labels = bm.randomInteger(0, 30, new Shape(BATCH, T), DataType.INT64);
            Autograd.recording(() -> {
              NDArray h = enc.forward(ps, new NDList(x), true).head();
              NDArray hn = h.div(h.norm(new int[] {2}, true));
              NDArray e = hn.mean(new int[] {1});
              e = e.div(e.norm(new int[] {1}, true));
              NDArray hidden = Activation.relu(p1.forward(ps, new NDList(e), true).head());
              NDArray yhat = p2.forward(ps, new NDList(hidden), true).head();
              NDArray state = e.expandDims(0);
              NDArray cell = state;
              NDArray nll = null;
              for (int t = 0; t < T; t++) {
                NDList r = dec.forward(ps, new NDList(xd.get(":, " + t + ":" + (t + 1) + ", :"), state, cell), true);
                NDArray o = r.get(0).squeeze(1);
                state = r.get(1);
                cell = r.get(2);
                NDArray sc = wIn.forward(ps, new NDList(o), true).head();
                NDArray att = hn.batchMatMul(sc.expandDims(2)).softmax(1); // (B, T, 1)
                NDArray mix = hn.mul(att).sum(new int[] {1});
                NDArray comb = wOut.forward(ps, new NDList(mix.concat(o, 1)), true).head().tanh();
                NDArray logits = out.forward(ps, new NDList(comb), true).head();
                NDArray l = logits.logSoftmax(1).gather(labels.get(":, " + t + ":" + (t + 1)), 1).mean().neg();
                nll = nll == null ? l : nll.add(l);
              }
              nll = nll.div((float) T);
              NDArray loss = yhat.sub(y).square().mean().mul(0.8f).add(nll.mul(0.2f));
              Autograd.backward(loss);
              return loss.getFloat();
            });
            for (NDArray w : weights) {
              NDArray g = Autograd.gradient(w);
              if (g != null) {
                w.subi(g.mul(0.01f));
                Autograd.zeroGradient(w);
                g.close();
              }
            }
          }
        }
        ms[round] = (cpuNanos() - t0) / 1e6 / steps;
      }
      return ms[1];
    }
  }
}
