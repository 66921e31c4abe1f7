package org.nas4j.optimize.nao;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nas4j.util.Shuffle;

/**
 * NAO's encoder-predictor-decoder (Luo et al., NeurIPS 2018), adapted to gene spaces: one token per position
 * (token id = position offset + option), so a NAS-Bench-201 cell is 6 tokens over a vocabulary of 30.
 *
 * <ul>
 *   <li>Encoder: token embedding, one LSTM layer; every output h_t is L2-normalised and the architecture
 *       embedding is {@code e = L2norm(mean_t h_t)}.
 *   <li>Predictor: {@link Mlp} on e. With transfer (XferNAO) the prediction is
 *       {@code u(e) + beta + r(e)} with {@code u(e) = sum_s w_s h_s(e)}: one frozen head h_s per source task,
 *       fitted on that source, weighted by how well the source ranks the target's evaluations (the weights
 *       come from the transfer predictor); r is NAO's own predictor and beta an offset fitted on the target.
 *   <li>Decoder: LSTM started from (e, e), dot attention over the normalised encoder outputs with a tanh
 *       combine, a softmax restricted to the options of the position being decoded (NAO's grammar mask).
 * </ul>
 *
 * Loss {@code lambda * MSE + (1 - lambda) * NLL}. Forward and backward are hand-written for one sample at
 * a time; {@code EpdGradientTest} checks every gradient against finite differences.
 */
final class Epd {
  /** One training example: tokens, normalised target, and the source index (-1 for the target task). */
  record Sample(int[] tokens, double y, int task) {}

  final int positions;
  final int vocab;
  final int[] offset;
  final int[] count;
  final int emb;
  final int hid;
  final double lambda;

  final Param embE;
  final Lstm enc;
  final Mlp pred;
  final Param embD;
  final Lstm dec;
  final Param wIn;
  final Param wOut;
  final Param wV;
  final Param bV;

  /** One head per source task (empty without transfer), their weights in u, and the target offset. */
  Mlp[] heads = new Mlp[0];
  double[] weights = new double[0];
  double beta;

  Epd(int[] optionCounts, int emb, int hid, int mlpHidden, double lambda, SplittableRandom rng) {
    this.positions = optionCounts.length;
    this.count = optionCounts.clone();
    this.offset = new int[positions];
    int v = 0;
    for (int p = 0; p < positions; p++) {
      offset[p] = v;
      v += count[p];
    }
    this.vocab = v;
    this.emb = emb;
    this.hid = hid;
    this.lambda = lambda;
    double r = 0.1;
    embE = new Param("enc.emb", vocab * emb).uniform(rng, r);
    enc = new Lstm("enc", emb, hid, rng, r);
    pred = new Mlp("pred", hid, mlpHidden, rng, r);
    embD = new Param("dec.emb", (vocab + 1) * emb).uniform(rng, r); // + <sos>
    dec = new Lstm("dec", emb, hid, rng, r);
    wIn = new Param("att.in", hid * hid).uniform(rng, r);
    wOut = new Param("att.out", hid * 2 * hid).uniform(rng, r);
    wV = new Param("out.w", vocab * hid).uniform(rng, r);
    bV = new Param("out.b", vocab).uniform(rng, r);
  }

  /** Adds one head per source task, with weight 0 in the target prediction until {@link #weights} are set. */
  void addTransfer(int sources, int mlpHidden, SplittableRandom rng) {
    heads = new Mlp[sources];
    for (int s = 0; s < sources; s++) {
      heads[s] = new Mlp("h" + s, hid, mlpHidden, rng, 0.1);
    }
    weights = new double[sources];
  }

  /** Every parameter (frozen ones included; the optimizer skips those). */
  List<Param> params() {
    List<Param> ps = new ArrayList<>();
    ps.add(embE);
    ps.addAll(enc.params());
    ps.addAll(pred.params());
    ps.add(embD);
    ps.addAll(dec.params());
    ps.addAll(List.of(wIn, wOut, wV, bV));
    for (Mlp h : heads) {
      ps.addAll(h.params());
    }
    return ps;
  }

  int[] tokens(int[] genes) {
    int[] t = new int[positions];
    for (int p = 0; p < positions; p++) {
      t[p] = offset[p] + genes[p];
    }
    return t;
  }

  int[] genes(int[] tokens) {
    int[] g = new int[positions];
    for (int p = 0; p < positions; p++) {
      g[p] = tokens[p] - offset[p];
    }
    return g;
  }

  // ---------------------------------------------------------------- encoder

  /** The encoder's view of one architecture. */
  static final class Encoding {
    Lstm.Step[] steps;
    double[][] hn; // normalised outputs
    double[] norms;
    double[] mean;
    double meanNorm;
    double[] e;
  }

  Encoding encode(int[] tokens) {
    Encoding enc0 = new Encoding();
    enc0.steps = new Lstm.Step[positions];
    enc0.hn = new double[positions][];
    enc0.norms = new double[positions];
    double[] h = new double[hid];
    double[] c = new double[hid];
    double[] mean = new double[hid];
    for (int t = 0; t < positions; t++) {
      double[] x = row(embE.w, tokens[t], emb);
      Lstm.Step st = enc.forward(x, h, c);
      enc0.steps[t] = st;
      h = st.h;
      c = st.c;
      double n = norm(h);
      enc0.norms[t] = n;
      double[] hn = new double[hid];
      for (int k = 0; k < hid; k++) {
        hn[k] = h[k] / n;
        mean[k] += hn[k] / positions;
      }
      enc0.hn[t] = hn;
    }
    enc0.mean = mean;
    enc0.meanNorm = norm(mean);
    enc0.e = scaled(mean, 1 / enc0.meanNorm);
    return enc0;
  }

  /** Embedding e and attention memory from (possibly moved) normalised outputs. */
  Encoding fromOutputs(double[][] hn) {
    Encoding x = new Encoding();
    x.hn = hn;
    double[] mean = new double[hid];
    for (double[] h : hn) {
      for (int k = 0; k < hid; k++) {
        mean[k] += h[k] / positions;
      }
    }
    x.mean = mean;
    x.meanNorm = norm(mean);
    x.e = scaled(mean, 1 / x.meanNorm);
    return x;
  }

  // ---------------------------------------------------------------- predictor

  /** The target-task prediction {@code u(e) + beta + r(e)} (just r(e) without transfer). */
  double predict(double[] e) {
    double y = pred.forward(e);
    if (heads.length > 0) {
      y += transferValue(e) + beta;
    }
    return y;
  }

  double predict(int[] tokens) {
    return predict(encode(tokens).e);
  }

  /** The weighted transfer network {@code u(e) = sum_s w_s h_s(e)}, 0 without transfer. */
  double transferValue(int[] tokens) {
    return transferValue(encode(tokens).e);
  }

  private double transferValue(double[] e) {
    double u = 0;
    for (int s = 0; s < heads.length; s++) {
      if (weights[s] != 0) {
        u += weights[s] * heads[s].forward(e);
      }
    }
    return u;
  }

  /** d(prediction)/de, without touching parameter gradients. */
  double[] predictGradient(double[] e) {
    double[] de = new double[hid];
    pred.backward(1, e, pred.hidden(e), de, false);
    for (int s = 0; s < heads.length; s++) {
      if (weights[s] != 0) {
        heads[s].backward(weights[s], e, heads[s].hidden(e), de, false);
      }
    }
    return de;
  }

  // ---------------------------------------------------------------- decoder

  private static final class DecStep {
    int input;
    Lstm.Step lstm;
    double[] s;
    double[] att;
    double[] cat; // [mix; o]
    double[] out; // tanh(Wout cat)
    double[] prob; // softmax over the position's options
  }

  private DecStep decodeStep(int t, int input, double[] h, double[] c, double[][] hn) {
    DecStep d = new DecStep();
    d.input = input;
    d.lstm = dec.forward(row(embD.w, input, emb), h, c);
    double[] o = d.lstm.h;
    d.s = matvec(wIn.w, hid, hid, o);
    double[] sc = new double[positions];
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < positions; j++) {
      sc[j] = dot(d.s, hn[j]);
      max = Math.max(max, sc[j]);
    }
    double z = 0;
    for (int j = 0; j < positions; j++) {
      sc[j] = Math.exp(sc[j] - max);
      z += sc[j];
    }
    d.cat = new double[2 * hid];
    for (int j = 0; j < positions; j++) {
      sc[j] /= z;
      for (int k = 0; k < hid; k++) {
        d.cat[k] += sc[j] * hn[j][k];
      }
    }
    d.att = sc;
    System.arraycopy(o, 0, d.cat, hid, hid);
    d.out = matvec(wOut.w, hid, 2 * hid, d.cat);
    for (int k = 0; k < hid; k++) {
      d.out[k] = Lstm.tanh(d.out[k]);
    }
    int n = count[t];
    double[] logit = new double[n];
    max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < n; a++) {
      int v = offset[t] + a;
      logit[a] = bV.w[v] + dotRow(wV.w, v, hid, d.out);
      max = Math.max(max, logit[a]);
    }
    z = 0;
    for (int a = 0; a < n; a++) {
      logit[a] = Math.exp(logit[a] - max);
      z += logit[a];
    }
    for (int a = 0; a < n; a++) {
      logit[a] /= z;
    }
    d.prob = logit;
    return d;
  }

  /** Greedy decoding (argmax within each position's options) from an encoding; returns genes. */
  int[] decode(Encoding x) {
    int[] tok = new int[positions];
    double[] h = x.e;
    double[] c = x.e;
    int input = vocab;
    for (int t = 0; t < positions; t++) {
      DecStep d = decodeStep(t, input, h, c, x.hn);
      int best = 0;
      for (int a = 1; a < count[t]; a++) {
        if (d.prob[a] > d.prob[best]) {
          best = a;
        }
      }
      tok[t] = offset[t] + best;
      input = tok[t];
      h = d.lstm.h;
      c = d.lstm.c;
    }
    return genes(tok);
  }

  // ---------------------------------------------------------------- training

  /**
   * Forward and backward for one sample; adds {@code scale} times the gradients of its loss to the
   * parameters' gradients and returns (MSE, NLL per token).
   */
  double[] accumulate(Sample sample, double scale) {
    int[] tok = sample.tokens();
    Encoding x = encode(tok);
    double[] e = x.e;
    double[] de = new double[hid];

    // predictor: target = sum_s w_s h_s + beta + r; source s = h_s
    double[] aPred = null;
    double[][] aHeads = new double[heads.length][];
    double yhat;
    if (sample.task() < 0) {
      aPred = pred.hidden(e);
      yhat = pred.output(aPred);
      if (heads.length > 0) {
        yhat += beta;
        for (int s = 0; s < heads.length; s++) {
          if (weights[s] != 0) {
            aHeads[s] = heads[s].hidden(e);
            yhat += weights[s] * heads[s].output(aHeads[s]);
          }
        }
      }
    } else {
      int s = sample.task();
      aHeads[s] = heads[s].hidden(e);
      yhat = heads[s].output(aHeads[s]);
    }
    double err = yhat - sample.y();
    double dy = scale * lambda * 2 * err;
    if (sample.task() < 0) {
      pred.backward(dy, e, aPred, de, true);
      for (int s = 0; s < heads.length; s++) {
        if (aHeads[s] != null) {
          heads[s].backward(dy * weights[s], e, aHeads[s], de, true);
        }
      }
    } else {
      heads[sample.task()].backward(dy, e, aHeads[sample.task()], de, true);
    }

    // decoder with teacher forcing
    double recScale = scale * (1 - lambda) / positions;
    DecStep[] steps = new DecStep[positions];
    double[] h = e;
    double[] c = e;
    double nll = 0;
    for (int t = 0; t < positions; t++) {
      steps[t] = decodeStep(t, t == 0 ? vocab : tok[t - 1], h, c, x.hn);
      nll -= Math.log(steps[t].prob[tok[t] - offset[t]]);
      h = steps[t].lstm.h;
      c = steps[t].lstm.c;
    }
    double[][] dhn = new double[positions][hid];
    double[] dhNext = new double[hid];
    double[] dcNext = new double[hid];
    double[] dxIn = new double[emb];
    double[] dhPrev = new double[hid];
    double[] dcPrev = new double[hid];
    for (int t = positions - 1; t >= 0; t--) {
      DecStep d = steps[t];
      double[] dOut = new double[hid];
      for (int a = 0; a < count[t]; a++) {
        int v = offset[t] + a;
        double dl = recScale * (d.prob[a] - (v == tok[t] ? 1 : 0));
        bV.g[v] += dl;
        int o = v * hid;
        for (int k = 0; k < hid; k++) {
          wV.g[o + k] += dl * d.out[k];
          dOut[k] += dl * wV.w[o + k];
        }
      }
      double[] du = new double[hid];
      for (int k = 0; k < hid; k++) {
        du[k] = dOut[k] * (1 - d.out[k] * d.out[k]);
      }
      double[] dcat = new double[2 * hid];
      outerAccumulate(wOut.g, du, d.cat);
      matTvecAccumulate(wOut.w, hid, 2 * hid, du, dcat);
      double[] dAtt = new double[positions];
      double sum = 0;
      for (int j = 0; j < positions; j++) {
        double g = 0;
        for (int k = 0; k < hid; k++) {
          g += dcat[k] * x.hn[j][k];
          dhn[j][k] += d.att[j] * dcat[k];
        }
        dAtt[j] = g;
        sum += d.att[j] * g;
      }
      double[] ds = new double[hid];
      for (int j = 0; j < positions; j++) {
        double dsc = d.att[j] * (dAtt[j] - sum);
        for (int k = 0; k < hid; k++) {
          ds[k] += dsc * x.hn[j][k];
          dhn[j][k] += dsc * d.s[k];
        }
      }
      double[] dO = new double[hid];
      for (int k = 0; k < hid; k++) {
        dO[k] = dcat[hid + k] + dhNext[k];
      }
      outerAccumulate(wIn.g, ds, d.lstm.h);
      matTvecAccumulate(wIn.w, hid, hid, ds, dO);
      dec.backward(d.lstm, dO, dcNext, dxIn, dhPrev, dcPrev);
      addRow(embD.g, d.input, dxIn);
      double[] tmp = dhNext;
      dhNext = dhPrev;
      dhPrev = tmp;
      tmp = dcNext;
      dcNext = dcPrev;
      dcPrev = tmp;
    }
    for (int k = 0; k < hid; k++) {
      de[k] += dhNext[k] + dcNext[k]; // decoder started from (e, e)
    }

    // e = mean/|mean|, mean = avg_t hn_t, hn_t = h_t/|h_t|
    double[] dm = normBackward(e, x.meanNorm, de);
    for (int t = 0; t < positions; t++) {
      for (int k = 0; k < hid; k++) {
        dhn[t][k] += dm[k] / positions;
      }
    }
    java.util.Arrays.fill(dhNext, 0);
    java.util.Arrays.fill(dcNext, 0);
    for (int t = positions - 1; t >= 0; t--) {
      double[] dh = normBackward(x.hn[t], x.norms[t], dhn[t]);
      for (int k = 0; k < hid; k++) {
        dh[k] += dhNext[k];
      }
      enc.backward(x.steps[t], dh, dcNext, dxIn, dhPrev, dcPrev);
      addRow(embE.g, tok[t], dxIn);
      double[] tmp = dhNext;
      dhNext = dhPrev;
      dhPrev = tmp;
      tmp = dcNext;
      dcNext = dcPrev;
      dcPrev = tmp;
    }
    return new double[] {err * err, nll / positions};
  }

  /**
   * Trains on the samples for some epochs with shuffled mini-batches.
   *
   * @return the last epoch's mean (MSE, NLL per token)
   */
  double[] train(List<Sample> samples, int epochs, int batch, ClippedAdam adam, SplittableRandom rng) {
    return train(samples, epochs, batch, adam, rng, null, null);
  }

  /** Tokens of an equivalent architecture, drawn at random (NAO's branch-swap augmentation). */
  @FunctionalInterface
  interface Augment {
    int[] apply(int[] tokens, SplittableRandom rng);
  }

  /**
   * {@link #train(List, int, int, ClippedAdam, SplittableRandom)}, every sample replaced by {@code augment} of it
   * each time it is used (null: as given), drawing from its own {@code augmentRng} so the data order is unchanged.
   */
  double[] train(List<Sample> samples, int epochs, int batch, ClippedAdam adam, SplittableRandom rng,
      Augment augment, SplittableRandom augmentRng) {
    List<Param> ps = params();
    adam.reset(ps);
    int n = samples.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    double[] last = new double[2];
    for (int ep = 0; ep < epochs; ep++) {
      Shuffle.shuffle(order, rng);
      double mse = 0;
      double nll = 0;
      for (int start = 0; start < n; start += batch) {
        int end = Math.min(n, start + batch);
        double scale = 1.0 / (end - start);
        for (int i = start; i < end; i++) {
          Sample sample = samples.get(order[i]);
          if (augment != null) {
            sample = new Sample(augment.apply(sample.tokens(), augmentRng), sample.y(), sample.task());
          }
          double[] l = accumulate(sample, scale);
          mse += l[0];
          nll += l[1];
        }
        adam.step(ps);
      }
      last[0] = mse / n;
      last[1] = nll / n;
    }
    return last;
  }

  // ---------------------------------------------------------------- embedding-space step

  /**
   * NAO's generation step: moves every normalised encoder output along d(prediction)/d h_t by {@code eta},
   * renormalises, and decodes greedily from the moved embedding. Returns genes.
   */
  int[] improve(int[] tokens, double eta) {
    Encoding x = encode(tokens);
    double[] de = predictGradient(x.e);
    double[] dm = normBackward(x.e, x.meanNorm, de);
    double[][] moved = new double[positions][];
    for (int t = 0; t < positions; t++) {
      double[] h = new double[hid];
      for (int k = 0; k < hid; k++) {
        h[k] = x.hn[t][k] + eta * dm[k] / positions;
      }
      moved[t] = scaled(h, 1 / norm(h));
    }
    return decode(fromOutputs(moved));
  }

  // ---------------------------------------------------------------- small vector helpers

  /** Gradient through y = v / |v| given y, |v| and dy. */
  private static double[] normBackward(double[] y, double n, double[] dy) {
    double d = dot(y, dy);
    double[] dv = new double[y.length];
    for (int k = 0; k < y.length; k++) {
      dv[k] = (dy[k] - y[k] * d) / n;
    }
    return dv;
  }

  private static double[] row(double[] m, int r, int cols) {
    double[] out = new double[cols];
    System.arraycopy(m, r * cols, out, 0, cols);
    return out;
  }

  private static void addRow(double[] m, int r, double[] v) {
    int o = r * v.length;
    for (int k = 0; k < v.length; k++) {
      m[o + k] += v[k];
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += a[k] * b[k];
    }
    return s;
  }

  private static double dotRow(double[] m, int r, int cols, double[] v) {
    double s = 0;
    int o = r * cols;
    for (int k = 0; k < cols; k++) {
      s += m[o + k] * v[k];
    }
    return s;
  }

  static double norm(double[] v) {
    return Math.max(1e-12, Math.sqrt(dot(v, v)));
  }

  private static double[] scaled(double[] v, double f) {
    double[] out = new double[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = v[k] * f;
    }
    return out;
  }

  private static double[] matvec(double[] m, int rows, int cols, double[] v) {
    double[] out = new double[rows];
    for (int r = 0; r < rows; r++) {
      out[r] = dotRow(m, r, cols, v);
    }
    return out;
  }

  /** g += a (outer) b for a rows x cols matrix stored row-major. */
  private static void outerAccumulate(double[] g, double[] a, double[] b) {
    int cols = b.length;
    for (int r = 0; r < a.length; r++) {
      double ar = a[r];
      if (ar == 0) {
        continue;
      }
      int o = r * cols;
      for (int k = 0; k < cols; k++) {
        g[o + k] += ar * b[k];
      }
    }
  }

  /** out += m^T v. */
  private static void matTvecAccumulate(double[] m, int rows, int cols, double[] v, double[] out) {
    for (int r = 0; r < rows; r++) {
      double vr = v[r];
      if (vr == 0) {
        continue;
      }
      int o = r * cols;
      for (int k = 0; k < cols; k++) {
        out[k] += vr * m[o + k];
      }
    }
  }
}
