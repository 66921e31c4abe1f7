package org.nas4j.space;

import java.util.ArrayList;
import org.nas4j.InputException;
import java.util.List;
import java.util.Objects;

/**
 * The NAS-Bench-201 cell space (Dong &amp; Yang, ICLR 2020): a cell of 4 nodes and 6 edges, node 0 the
 * cell input, node 3 the output, every edge {@code j -> i} (j &lt; i) one operation.
 *
 * <p>Genes are edges in NAS-Bench-201's string order: (1&lt;-0), (2&lt;-0), (2&lt;-1), (3&lt;-0), (3&lt;-1),
 * (3&lt;-2). The canonical string is exactly NAS-Bench-201's, e.g.
 * {@code |nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|}.
 * The op list is configurable because other benchmarks use subsets or other names.
 */
public final class CellSpace implements SearchSpace {
  /** NAS-Bench-201's five operations, in its order (index = the digit in its {@code ops} column). */
  public static final List<String> NB201_OPS =
      List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");

  /** The NAS-Bench-201 space: 5^6 = 15,625 architectures. */
  public static final CellSpace NB201 = new CellSpace("nb201", NB201_OPS);

  /** Number of nodes in a cell, including input and output. */
  public static final int NODES = 4;
  /** Number of edges, {@code NODES*(NODES-1)/2}. */
  public static final int EDGES = NODES * (NODES - 1) / 2;

  private final String name;
  private final List<String> ops;

  /**
   * @param name a short space name stored with evaluations
   * @param ops the op names; no duplicates, no '|', '~' or '+' characters
   */
  public CellSpace(String name, List<String> ops) {
    this.name = Objects.requireNonNull(name, "name");
    this.ops = List.copyOf(ops);
    if (this.ops.isEmpty()) {
      throw new InputException("a cell space needs at least one op");
    }
    if (this.ops.stream().distinct().count() != this.ops.size()) {
      throw new InputException("duplicate op in " + this.ops);
    }
    for (String op : this.ops) {
      if (op.isBlank() || op.chars().anyMatch(ch -> ch == '|' || ch == '~' || ch == '+' || Character.isWhitespace(ch))) {
        throw new InputException("op name '" + op + "' may not be blank or contain '|', '~', '+' or spaces");
      }
    }
  }

  /** The operations every edge chooses from. */
  public List<String> ops() {
    return ops;
  }

  /** Target node (1..3) of an edge index. */
  public static int edgeTarget(int edge) {
    int e = edge;
    for (int to = 1; to < NODES; to++) {
      if (e < to) {
        return to;
      }
      e -= to;
    }
    throw new IndexOutOfBoundsException("edge " + edge);
  }

  /** Source node (0..2) of an edge index. */
  public static int edgeSource(int edge) {
    int e = edge;
    for (int to = 1; to < NODES; to++) {
      if (e < to) {
        return e;
      }
      e -= to;
    }
    throw new IndexOutOfBoundsException("edge " + edge);
  }

  /** Edge index of {@code from -> to}. */
  public static int edgeIndex(int from, int to) {
    if (from < 0 || from >= to || to >= NODES) {
      throw new IndexOutOfBoundsException("no edge " + from + "->" + to);
    }
    return to * (to - 1) / 2 + from;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int positions() {
    return EDGES;
  }

  @Override
  public List<String> options(int position) {
    if (position < 0 || position >= EDGES) {
      throw new IndexOutOfBoundsException("edge " + position + " of " + EDGES);
    }
    return ops;
  }

  @Override
  public String format(Architecture a) {
    StringBuilder sb = new StringBuilder();
    for (int to = 1; to < NODES; to++) {
      if (to > 1) {
        sb.append('+');
      }
      sb.append('|');
      for (int from = 0; from < to; from++) {
        sb.append(a.option(edgeIndex(from, to))).append('~').append(from).append('|');
      }
    }
    return sb.toString();
  }

  @Override
  public Architecture parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InputException("empty architecture string: expected NAS-Bench-201 form like "
          + example());
    }
    String s = text.strip();
    String[] nodes = s.split("\\+", -1);
    if (nodes.length != NODES - 1) {
      throw new InputException("architecture '" + s + "' has " + nodes.length + " node groups, expected "
          + (NODES - 1) + " separated by '+', like " + example());
    }
    int[] genes = new int[EDGES];
    int edgesSeen = 0;
    for (int to = 1; to < NODES; to++) {
      String group = nodes[to - 1];
      if (group.length() < 2 || group.charAt(0) != '|' || group.charAt(group.length() - 1) != '|') {
        throw new InputException("node group '" + group + "' in '" + s + "' must start and end with '|'");
      }
      String[] edges = group.substring(1, group.length() - 1).split("\\|", -1);
      edgesSeen += edges.length;
      if (edges.length != to) {
        throw new InputException("architecture '" + s + "': node " + to + " needs " + to
            + " incoming edge(s) but has " + edges.length + " (a cell has " + EDGES + " edges, like " + example() + ")");
      }
      for (int from = 0; from < to; from++) {
        String e = edges[from];
        int tilde = e.lastIndexOf('~');
        if (tilde <= 0) {
          throw new InputException("edge '" + e + "' in '" + s + "' must look like op~" + from);
        }
        String op = e.substring(0, tilde);
        String src = e.substring(tilde + 1);
        if (!src.equals(Integer.toString(from))) {
          throw new InputException("edge '" + e + "' in '" + s + "' must come from node " + from
              + " (write " + op + "~" + from + ")");
        }
        int idx = ops.indexOf(op);
        if (idx < 0) {
          throw new InputException("unknown op '" + op + "' in '" + s + "': space " + name
              + " has ops " + ops);
        }
        genes[edgeIndex(from, to)] = idx;
      }
    }
    assert edgesSeen == EDGES;
    return of(genes);
  }

  private String example() {
    Architecture ex = of(new int[EDGES]);
    return format(ex);
  }

  /** The ops on edges, in gene order, as op names. */
  public List<String> opsOf(Architecture a) {
    List<String> out = new ArrayList<>(EDGES);
    for (int e = 0; e < EDGES; e++) {
      out.add(a.option(e));
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CellSpace c && c.name.equals(name) && c.ops.equals(ops);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + ops.hashCode();
  }

  @Override
  public String toString() {
    return "CellSpace[" + name + ", ops=" + ops + "]";
  }
}
