package org.nas4j.pbt;

import org.nas4j.pbt.space.GeneNetwork;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.space.Architecture;

/**
 * {@link Breeding.Layout} from a network builder: builds one throw-away network per architecture to learn
 * its tensors' keys, shapes, kinds and owning genes, then draws fresh values on the heap.
 */
final class NetworkLayout implements Breeding.Layout {
  private record Template(Weights shapes, Map<String, Integer> genes) {}

  private final Function<Architecture, GeneNetwork> builder;
  private final Map<String, Template> templates = new ConcurrentHashMap<>();

  public NetworkLayout(Function<Architecture, GeneNetwork> builder) {
    this.builder = builder;
  }

  @Override
  public Weights fresh(Architecture a, long seed) {
    return FreshInit.of(template(a).shapes(), seed);
  }

  @Override
  public Map<String, Integer> genes(Architecture a) {
    return template(a).genes();
  }

  private Template template(Architecture a) {
    return templates.computeIfAbsent(a.toString(), k -> {
      try (NDManager m = Engines.newManager()) {
        Autograd.inference();
        GeneNetwork net = builder.apply(a);
        net.initialize(m);
        Map<String, Integer> genes = new LinkedHashMap<>();
        for (String key : net.parameters().keySet()) {
          genes.put(key, net.geneOf(key));
        }
        return new Template(Weights.of(net), genes);
      }
    });
  }
}
