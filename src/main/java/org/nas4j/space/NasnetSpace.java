package org.nas4j.space;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.nas4j.InputException;

/**
 * NAO's NASNet-style cell space (Luo et al., NeurIPS 2018, §3.1; the space XferNAS searched): a normal and a
 * reduction cell of {@value #NODES} nodes each. Node b takes two inputs, each one of the cell's two inputs
 * (0 = the cell before the previous one, 1 = the previous cell) or an earlier node (2 + its index), applies
 * one op to each and sums them; the cell output concatenates the nodes no other node reads.
 *
 * <p>Genes are NAO's sequence: per cell, per node {@code in1, op1, in2, op2}, normal cell first, so the 40
 * genes are NAO's 40 tokens ({@link #tokens}) without its offsets. Swapping a node's two branches gives the
 * same network, so every architecture is kept in one canonical form: the branch with the smaller
 * (input, op) first. Canonical string, e.g. for NAO's first node:
 * {@code normal:conv_3x3~0+identity~1|...;reduce:...}, five {@code |}-separated nodes per cell.
 *
 * <p>Two op lists: {@link #NAO_OPS} (complete NAO's 11) and {@link #NAO_WS_OPS} (NAO-WS's 5).
 */
public final class NasnetSpace implements SearchSpace {
  /** Complete NAO's 11 ops, in its order (NAO_pytorch {@code operations.py} ids 5..15). */
  public static final List<String> NAO_OPS = List.of("identity", "conv_1x1", "conv_3x3", "conv_1x3_3x1",
      "conv_1x7_7x1", "max_pool_2x2", "max_pool_3x3", "max_pool_5x5", "avg_pool_2x2", "avg_pool_3x3",
      "avg_pool_5x5");
  /** NAO-WS's 5 ops, in its order. */
  public static final List<String> NAO_WS_OPS =
      List.of("sep_conv_3x3", "sep_conv_5x5", "avg_pool_3x3", "max_pool_3x3", "identity");

  /** The space complete NAO (and XferNAS) searched. */
  public static final NasnetSpace NASNET = new NasnetSpace("nasnet", NAO_OPS);
  /** NAO-WS's smaller op list. */
  public static final NasnetSpace NASNET_WS = new NasnetSpace("nasnet-ws", NAO_WS_OPS);

  /** Nodes per cell (NAO's B). */
  public static final int NODES = 5;
  /** Genes per cell: {@code in1, op1, in2, op2} per node. */
  public static final int PER_CELL = 4 * NODES;
  /** The two cells, in gene order. */
  public static final List<String> CELLS = List.of("normal", "reduce");

  private final String name;
  private final List<String> ops;
  private final List<List<String>> inputs = new ArrayList<>();

  public NasnetSpace(String name, List<String> ops) {
    this.name = Objects.requireNonNull(name, "name");
    this.ops = List.copyOf(ops);
    if (this.ops.isEmpty() || this.ops.stream().distinct().count() != this.ops.size()) {
      throw new InputException("a NASNet space needs distinct ops, got " + this.ops);
    }
    for (String op : this.ops) {
      if (op.isBlank() || op.chars().anyMatch(ch -> "|~+:;".indexOf(ch) >= 0 || Character.isWhitespace(ch))) {
        throw new InputException("op name '" + op + "' may not be blank or contain '|', '~', '+', ':', ';' or spaces");
      }
    }
    for (int b = 0; b < NODES; b++) {
      List<String> in = new ArrayList<>();
      for (int i = 0; i < b + 2; i++) {
        in.add(Integer.toString(i));
      }
      inputs.add(List.copyOf(in));
    }
  }

  public List<String> ops() {
    return ops;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int positions() {
    return 2 * PER_CELL;
  }

  @Override
  public List<String> options(int position) {
    if (position < 0 || position >= positions()) {
      throw new IndexOutOfBoundsException("position " + position + " of " + positions());
    }
    int k = position % PER_CELL;
    return k % 2 == 1 ? ops : inputs.get(k / 4);
  }

  /** Gene position of cell c (0 normal, 1 reduce), node b, branch j (0, 1), and input (false) or op (true). */
  public static int position(int cell, int node, int branch, boolean op) {
    return cell * PER_CELL + node * 4 + branch * 2 + (op ? 1 : 0);
  }

  /** The architecture, canonicalised: each node's branch with the smaller (input, op) first. */
  @Override
  public Architecture of(int... genes) {
    return new Architecture(this, canonical(genes));
  }

  private int[] canonical(int[] genes) {
    int[] g = genes.clone();
    if (g.length != positions()) {
      return g; // the Architecture constructor names the problem
    }
    for (int c = 0; c < 2; c++) {
      for (int b = 0; b < NODES; b++) {
        int p = position(c, b, 0, false);
        if (g[p] > g[p + 2] || (g[p] == g[p + 2] && g[p + 1] > g[p + 3])) {
          swapBranches(g, p);
        }
      }
    }
    return g;
  }

  private static void swapBranches(int[] g, int p) {
    int in = g[p];
    int op = g[p + 1];
    g[p] = g[p + 2];
    g[p + 1] = g[p + 3];
    g[p + 2] = in;
    g[p + 3] = op;
  }

  @Override
  public boolean hasSymmetries() {
    return true;
  }

  /** NAO's symmetry augmentation: one random node of each cell gets its two branches swapped. */
  @Override
  public int[] equivalentGenes(int[] genes, RandomGenerator rng) {
    int[] g = genes.clone();
    for (int c = 0; c < 2; c++) {
      swapBranches(g, position(c, rng.nextInt(NODES), 0, false));
    }
    return g;
  }

  /**
   * NAO-WS's 40-token sequence (NAO_pytorch {@code utils.py}): input i is token i + 1, op k is token k + 7,
   * token 0 is kept for start/end. With 11 ops the vocabulary has 18 tokens.
   */
  public int[] tokens(Architecture a) {
    int[] t = a.genes();
    for (int p = 0; p < t.length; p++) {
      t[p] += p % 2 == 1 ? 7 : 1;
    }
    return t;
  }

  /** The architecture of a 40-token sequence of {@link #tokens}. */
  public Architecture fromTokens(int[] tokens) {
    if (tokens.length != positions()) {
      throw new InputException("a NASNet sequence has " + positions() + " tokens, got " + tokens.length);
    }
    int[] g = new int[tokens.length];
    for (int p = 0; p < g.length; p++) {
      g[p] = tokens[p] - (p % 2 == 1 ? 7 : 1);
      if (g[p] < 0 || g[p] >= optionCount(p)) {
        throw new InputException("token " + tokens[p] + " at " + p + " is not a valid "
            + (p % 2 == 1 ? "op" : "input") + " token: inputs are 1.." + optionCount(p) + ", ops 7.." + (6 + ops.size()));
      }
    }
    return of(g);
  }

  /** Whether node b of a cell is read by no later node: such nodes are concatenated into the cell output. */
  public static boolean[] outputs(Architecture a, int cell) {
    boolean[] out = new boolean[NODES];
    java.util.Arrays.fill(out, true);
    for (int b = 0; b < NODES; b++) {
      for (int j = 0; j < 2; j++) {
        int in = a.gene(position(cell, b, j, false));
        if (in >= 2) {
          out[in - 2] = false;
        }
      }
    }
    return out;
  }

  @Override
  public String format(Architecture a) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < 2; c++) {
      sb.append(c == 0 ? "" : ";").append(CELLS.get(c)).append(':');
      for (int b = 0; b < NODES; b++) {
        if (b > 0) {
          sb.append('|');
        }
        for (int j = 0; j < 2; j++) {
          sb.append(j == 0 ? "" : "+").append(a.option(position(c, b, j, true))).append('~')
              .append(a.gene(position(c, b, j, false)));
        }
      }
    }
    return sb.toString();
  }

  @Override
  public Architecture parse(String text) {
    String example = " (like " + format(of(new int[positions()])) + ")";
    if (text == null || text.isBlank()) {
      throw new InputException("empty architecture string: a " + name + " architecture is normal:...;reduce:..." + example);
    }
    String s = text.strip();
    String[] cells = s.split(";", -1);
    if (cells.length != 2) {
      throw new InputException("architecture '" + s + "' has " + cells.length + " cell(s): write normal:...;reduce:..."
          + example);
    }
    int[] g = new int[positions()];
    for (int c = 0; c < 2; c++) {
      String cell = cells[c].strip();
      String prefix = CELLS.get(c) + ":";
      if (!cell.startsWith(prefix)) {
        throw new InputException("cell " + (c + 1) + " of '" + s + "' must start with '" + prefix + "'" + example);
      }
      String[] nodes = cell.substring(prefix.length()).split("\\|", -1);
      if (nodes.length != NODES) {
        throw new InputException(CELLS.get(c) + " cell of '" + s + "' has " + nodes.length + " node(s), expected "
            + NODES + " separated by '|'" + example);
      }
      for (int b = 0; b < NODES; b++) {
        String[] branches = nodes[b].split("\\+", -1);
        if (branches.length != 2) {
          throw new InputException("node " + b + " of the " + CELLS.get(c) + " cell ('" + nodes[b]
              + "') needs two branches op~input joined by '+'" + example);
        }
        for (int j = 0; j < 2; j++) {
          String br = branches[j].strip();
          int tilde = br.lastIndexOf('~');
          if (tilde <= 0) {
            throw new InputException("branch '" + br + "' in node " + b + " of the " + CELLS.get(c)
                + " cell must look like op~input" + example);
          }
          String op = br.substring(0, tilde);
          int k = ops.indexOf(op);
          if (k < 0) {
            throw new InputException("unknown op '" + op + "' in the " + CELLS.get(c) + " cell: space " + name
                + " has ops " + ops);
          }
          String in = br.substring(tilde + 1);
          int i = inputs.get(b).indexOf(in);
          if (i < 0) {
            throw new InputException("input '" + in + "' of node " + b + " in the " + CELLS.get(c)
                + " cell is not 0.." + (b + 1) + ": a node reads the two cell inputs (0, 1) or an earlier node (2..)");
          }
          g[position(c, b, j, false)] = i;
          g[position(c, b, j, true)] = k;
        }
      }
    }
    return of(g);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NasnetSpace n && n.name.equals(name) && n.ops.equals(ops);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + ops.hashCode();
  }

  @Override
  public String toString() {
    return "NasnetSpace[" + name + ", ops=" + ops + "]";
  }
}
