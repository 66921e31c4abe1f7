package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;

class CellSpaceTest {
  static final String BEST_C100 =
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|";

  @Test
  void parsesAndPrintsNasBench201Strings() {
    Architecture a = CellSpace.NB201.parse(BEST_C100);
    assertEquals(BEST_C100, a.toString());
    // NAS-Bench-201's `ops` digits for this architecture are 333133, in edge order
    assertEquals(List.of(3, 3, 3, 1, 3, 3), java.util.Arrays.stream(a.genes()).boxed().toList());
  }

  @Test
  void enumeratesTheWholeSpaceWithDistinctCanonicalStrings() {
    Set<String> strings = CellSpace.NB201.enumerate().map(Architecture::toString).collect(Collectors.toSet());
    assertEquals(15_625, strings.size());
    for (String s : strings) {
      assertEquals(s, CellSpace.NB201.parse(s).toString());
    }
    Architecture a = CellSpace.NB201.parse(BEST_C100);
    assertEquals(a, CellSpace.NB201.fromIndex(CellSpace.NB201.indexOf(a)));
  }

  @Test
  void edgeIndexingFollowsTheStringOrder() {
    int e = 0;
    for (int to = 1; to < CellSpace.NODES; to++) {
      for (int from = 0; from < to; from++, e++) {
        assertEquals(e, CellSpace.edgeIndex(from, to));
        assertEquals(from, CellSpace.edgeSource(e));
        assertEquals(to, CellSpace.edgeTarget(e));
      }
    }
  }

  @Test
  void malformedStringsGiveOneLineErrors() {
    String[] bad = {
      "",
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|", // two node groups
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", // five edges
      "|conv_7x7~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", // unknown op
      "|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", // wrong source
      "nor_conv_3x3~0+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|",
    };
    for (String s : bad) {
      InputException e = assertThrows(InputException.class, () -> CellSpace.NB201.parse(s), s);
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    assertTrue(assertThrows(InputException.class, () -> CellSpace.NB201.parse(bad[3])).getMessage()
        .contains("unknown op 'conv_7x7'"));
    assertTrue(assertThrows(InputException.class, () -> CellSpace.NB201.parse(bad[2])).getMessage()
        .contains("node 2 needs 2"));
  }

  @Test
  void opListIsConfigurable() {
    CellSpace small = new CellSpace("nb201-3ops", List.of("skip_connect", "nor_conv_3x3", "avg_pool_3x3"));
    assertEquals(729, small.size());
    Architecture a = small.parse("|skip_connect~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|skip_connect~1|nor_conv_3x3~2|");
    assertEquals(1, a.gene(1));
    assertThrows(InputException.class, () -> small.parse(BEST_C100.replace("skip_connect", "none")));
    assertThrows(InputException.class, () -> new CellSpace("dup", List.of("a", "a")));
  }

  @Test
  void mutationChangesExactlyOneEdge() {
    SplittableRandom rng = new SplittableRandom(7);
    Architecture a = CellSpace.NB201.sample(rng);
    for (int i = 0; i < 1000; i++) {
      Architecture b = CellSpace.NB201.mutate(a, rng);
      int diff = 0;
      for (int p = 0; p < CellSpace.EDGES; p++) {
        diff += a.gene(p) != b.gene(p) ? 1 : 0;
      }
      assertEquals(1, diff);
      a = b;
    }
    assertEquals(6 * 4, CellSpace.NB201.neighbours(a).size());
  }

  @Test
  void samplingIsSeededAndRoughlyUniform() {
    int[] counts = new int[5];
    SplittableRandom rng = new SplittableRandom(1);
    for (int i = 0; i < 10_000; i++) {
      counts[CellSpace.NB201.sample(rng).gene(i % 6)]++;
    }
    for (int c : counts) {
      assertTrue(Math.abs(c - 2000) < 200, java.util.Arrays.toString(counts));
    }
    Set<Architecture> one = new HashSet<>();
    Set<Architecture> two = new HashSet<>();
    SplittableRandom r1 = new SplittableRandom(42);
    SplittableRandom r2 = new SplittableRandom(42);
    for (int i = 0; i < 50; i++) {
      one.add(CellSpace.NB201.sample(r1));
      two.add(CellSpace.NB201.sample(r2));
    }
    assertEquals(one, two);
    assertNotEquals(CellSpace.NB201.sample(new SplittableRandom(1)), CellSpace.NB201.sample(new SplittableRandom(2)));
  }
}
