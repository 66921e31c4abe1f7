package org.nas4j.search;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.nas4j.evaluate.Provenance;
import org.nas4j.report.html.ReportData;
import org.nas4j.space.Architecture;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.util.Format;
import org.nas4j.store.Trial;

/** Builds a study's {@link ReportData} from the store (and the final model, when there is one). */
public final class StudyReports {
  private StudyReports() {}

  /**
   * @param space parses the best architecture to draw it; null for a study whose architectures it cannot draw (PBT)
   * @param sources the transfer sources the study's searches used (as recorded in the final model or log)
   * @param finalResult the final retraining's numbers, in display order; empty when there was none
   */
  public static ReportData of(Store store, Study study, SearchSpace space, List<String> sources,
      Map<String, String> finalResult) {
    StudySpec s = study.spec();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("search space", s.space());
    facts.put("task", s.task());
    facts.put("optimizer", s.optimizer());
    facts.put("seed", Long.toString(s.seed()));
    facts.put("epochs per candidate", Integer.toString(s.fidelity()));
    facts.put("evaluation budget", s.budget().hasEvaluations() ? Format.count(s.budget().evaluations()) : "none");
    if (!s.options().equals("{}")) {
      facts.put("options", s.options());
    }
    SearchJob.transferWeights(store, study, space).ifPresent(w -> facts.put("transfer weights", w));
    facts.put("created", study.created().toString() + " (nas4j " + study.nas4jVersion() + ")");
    facts.put("store", store.location());
    List<Trial> trials = store.finished(study);
    // as recorded with the evaluations: more than one when a study was resumed with other software
    Set<String> recipes = new LinkedHashSet<>();
    Set<String> software = new LinkedHashSet<>();
    for (Trial t : trials) {
      Provenance p = t.evaluation().provenance();
      if (p != null) {
        recipes.add(p.recipeLine());
        software.add("nas4j " + p.nas4j() + ", DJL " + p.djl() + ", libtorch " + p.libtorch() + " on " + p.device());
      }
    }
    if (!recipes.isEmpty()) {
      facts.put("training recipe", String.join(" | ", recipes));
      facts.put("trained with", String.join(" | ", software));
    }
    long start = study.created().toEpochMilli();
    Optional<Architecture> best = space == null ? Optional.empty()
        : store.best(study).map(t -> space.parse(t.architecture()));
    return new ReportData(study.name(), facts, sources, trials, best, finalResult, start);
  }
}
