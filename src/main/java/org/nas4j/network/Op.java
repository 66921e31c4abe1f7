package org.nas4j.network;

import java.util.Locale;
import org.nas4j.InputException;

/** The operations of a NAS-Bench-201 cell edge, as that benchmark defines them. */
enum Op {
  /** Contributes zero: the edge is left out of the graph. */
  NONE("none"),
  /** Identity. */
  SKIP("skip_connect"),
  /** ReLU, 1x1 convolution, batch norm. */
  CONV1("nor_conv_1x1"),
  /** ReLU, 3x3 convolution (padding 1), batch norm. */
  CONV3("nor_conv_3x3"),
  /** 3x3 average pooling, stride 1, padding 1, padding not counted. */
  AVG_POOL("avg_pool_3x3");

  final String label;

  Op(String label) {
    this.label = label;
  }

  boolean isConv() {
    return this == CONV1 || this == CONV3;
  }

  int kernel() {
    return this == CONV3 ? 3 : 1;
  }

  static Op of(String name) {
    for (Op op : values()) {
      if (op.label.equals(name)) {
        return op;
      }
    }
    throw new InputException("op '" + name + "' has no network implementation: the cell network knows "
        + java.util.Arrays.stream(values()).map(o -> o.label).toList().toString().toLowerCase(Locale.ROOT));
  }
}
