package org.nas4j.pbt.space;

import ai.djl.ndarray.types.Shape;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nas4j.network.CellNetwork;
import org.nas4j.network.NetworkConfig;
import org.nas4j.space.Architecture;

/**
 * NAS-Bench-201 networks for PBT-NAS: each edge of the cell is a gene, and the parameters of edge e in every
 * cell of the network belong to gene e (the cell is shared by all cells, as in NAS-Bench-201). Every edge op
 * maps C to C at the same resolution, so the cell space is interoperable as PBT-NAS requires.
 */
public final class CellGenes {
  private static final Pattern PREFIX = Pattern.compile("(^|_)\\d{2}(?=[A-Za-z])");
  private static final Pattern EDGE = Pattern.compile("^s\\d+c\\d+_e(\\d+)_");

  private CellGenes() {}

  /** The cell network of {@code a} as a gene network. */
  public static GeneNetwork build(Architecture a, NetworkConfig config) {
    CellNetwork net = CellNetwork.build(a, config);
    return new GeneNetwork(a, net, new Shape(config.inputChannels(), config.height(), config.width()),
        CellGenes::stableKey, CellGenes::edgeOf);
  }

  /** DJL's name without its positional prefixes, which shift when another edge of the cell changes. */
  static String stableKey(String djlName) {
    return PREFIX.matcher(djlName).replaceAll("$1");
  }

  static int edgeOf(String key) {
    Matcher m = EDGE.matcher(key);
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }
}
