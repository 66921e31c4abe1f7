package org.nas4j.space;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nas4j.InputException;

class NasnetSpaceTest {
  static final NasnetSpace S = NasnetSpace.NASNET;
  static final String A = "normal:conv_3x3~0+identity~1|avg_pool_3x3~0+conv_1x1~2|identity~1+max_pool_2x2~3"
      + "|conv_1x7_7x1~0+conv_1x3_3x1~4|avg_pool_5x5~2+identity~5"
      + ";reduce:conv_1x1~0+max_pool_3x3~1|identity~0+conv_3x3~2|avg_pool_2x2~1+conv_3x3~3"
      + "|max_pool_5x5~4+identity~2|conv_1x1~5+avg_pool_3x3~3";

  @Test
  void positionsAndOptionsFollowNao() {
    assertEquals(40, S.positions());
    assertEquals(11, S.ops().size());
    assertEquals(5, NasnetSpace.NASNET_WS.ops().size());
    for (int c = 0; c < 2; c++) {
      for (int b = 0; b < 5; b++) {
        // node b reads the two cell inputs or nodes 0..b-1
        assertEquals(b + 2, S.optionCount(NasnetSpace.position(c, b, 0, false)));
        assertEquals(b + 2, S.optionCount(NasnetSpace.position(c, b, 1, false)));
        assertEquals(11, S.optionCount(NasnetSpace.position(c, b, 1, true)));
      }
    }
    assertEquals(Long.MAX_VALUE, S.size()); // 1.8e32: larger than a long
  }

  @Test
  void formatParseRoundTripIsCanonical() {
    SplittableRandom r = new SplittableRandom(1);
    for (NasnetSpace space : List.of(S, NasnetSpace.NASNET_WS)) {
      for (int i = 0; i < 300; i++) {
        Architecture a = space.sample(r);
        String s = a.toString();
        assertEquals(a, space.parse(s));
        assertEquals(s, space.parse(s).toString());
        assertTrue(s.startsWith("normal:") && s.contains(";reduce:"), s);
      }
    }
    // A is written with some branches in non-canonical order: parsing sorts them, and prints the same network
    Architecture a = S.parse(A);
    assertEquals(a, S.parse(a.toString()));
    assertTrue(a.toString().startsWith("normal:identity~1+conv_3x3~0|") == false);
    assertTrue(a.toString().startsWith("normal:conv_3x3~0+identity~1|"), a.toString());
  }

  @Test
  void swappedBranchesAreTheSameArchitecture() {
    Architecture a = S.parse(A);
    String swapped = A.replace("normal:conv_3x3~0+identity~1", "normal:identity~1+conv_3x3~0")
        .replace("|conv_1x1~5+avg_pool_3x3~3", "|avg_pool_3x3~3+conv_1x1~5");
    assertNotEquals(A, swapped);
    assertEquals(a, S.parse(swapped));
    SplittableRandom r = new SplittableRandom(2);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      int[] g = S.equivalentGenes(a.genes(), r);
      seen.add(java.util.Arrays.toString(g));
      assertEquals(a, S.of(g), "an augmented sequence decodes to the same architecture");
    }
    assertTrue(seen.size() > 5, "augmentation draws different sequences: " + seen.size());
    assertTrue(S.hasSymmetries());
    assertFalse(CellSpace.NB201.hasSymmetries());
  }

  @Test
  void fortyTokenSequenceAsNaoWritesIt() {
    Architecture a = S.parse(A);
    int[] t = S.tokens(a);
    assertEquals(40, t.length);
    // first node: conv_3x3 on input 0 then identity on input 1 -> (1, 2+7), (2, 0+7)
    assertArrayEquals(new int[] {1, 9, 2, 7}, java.util.Arrays.copyOf(t, 4));
    for (int p = 0; p < 40; p++) {
      assertTrue(p % 2 == 0 ? t[p] >= 1 && t[p] <= 6 : t[p] >= 7 && t[p] <= 17, "token " + p + " = " + t[p]);
    }
    assertEquals(a, S.fromTokens(t));
    assertThrows(InputException.class, () -> S.fromTokens(new int[39]));
  }

  @Test
  void mutationChangesOneBranchAndStaysCanonical() {
    SplittableRandom r = new SplittableRandom(3);
    Architecture a = S.sample(r);
    for (int i = 0; i < 200; i++) {
      Architecture m = S.mutate(a, r);
      assertNotEquals(a, m);
      assertEquals(m, S.parse(m.toString()));
      int diff = 0;
      for (int p = 0; p < 40; p++) {
        diff += a.gene(p) != m.gene(p) ? 1 : 0;
      }
      assertTrue(diff >= 1 && diff <= 4, "one branch changes (re-sorting may move it): " + diff);
      a = m;
    }
  }

  @Test
  void outputsAreTheNodesNobodyReads() {
    Architecture a = S.parse(A);
    // normal: node 0 read by node 1 (~2), node 1 by node 2 (~3), node 2 by node 3 (~4), node 3 by node 4 (~5)
    assertArrayEquals(new boolean[] {false, false, false, false, true}, NasnetSpace.outputs(a, 0));
    // reduce: nodes 0 (~2), 1 (~3), 2 (~4) and 3 (~5) are read, node 4 is not
    assertArrayEquals(new boolean[] {false, false, false, false, true}, NasnetSpace.outputs(a, 1));
    Architecture flat = S.parse("normal:identity~0+identity~1|identity~0+identity~1|identity~0+identity~1"
        + "|identity~0+identity~1|identity~0+identity~1;reduce:identity~0+identity~1|identity~0+identity~1"
        + "|identity~0+identity~1|identity~0+identity~1|identity~0+identity~1");
    assertArrayEquals(new boolean[] {true, true, true, true, true}, NasnetSpace.outputs(flat, 1));
  }

  @Test
  void badStringsGetOneLineErrors() {
    for (String bad : List.of("", "normal:conv_3x3~0+identity~1", A.replace("conv_3x3~0", "conv_9x9~0"),
        A.replace("identity~5", "identity~7"), A.replace(";reduce:", ";reduction:"),
        A.replace("|avg_pool_5x5~2+identity~5", ""), A.replace("conv_3x3~0+identity~1", "conv_3x3~0"),
        A.replace("conv_3x3~0+", "conv_3x3+"))) {
      InputException e = assertThrows(InputException.class, () -> S.parse(bad), bad);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertTrue(assertThrows(InputException.class, () -> S.parse(A.replace("conv_3x3~0", "conv_9x9~0")))
        .getMessage().contains("unknown op 'conv_9x9'"));
    assertTrue(assertThrows(InputException.class, () -> S.parse(A.replace("identity~5", "identity~7")))
        .getMessage().contains("is not 0..5"));
  }

  @Test
  void registryNamesTheSpaces() {
    assertSame(S, SearchSpaces.get("nasnet"));
    assertSame(NasnetSpace.NASNET_WS, SearchSpaces.get("nasnet-ws"));
    assertSame(CellSpace.NB201, SearchSpaces.get("nb201"));
    InputException e = assertThrows(InputException.class, () -> SearchSpaces.get("darts"));
    assertTrue(e.getMessage().contains("nb201, nasnet, nasnet-ws"), e.getMessage());
  }
}
