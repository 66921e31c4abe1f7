package org.nas4j.pbt;

import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.pbt.space.GanNetworks;
import org.nas4j.pbt.space.GeneNetwork;
import org.nas4j.space.Architecture;

/**
 * A GAN member's tensors as one {@link Weights}: the generator's under {@value #G}, the discriminator's under
 * {@value #D} and the EMA generator's under {@value #EMA}, each owned by the gene of its layer, so that
 * {@link Breeding} mixes both networks layer by layer like any other. A fresh member's EMA generator equals its
 * generator; donor layers of the EMA generator are copied exactly ({@link #averaged}), as the paper's code does.
 */
final class GanLayout implements Breeding.Layout {
  static final String G = "g/";
  static final String D = "d/";
  static final String EMA = "ema/";

  private record Template(Weights shapes, Map<String, Integer> genes) {}

  private final GanNetworks.Sizes sizes;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  GanLayout(GanNetworks.Sizes sizes) {
    this.sizes = sizes;
  }

  GanNetworks.Sizes sizes() {
    return sizes;
  }

  @Override
  public Weights fresh(Architecture a, long seed) {
    Template t = template(a);
    Weights f = FreshInit.of(t.shapes(), seed);
    Map<String, Weights.Tensor> out = new LinkedHashMap<>(f.tensors());
    for (Map.Entry<String, Weights.Tensor> e : f.tensors().entrySet()) {
      if (e.getKey().startsWith(G)) {
        out.put(EMA + e.getKey().substring(G.length()), e.getValue());
      }
    }
    return new Weights(out);
  }

  @Override
  public Map<String, Integer> genes(Architecture a) {
    return template(a).genes();
  }

  @Override
  public boolean averaged(String key) {
    return key.startsWith(EMA);
  }

  /** The tensors under {@code prefix}, without it (e.g. the generator's, to load into a generator network). */
  static Weights part(Weights w, String prefix) {
    Map<String, Weights.Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Weights.Tensor> e : w.tensors().entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        out.put(e.getKey().substring(prefix.length()), e.getValue());
      }
    }
    return new Weights(out);
  }

  /** {@code w}'s tensors with {@code prefix} put in front of their keys, into {@code into}. */
  static void putAll(Map<String, Weights.Tensor> into, String prefix, Weights w) {
    for (Map.Entry<String, Weights.Tensor> e : w.tensors().entrySet()) {
      into.put(prefix + e.getKey(), e.getValue());
    }
  }

  private Template template(Architecture a) {
    return templates.computeIfAbsent(a.toString(), k -> {
      try (NDManager m = Engines.pytorch().newBaseManager()) {
        Autograd.inference();
        GeneNetwork g = GanNetworks.generator(a, sizes);
        GeneNetwork d = GanNetworks.discriminator(a, sizes);
        g.initialize(m);
        d.initialize(m);
        Map<String, Weights.Tensor> shapes = new LinkedHashMap<>();
        putAll(shapes, G, Weights.of(g));
        putAll(shapes, D, Weights.of(d));
        Map<String, Integer> genes = new LinkedHashMap<>();
        for (String key : g.parameters().keySet()) {
          genes.put(G + key, g.geneOf(key));
        }
        for (String key : d.parameters().keySet()) {
          genes.put(D + key, d.geneOf(key));
        }
        for (String key : g.parameters().keySet()) {
          genes.put(EMA + key, g.geneOf(key));
        }
        return new Template(new Weights(shapes), genes);
      }
    });
  }
}
