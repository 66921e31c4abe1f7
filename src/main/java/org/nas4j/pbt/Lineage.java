package org.nas4j.pbt;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nas4j.report.PopulationCharts;

/** A run's fitness and population files as the nodes and edges that {@link PopulationCharts} draws. */
final class Lineage {
  private Lineage() {}

  /** Writes {@code lineage.png} and {@code fitness.png} into the run directory. */
  static void draw(Path dir, PbtSearch search) throws IOException {
    PbtConfig cfg = search.config();
    List<List<PbtSearch.StepFitness>> fit = new ArrayList<>();
    for (int s = 1; s <= cfg.steps(); s++) {
      fit.add(search.results(s));
    }
    draw(dir, cfg.variant().id() + ", seed " + cfg.seed(), cfg.population(), fit, search.populations(), search.isGan());
  }

  /** {@link #draw(Path, PbtSearch)} from the steps' fitness and the population files. */
  static void draw(Path dir, String title, int population, List<List<PbtSearch.StepFitness>> fit,
      List<PbtSearch.PopulationFile> pops, boolean gan) throws IOException {
    PopulationCharts.write(dir, title, population, fit.size(), nodes(fit), edges(pops, fit.size()),
        gan ? new PopulationCharts.Metric("minus FD-classifier", 1) : PopulationCharts.Metric.ACCURACY);
  }

  /** Every member after every step, in step order. */
  static List<PopulationCharts.Node> nodes(List<List<PbtSearch.StepFitness>> fit) {
    List<PopulationCharts.Node> out = new ArrayList<>();
    for (List<PbtSearch.StepFitness> step : fit) {
      for (PbtSearch.StepFitness f : step) {
        out.add(new PopulationCharts.Node(f.step(), f.slot(), f.member(), f.fitness()));
      }
    }
    return out;
  }

  /**
   * The edges into the members of steps 2 to {@code steps}: a member born at the start of step s+1 comes from its
   * base (and donor) parent after step s, any other member from itself.
   */
  static List<PopulationCharts.Edge> edges(List<PbtSearch.PopulationFile> pops, int steps) {
    List<PopulationCharts.Edge> out = new ArrayList<>();
    for (int s = 1; s < steps && s < pops.size(); s++) {
      for (Member m : pops.get(s).members()) {
        if (m.born() == s && m.base() >= 0) {
          out.add(new PopulationCharts.Edge(s, m.base(), m.id(), PopulationCharts.Kind.BASE));
          if (m.donor() >= 0 && m.donor() != m.base()) {
            out.add(new PopulationCharts.Edge(s, m.donor(), m.id(), PopulationCharts.Kind.DONOR));
          }
        } else {
          out.add(new PopulationCharts.Edge(s, m.id(), m.id(), PopulationCharts.Kind.SURVIVOR));
        }
      }
    }
    return out;
  }
}
