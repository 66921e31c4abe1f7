package org.nas4j.pbt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.report.PopulationCharts.Edge;
import org.nas4j.report.PopulationCharts.Kind;
import org.nas4j.report.PopulationCharts.Node;

class LineageTest {
  @Test
  void aChildHasEdgesFromItsBaseAndDonorAndASurvivorFromItself() {
    int n = 3;
    List<PbtSearch.PopulationFile> pops = new ArrayList<>();
    for (int t = 0; t <= 2; t++) { // slot 1 gets a child of 2 (base) and 0 (donor) at the start of steps 2 and 3
      List<Member> members = new ArrayList<>();
      for (int slot = 0; slot < n; slot++) {
        boolean child = slot == 1 && t >= 1;
        members.add(new Member(child ? 10 + t + 1 : slot, slot, "a", "c", child ? t : 0, child ? 2 : -1,
            child ? 0 : -1, List.of(), child ? "child" : "initial"));
      }
      pops.add(new PbtSearch.PopulationFile(t, 20, members));
    }
    List<Edge> expected = new ArrayList<>();
    for (int s = 1; s <= 2; s++) {
      expected.add(new Edge(s, 0, 0, Kind.SURVIVOR));
      expected.add(new Edge(s, 2, 10 + s + 1, Kind.BASE));
      expected.add(new Edge(s, 0, 10 + s + 1, Kind.DONOR));
      expected.add(new Edge(s, 2, 2, Kind.SURVIVOR));
    }
    assertEquals(expected, Lineage.edges(pops, 3));
    assertEquals(List.of(new Edge(1, 0, 0, Kind.SURVIVOR), new Edge(1, 2, 12, Kind.BASE),
        new Edge(1, 0, 12, Kind.DONOR), new Edge(1, 2, 2, Kind.SURVIVOR)), Lineage.edges(pops, 2),
        "no edges into a step that has not trained");
  }

  @Test
  void nodesAreTheFitnessOfEveryMemberInStepOrder() {
    List<List<PbtSearch.StepFitness>> fit = List.of(
        List.of(new PbtSearch.StepFitness(1, 0, 0, "a", 0.5, 1, 100, 1), new PbtSearch.StepFitness(1, 1, 1, "b", 0.6, 1, 100, 1)),
        List.of(new PbtSearch.StepFitness(2, 0, 0, "a", 0.7, 1, 100, 1), new PbtSearch.StepFitness(2, 1, 2, "c", 0.4, 1, 100, 1)));
    assertEquals(List.of(new Node(1, 0, 0, 0.5), new Node(1, 1, 1, 0.6), new Node(2, 0, 0, 0.7), new Node(2, 1, 2, 0.4)),
        Lineage.nodes(fit));
  }
}
