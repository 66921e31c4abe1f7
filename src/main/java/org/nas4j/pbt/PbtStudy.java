package org.nas4j.pbt;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.evaluate.Provenance;
import org.nas4j.store.Claim;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.store.StudySpec;
import org.nas4j.store.Trial;
import org.nas4j.util.Json;

/**
 * Records a PBT run in an experiment store: one evaluation per member per step, read from the run directory.
 *
 * <p>The study's space is {@code pbt-<space>} ({@code pbt-layers}, {@code pbt-nb201}), never a search space name,
 * because a PBT member's accuracy comes from inherited weights: {@link Store#evaluationsOnOtherTasks} selects by
 * space, so transfer sources never see PBT studies. Each evaluation's architecture is {@code <arch> #m<id>} (two
 * members may share an architecture at one step, and the store keeps one row per architecture and fidelity), its
 * fidelity is the step length times the step number (epochs or batches the run has trained), its objective the
 * validation accuracy in %, and its metrics hold the lineage ({@code member}, {@code slot}, {@code step},
 * {@code born}, {@code base}, {@code donor}, {@code donor_genes_mask}: bit g set when gene g came from the donor),
 * {@code valid_accuracy}, {@code train_loss}, {@code images}, and {@code test_accuracy} for the final best member.
 * The options hold {@code kind: pbt} and the run directory ({@code run_dir}), see {@link #runDir}.
 * Recording is idempotent: a row the study already holds is skipped, so a resumed or repeated run adds nothing twice.
 */
public final class PbtStudy {
  private PbtStudy() {}

  /**
   * The study of a run: created, or loaded when the same settings recorded it before. The options hold the run
   * directory ({@code run_dir}, absolute) so that {@code nas4j export} finds the best member's files.
   */
  public static Study open(Store store, String name, PbtConfig cfg, String task, java.nio.file.Path runDir) {
    StudySpec spec = spec(name, cfg, task, Map.of("run_dir", runDir.toAbsolutePath().normalize().toString()));
    Study study = store.createOrLoadStudy(spec);
    // the member-steps of this run's --steps, which a resume may raise
    return study.spec().budget().equals(spec.budget()) ? study : store.setBudget(study, spec.budget());
  }

  /**
   * The spec of a PBT study: one evaluation per member-step in the budget, and the settings that identify the run
   * in its options ({@code kind: pbt}, plus {@code extra}: where the run lives, or that workers train it).
   */
  static StudySpec spec(String name, PbtConfig cfg, String task, Map<String, Object> extra) {
    Map<String, Object> options = new TreeMap<>(extra);
    options.put("kind", "pbt");
    options.put("step_unit", cfg.stepUnit().name().toLowerCase(Locale.ROOT));
    options.put("population", cfg.population());
    options.put("tau", cfg.tau());
    options.put("donor_prob", cfg.donorProbability());
    options.put("stages", cfg.stages());
    options.put("positions", cfg.positions());
    options.put("channels", cfg.channels());
    return StudySpec.of(name, "pbt-" + cfg.space(), task, cfg.variant().id(), cfg.seed(), cfg.stepLength())
        .withBudget(Budget.ofEvaluations(cfg.population() * cfg.steps()))
        .withOptions(Json.GSON.toJson(options));
  }

  /** The run directory recorded in a PBT study's options, or null when the study is not a PBT study. */
  public static java.nio.file.Path runDir(org.nas4j.store.StudySpec spec) {
    com.google.gson.JsonElement e = spec.optionsJson();
    if (!e.isJsonObject() || !e.getAsJsonObject().has("kind")
        || !"pbt".equals(e.getAsJsonObject().get("kind").getAsString())) {
      return null;
    }
    if (!e.getAsJsonObject().has("run_dir")) {
      throw new org.nas4j.InputException("PBT study " + spec.name() + " was recorded without its run directory: "
          + "use 'nas4j predict --model RUN_DIR' on the run directory instead");
    }
    return java.nio.file.Path.of(e.getAsJsonObject().get("run_dir").getAsString());
  }

  /**
   * Records every step as it finishes, except the last: that one is recorded by {@link #record} after the run,
   * when the best member's test accuracy is known. {@code search.onStep(PbtStudy.recorder(store, study, search))}.
   */
  public static PbtSearch.StepListener recorder(Store store, Study study, PbtSearch search) {
    return step -> {
      if (step < search.config().steps()) {
        recordStep(store, study, search, step, null);
      }
    };
  }

  /**
   * Records every finished step of the run that the study does not hold yet.
   *
   * @param result the finished run (its best member's test accuracy is recorded), or null
   * @return how many evaluations were added
   */
  public static int record(Store store, Study study, PbtSearch search, PbtSearch.Result result) throws IOException {
    int added = 0;
    for (int step = 1; step <= search.config().steps(); step++) {
      added += recordStep(store, study, search, step, result);
    }
    return added;
  }

  /** Records the members of one finished step (1-based) that the study does not hold yet; how many were added. */
  public static int recordStep(Store store, Study study, PbtSearch search, int step, PbtSearch.Result result)
      throws IOException {
    PbtConfig cfg = search.config();
    Provenance provenance = search.provenance();
    List<PbtSearch.PopulationFile> pops = search.populations();
    int added = 0;
    if (step <= pops.size()) {
      Map<Integer, Member> byId = new HashMap<>();
      for (Member m : pops.get(step - 1).members()) {
        byId.put(m.id(), m);
      }
      int fidelity = step * cfg.stepLength();
      for (PbtSearch.StepFitness f : search.results(step)) {
        String arch = f.architecture() + " #m" + f.member();
        Trial t = store.enqueue(study, arch, fidelity);
        if (t.status() != org.nas4j.evaluate.Status.WAITING) {
          continue; // recorded before (or being recorded by another process)
        }
        Claim c = store.claim(t, "pbt").orElse(null);
        if (c == null) {
          continue;
        }
        Map<String, Double> metrics = new TreeMap<>();
        // the store keeps accuracies in %, as search studies and NAS-Bench-201's tables do
        metrics.put("valid_accuracy", 100 * f.validAccuracy());
        metrics.put("train_loss", f.trainLoss());
        metrics.put("images", (double) f.images());
        metrics.put("member", (double) f.member());
        metrics.put("slot", (double) f.slot());
        metrics.put("step", (double) step);
        Member m = byId.get(f.member());
        if (m != null) {
          putLineage(metrics, m);
        }
        if (result != null && step == cfg.steps() && f.member() == result.bestMember()) {
          metrics.put("test_accuracy", 100 * result.testAccuracy());
        }
        // NaN fitness (no validation images) cannot be an objective: FAILED with the reason
        store.finish(c, (Double.isNaN(f.validAccuracy())
            ? Evaluation.failed(arch, study.spec().task(), fidelity, f.seconds(), cfg.seed(), "no validation accuracy")
            : Evaluation.complete(arch, study.spec().task(), fidelity, 100 * f.validAccuracy(), metrics, f.seconds(), -1,
                cfg.seed())).withProvenance(provenance));
        added++;
      }
    }
    return added;
  }

  /**
   * A member's lineage as a member-step's metrics ({@code born}, {@code base}, {@code donor} and the donor's genes
   * as the bit mask {@code donor_genes_mask}): what the dashboard's PBT view reads, from one process or workers.
   */
  static void putLineage(Map<String, Double> metrics, Member m) {
    metrics.put("born", (double) m.born());
    metrics.put("base", (double) m.base());
    metrics.put("donor", (double) m.donor());
    double mask = 0;
    for (int g : m.donorGenes()) {
      mask += Math.pow(2, g);
    }
    metrics.put("donor_genes_mask", mask);
  }
}
