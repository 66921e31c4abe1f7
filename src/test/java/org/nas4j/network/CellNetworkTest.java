package org.nas4j.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;
import org.nas4j.engine.Autograd;
import org.nas4j.engine.Engines;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;

class CellNetworkTest {
  private static final CellSpace SPACE = CellSpace.NB201;

  record Row(String arch, double c10, double c100, double in16) {}

  static List<Row> rows() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (var in = CellNetworkTest.class.getResourceAsStream("nb201-params.csv");
        var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("arch_str")) {
          continue;
        }
        String[] f = line.split(",");
        rows.add(new Row(f[0], Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3])));
      }
    }
    return rows;
  }

  @Test
  void parameterCountsEqualNasBench201ForEveryListedArchitecture() throws Exception {
    List<Row> rows = rows();
    assertTrue(rows.size() >= 300, "expected a few hundred architectures, got " + rows.size());
    java.util.Set<String> inconsistent = inconsistentRows();
    // the file's own errata stay a small minority: 150 of 15,625 rows
    assertTrue(inconsistent.size() <= 156, "too many rows excused: " + inconsistent.size());
    int checked = 0;
    for (Row row : rows) {
      if (inconsistent.contains(row.arch())) {
        continue;
      }
      checked++;
      Architecture a = SPACE.parse(row.arch());
      assertEquals(Math.round(row.c10() * 1e6), CellNetwork.parameters(a, NetworkConfig.nb201(10)), row.arch() + " c10");
      assertEquals(Math.round(row.c100() * 1e6), CellNetwork.parameters(a, NetworkConfig.nb201(100)), row.arch() + " c100");
      // ImageNet16-120: 16x16 colour images, 120 classes
      assertEquals(Math.round(row.in16() * 1e6),
          CellNetwork.parameters(a, new NetworkConfig(16, 5, 3, 16, 16, 120)), row.arch() + " in16");
    }
    assertTrue(checked >= 290, "checked " + checked);
    assertEquals(1_531_546, CellNetwork.parameters(SPACE.parse(rows.get(0).arch()), NetworkConfig.nb201(10)));
    assertEquals(73_306, CellNetwork.parameters(SPACE.parse(rows.get(1).arch()), NetworkConfig.nb201(10)));
  }

  static java.util.Set<String> inconsistentRows() throws Exception {
    try (var in = CellNetworkTest.class.getResourceAsStream("nb201-params-inconsistent.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).collect(java.util.stream.Collectors.toSet());
    }
  }

  @Test
  void builtNetworkHoldsExactlyTheCountedParameters() throws Exception {
    Engines.pytorch();
    Autograd.inference();
    List<Row> rows = rows();
    for (Row row : rows.subList(0, 8)) {
      Architecture a = SPACE.parse(row.arch());
      CellNetwork net = CellNetwork.build(a, NetworkConfig.nb201(10));
      try (NDManager m = Engines.pytorch().newBaseManager()) {
        net.initialize(m, 1);
        long trainable = 0;
        for (Pair<String, Parameter> p : net.getParameters()) {
          if (p.getValue().requiresGradient()) {
            trainable += p.getValue().getArray().size();
          }
        }
        assertEquals(Math.round(row.c10() * 1e6), trainable, row.arch());
      }
    }
  }

  @Test
  void forwardGivesOneLogitPerClassForEveryKindOfCell() {
    Engines.pytorch();
    Autograd.inference();
    String[] archs = {
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
      "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
      // node 1 is zero but feeds a conv into the output: BN's shift still flows
      "|none~0|+|none~0|none~1|+|none~0|nor_conv_1x1~1|none~2|",
      "|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|avg_pool_3x3~1|skip_connect~2|",
    };
    NetworkConfig cfg = new NetworkConfig(4, 1, 1, 8, 8, 3);
    for (String s : archs) {
      CellNetwork net = CellNetwork.build(SPACE.parse(s), cfg);
      try (NDManager m = Engines.pytorch().newBaseManager()) {
        net.initialize(m, 7);
        NDArray x = m.randomNormal(new Shape(5, 8, 8, 1)).transpose(0, 3, 1, 2);
        NDArray y = net.logits(new ParameterStore(m, false), x, true);
        assertEquals(new Shape(5, 3), y.getShape(), s);
        float[] v = y.toFloatArray();
        for (float f : v) {
          assertFalse(Float.isNaN(f), s);
        }
      }
    }
  }

  @Test
  void sameSeedSameWeightsOtherSeedOtherWeights() {
    Engines.pytorch();
    Autograd.inference();
    Architecture a = SPACE.parse("|nor_conv_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|");
    NetworkConfig cfg = new NetworkConfig(4, 1, 1, 8, 8, 3);
    try (NDManager m = Engines.pytorch().newBaseManager()) {
      CellNetwork n1 = CellNetwork.build(a, cfg);
      CellNetwork n2 = CellNetwork.build(a, cfg);
      CellNetwork n3 = CellNetwork.build(a, cfg);
      n1.initialize(m, 42);
      n2.initialize(m, 42);
      n3.initialize(m, 43);
      var p1 = n1.getParameters().valueAt(0).getArray().toFloatArray();
      assertEquals(java.util.Arrays.toString(p1), java.util.Arrays.toString(n2.getParameters().valueAt(0).getArray().toFloatArray()));
      assertFalse(java.util.Arrays.equals(p1, n3.getParameters().valueAt(0).getArray().toFloatArray()));
    }
  }

  @Test
  void flopsGrowWithConvolutionsAndResolution() {
    NetworkConfig cfg = NetworkConfig.nb201(10);
    long none = CellNetwork.flops(SPACE.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"), cfg);
    long conv1 = CellNetwork.flops(SPACE.parse("|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|"), cfg);
    // one 1x1 conv per cell: 5 cells per stage at 32x32x16, 16x16x32, 8x8x64
    assertEquals(5L * (32 * 32 * 16 * 16 + 16 * 16 * 32 * 32 + 8 * 8 * 64 * 64), conv1 - none);
    assertTrue(CellNetwork.flops(SPACE.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"),
        new NetworkConfig(16, 5, 3, 64, 64, 10)) > 3 * none);
  }

  @Test
  void badShapesAndOpsAreInputErrors() {
    assertThrows(InputException.class, () -> new NetworkConfig(16, 5, 1, 30, 30, 10));
    assertThrows(InputException.class, () -> new NetworkConfig(0, 5, 1, 32, 32, 10));
    CellSpace other = new CellSpace("x", List.of("none", "sep_conv_5x5"));
    assertThrows(InputException.class, () -> CellNetwork.build(other.parse(
        "|sep_conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|"), NetworkConfig.nb201(10)));
  }
}
