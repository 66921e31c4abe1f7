package org.nas4j.pbt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Function;
import org.nas4j.space.Architecture;

/**
 * Making a child's architecture, weights and optimizer state from its parents, on the Java heap.
 *
 * <p><b>Architecture mixing with shrink-perturb</b> (Chebykin et al., "Shrink-Perturb Improves Architecture
 * Mixing during Population Based Training for Neural Architecture Search", ECAI 2023): each gene comes from
 * the donor with probability p, else from the fitter base parent. Layers of base genes (and all fixed
 * parts) are copied exactly; layers of donor genes become {@code lambda*w_donor + gamma*w_fresh}, with
 * {@code w_fresh} the layer's normal initialisation ({@link FreshInit}) for the child's seed, computed in
 * float32 as {@code (float) lambda * donor + (float) gamma * fresh}. As in the paper, a donor gene is mixed
 * even when both parents hold the same op there. Batch-norm running statistics of donor layers are reset
 * (mean 0, variance 1) by default; the original code mixed them like weights ({@link PbtConfig.BnStats#MIX}).
 *
 * <p><b>Optimizer state</b> (a deliberate deviation from the original, which matched Adam state by index):
 * momentum is keyed by parameter name, kept for the base's unchanged layers and reset for every changed one.
 */
final class Breeding {
  private Breeding() {}

  /**
   * What the search needs to know about an architecture: its fresh initialisation for a seed (which also
   * gives every tensor's key, shape and kind) and which gene owns each key (-1 for fixed parts).
   */
  public interface Layout {
    /** Fresh weights of a network of {@code a} for {@code seed}. */
    Weights fresh(Architecture a, long seed);

    /** Gene of each parameter key of {@code a}. */
    Map<String, Integer> genes(Architecture a);

    /**
     * Whether a key belongs to an averaged copy of the network (the GAN's EMA generator): the paper's code copies
     * the donor's averaged layers exactly, without shrink-perturb.
     */
    default boolean averaged(String key) {
      return false;
    }
  }

  /** A parent: architecture, trained weights and optimizer state. */
  public record Parent(int member, Architecture architecture, Weights weights, Weights momentum) {}

  /**
   * A child.
   *
   * @param architecture its architecture
   * @param weights its initial weights
   * @param momentum its optimizer state (missing keys start at zero)
   * @param donorGenes genes whose layers were changed (taken from the donor, shrink-perturbed or fresh)
   * @param kind how it was made: {@code mix}, {@code copy}, {@code weight-noise} or {@code gene-mutation}
   */
  public record Child(Architecture architecture, Weights weights, Weights momentum, List<Integer> donorGenes, String kind) {}

  /** Which genes a child takes from the donor: each with probability {@code p}. */
  public static boolean[] donorMask(int genes, double p, SplittableRandom rng) {
    boolean[] m = new boolean[genes];
    for (int g = 0; g < genes; g++) {
      m[g] = rng.nextDouble() < p;
    }
    return m;
  }

  /**
   * Mixes base and donor: genes marked in {@code fromDonor} (and their layers) come from the donor with
   * shrink-perturb, everything else is the base's exactly.
   */
  public static Child mix(Parent base, Parent donor, boolean[] fromDonor, double lambda, double gamma,
      PbtConfig.BnStats bnStats, long childSeed, Layout layout) {
    int[] g = base.architecture().genes();
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < g.length; i++) {
      if (fromDonor[i]) {
        g[i] = donor.architecture().gene(i);
        changed.add(i);
      }
    }
    Architecture arch = base.architecture().space().of(g);
    Weights fresh = layout.fresh(arch, childSeed);
    Map<String, Integer> geneOf = layout.genes(arch);
    float lam = (float) lambda;
    float gam = (float) gamma;
    Map<String, Weights.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : fresh.tensors().entrySet()) {
      String key = e.getKey();
      int gene = geneOf.get(key);
      if (gene >= 0 && fromDonor[gene]) {
        Weights.Tensor d = require(donor, key);
        Weights.Tensor f = e.getValue();
        boolean stat = f.kind() == Weights.Kind.RUNNING_MEAN || f.kind() == Weights.Kind.RUNNING_VAR;
        if (layout.averaged(key)) {
          out.put(key, d);
        } else if (stat && bnStats == PbtConfig.BnStats.RESET) {
          out.put(key, f);
        } else {
          float[] v = new float[f.data().length];
          float[] dv = d.data();
          float[] fv = f.data();
          for (int k = 0; k < v.length; k++) {
            v[k] = lam * dv[k] + gam * fv[k];
          }
          out.put(key, f.with(v));
        }
      } else {
        out.put(key, require(base, key));
      }
    }
    return new Child(arch, new Weights(out), keepMomentum(base.momentum(), out.keySet(), key -> {
      int gene = geneOf.get(key);
      return gene >= 0 && fromDonor[gene];
    }), changed, "mix");
  }

  /** SEARL-like mutation of one parent: exact copy, weight noise or one changed gene, each with p = 1/3. */
  public static Child mutate(Parent base, long childSeed, Layout layout, SplittableRandom rng) {
    int which = rng.nextInt(3);
    if (which == 0) {
      return new Child(base.architecture(), base.weights(), base.momentum(), List.of(), "copy");
    }
    if (which == 1) {
      return new Child(base.architecture(), weightNoise(base.weights(), rng), base.momentum(), List.of(), "weight-noise");
    }
    Architecture arch = base.architecture().space().mutate(base.architecture(), new java.util.Random(rng.nextLong()));
    boolean[] changed = new boolean[arch.space().positions()];
    List<Integer> genes = new ArrayList<>();
    for (int i = 0; i < changed.length; i++) {
      if (arch.gene(i) != base.architecture().gene(i)) {
        changed[i] = true;
        genes.add(i);
      }
    }
    Weights fresh = layout.fresh(arch, childSeed);
    Map<String, Integer> geneOf = layout.genes(arch);
    Map<String, Weights.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : fresh.tensors().entrySet()) {
      int gene = geneOf.get(e.getKey());
      out.put(e.getKey(), gene >= 0 && changed[gene] ? e.getValue() : require(base, e.getKey()));
    }
    return new Child(arch, new Weights(out), keepMomentum(base.momentum(), out.keySet(), key -> {
      int gene = geneOf.get(key);
      return gene >= 0 && changed[gene];
    }), genes, "gene-mutation");
  }

  /**
   * SEARL's weight mutation (Franke et al. 2021): k random weight tensors of rank >= 2 (norm layers
   * excluded); in each, a random number of entries below 10% of {@code shape[0]*shape[1]}; of those, 5% get
   * {@code w += N(0, |10 w|)}, 5% are reset to {@code N(0,1)}, the rest get {@code w += N(0, |0.1 w|)}.
   */
  static Weights weightNoise(Weights w, SplittableRandom rng) {
    List<String> eligible = new ArrayList<>();
    for (Map.Entry<String, Weights.Tensor> e : w.tensors().entrySet()) {
      if (e.getValue().kind() == Weights.Kind.WEIGHT && e.getValue().shape().length >= 2) {
        eligible.add(e.getKey());
      }
    }
    Map<String, Weights.Tensor> out = new LinkedHashMap<>(w.tensors());
    if (eligible.isEmpty()) {
      return w;
    }
    int k = 1 + rng.nextInt(eligible.size());
    TreeSet<String> chosen = new TreeSet<>();
    while (chosen.size() < k) {
      chosen.add(eligible.get(rng.nextInt(eligible.size())));
    }
    for (String key : chosen) {
      Weights.Tensor t = w.get(key);
      float[] v = t.data().clone();
      long[] s = t.shape();
      int count = rng.nextInt(Math.max(1, (int) Math.ceil(0.1 * s[0] * s[1])));
      for (int i = 0; i < count; i++) {
        int idx = rng.nextInt(v.length);
        double u = rng.nextDouble();
        if (u < 0.05) {
          v[idx] += (float) (rng.nextGaussian() * Math.abs(10 * v[idx]));
        } else if (u < 0.10) {
          v[idx] = (float) rng.nextGaussian();
        } else {
          v[idx] += (float) (rng.nextGaussian() * Math.abs(0.1 * v[idx]));
        }
      }
      out.put(key, t.with(v));
    }
    return new Weights(out);
  }

  private static Weights keepMomentum(Weights baseMomentum, Iterable<String> keys, Function<String, Boolean> changed) {
    Map<String, Weights.Tensor> m = new LinkedHashMap<>();
    for (String key : keys) {
      if (!changed.apply(key) && baseMomentum.has(key)) {
        m.put(key, baseMomentum.get(key));
      }
    }
    return new Weights(m);
  }

  private static Weights.Tensor require(Parent p, String key) {
    Weights.Tensor t = p.weights().get(key);
    if (t == null) {
      throw new IllegalStateException("member " + p.member() + " (" + p.architecture() + ") has no tensor " + key
          + ": its layers do not match its architecture");
    }
    return t;
  }
}
