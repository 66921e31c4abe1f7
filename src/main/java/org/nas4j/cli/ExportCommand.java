package org.nas4j.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nas4j.InputException;
import org.nas4j.util.Format;
import org.nas4j.search.FinalModel;
import org.nas4j.search.SearchJob;
import org.nas4j.space.Architecture;
import org.nas4j.space.CellSpace;
import org.nas4j.space.NasnetSpace;
import org.nas4j.space.SearchSpace;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import org.nas4j.util.Json;
import org.nas4j.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j export}: the best architecture of a study (JSON) and its trained weights, in a folder. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes the best architecture of a study as architecture.json and its trained model (model.json + "
        + "weights.params, loadable with 'nas4j predict --model DIR' or ModelFiles.load(dir) in Java).",
        "Uses the model the search's final training saved; when there is none (a search run with --final-epochs 0 or "
            + "stopped before it), trains it now with the study's own data and recipe.",
        "A PBT study ('nas4j pbt --store'): copies the best member (model.json + weights.params) from the run directory.",
        "Example: ./nas4j export --store nas4j.db --study fashion-mnist-nb201-rea-s0 --out best-model"})
public final class ExportCommand implements Callable<Integer> {
  @Option(names = "--store", defaultValue = "nas4j.db", paramLabel = "PATH|URL", description = "the store (default: ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--study", required = true, paramLabel = "NAME", description = "the study")
  String study;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "the folder to write")
  Path out;

  @Option(names = "--final-epochs", paramLabel = "N",
      description = "epochs when the final model must be trained now (default: 3 x the study's epochs)")
  Integer finalEpochs;

  @Override
  public Integer call() throws Exception {
    if (finalEpochs != null) {
      Flags.atLeast("--final-epochs", finalEpochs, 1, "leave it out for 3 x the study's epochs");
    }
    OutputPaths.folder("--out", out);
    FinalModel fin;
    SearchSpace space;
    String dataSpec;
    try (Store s = Store.openExisting(store)) {
      Study st = s.study(study);
      if (org.nas4j.pbt.PbtWorker.args(s, st).isPresent()) {
        return exportWorkerPbt(s, st);
      }
      Path run = org.nas4j.pbt.PbtStudy.runDir(st.spec());
      if (run != null) {
        return exportPbt(run, st.spec().task());
      }
      space = SearchJob.space(st.spec().space());
      dataSpec = SearchJob.dataSpec(st.spec());
      var best = s.best(st).orElseThrow(() -> new InputException("study " + study
          + " has no completed evaluation yet: run its search first"));
      int epochs = finalEpochs != null ? finalEpochs : 3 * st.spec().fidelity();
      fin = SearchJob.finalModel(s, st, space.parse(best.architecture()), best.evaluation(), epochs, System.err);
    }
    Files.createDirectories(out);
    for (String f : List.of(ModelFiles.MODEL_JSON, ModelFiles.WEIGHTS, "final.json")) {
      Files.copy(fin.dir().resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Architecture a = space.parse(fin.architecture());
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("study", study);
    j.put("space", space.name());
    j.put("architecture", a.toString());
    if (space instanceof CellSpace) {
      List<Object> edges = new ArrayList<>();
      for (int e = 0; e < CellSpace.EDGES; e++) {
        Map<String, Object> edge = new LinkedHashMap<>();
        edge.put("from", CellSpace.edgeSource(e));
        edge.put("to", CellSpace.edgeTarget(e));
        edge.put("op", a.option(e));
        edges.add(edge);
      }
      j.put("edges", edges);
    } else if (space instanceof NasnetSpace) {
      // each cell as NAO's nodes: two branches (input, op) each; inputs 0 and 1 are the two previous cells
      Map<String, Object> cells = new LinkedHashMap<>();
      for (int c = 0; c < 2; c++) {
        List<Object> nodes = new ArrayList<>();
        for (int b = 0; b < NasnetSpace.NODES; b++) {
          List<Object> branches = new ArrayList<>();
          for (int k = 0; k < 2; k++) {
            branches.add(Map.of("input", a.gene(NasnetSpace.position(c, b, k, false)),
                "op", a.option(NasnetSpace.position(c, b, k, true))));
          }
          nodes.add(branches);
        }
        cells.put(NasnetSpace.CELLS.get(c), nodes);
      }
      j.put("cells", cells);
      j.put("tokens", java.util.Arrays.stream(((NasnetSpace) space).tokens(a)).boxed().toList());
    }
    j.put("task", fin.task());
    j.put("search_valid_accuracy", fin.searchObjective());
    j.put("final_epochs", fin.epochs());
    j.put("valid_accuracy", fin.validAccuracy());
    j.put("test_accuracy", fin.testAccuracy());
    j.put("params", fin.params());
    j.put("transfer_sources", fin.sources());
    Files.writeString(out.resolve("architecture.json"), Json.write(j), StandardCharsets.UTF_8);
    System.out.println("best architecture: " + a);
    System.out.printf(java.util.Locale.ROOT, "test accuracy: %s (%d epoch(s) of final training)%n",
        Format.percent(fin.testAccuracy()), fin.epochs());
    System.out.println("wrote " + out.toAbsolutePath() + " (architecture.json, model.json, weights.params)");
    System.out.println("next: ./nas4j predict --model " + Shell.quote(out.toString()) + " --data " + Shell.quote(dataSpec));
    return 0;
  }

  /** A PBT study that nas4j worker processes trained: the best member's model folder is in the store. */
  private int exportWorkerPbt(Store s, Study st) throws java.io.IOException {
    Map<String, byte[]> files = org.nas4j.pbt.PbtWorker.bestModel(s, st);
    if (files.isEmpty()) {
      throw new InputException("PBT study " + study + " has not finished: start 'nas4j worker --store STORE --study "
          + study + "' until it has, then export");
    }
    Files.createDirectories(out);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Files.write(out.resolve(f.getKey()), f.getValue());
    }
    org.nas4j.pbt.PbtWorker.writeRun(s, st, out); // and the run's tables and plots, as a run directory has them
    System.out.println("best member of PBT study " + study + " (trained by nas4j worker, kept in the store)");
    System.out.println("wrote " + out.toAbsolutePath() + " (model.json, weights.params; result.json, fitness.csv, "
        + "lineage.csv, lineage.png, fitness.png: nas4j report --run " + Shell.quote(out.toString()) + ")");
    System.out.println("next: ./nas4j predict --model " + Shell.quote(out.toString()) + " --data "
        + Shell.quote(st.spec().task()));
    return 0;
  }

  /** A PBT study: its best member is the run's model folder, trained by the run, copied as it is. */
  private int exportPbt(Path run, String task) throws java.io.IOException {
    List<String> files = List.of(ModelFiles.MODEL_JSON, ModelFiles.WEIGHTS);
    for (String f : files) {
      if (!Files.isRegularFile(run.resolve(f))) {
        throw new InputException("PBT study " + study + ": no " + f + " in its run directory " + run
            + " (the run has not finished or was moved): finish it with the same 'nas4j pbt' command");
      }
    }
    Files.createDirectories(out);
    for (String f : files) {
      Files.copy(run.resolve(f), out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    System.out.println("best member of PBT run " + run);
    System.out.println("wrote " + out.toAbsolutePath() + " (model.json, weights.params)");
    System.out.println("next: ./nas4j predict --model " + Shell.quote(out.toString()) + " --data " + Shell.quote(task));
    return 0;
  }
}
