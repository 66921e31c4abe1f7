package org.nas4j.report.html;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.nas4j.store.Trial;
import org.nas4j.space.Architecture;

/**
 * Everything a study report shows.
 *
 * @param study the study name
 * @param facts what the study is, in display order (space, task, optimizer, seed, epochs, budget, ...)
 * @param sources transfer sources the optimizer learned from (empty: none)
 * @param trials finished trials in finish order
 * @param best the best architecture, drawn as a graph (empty when no trial completed)
 * @param finalResult the final retraining of the best architecture (e.g. test accuracy), in display order
 * @param startedAtMillis when the study started (epoch ms), the origin of the time axis
 */
public record ReportData(String study, Map<String, String> facts, List<String> sources, List<Trial> trials,
    Optional<Architecture> best, Map<String, String> finalResult, long startedAtMillis) {
  public ReportData {
    Objects.requireNonNull(study, "study");
    facts = new LinkedHashMap<>(facts);
    sources = List.copyOf(sources);
    trials = List.copyOf(trials);
    finalResult = new LinkedHashMap<>(finalResult);
  }
}
