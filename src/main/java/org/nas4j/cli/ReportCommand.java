package org.nas4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.nas4j.InputException;
import org.nas4j.report.html.RunPage;
import org.nas4j.util.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nas4j.util.Format;
import org.nas4j.report.html.HtmlReport;
import org.nas4j.report.html.ReportData;
import org.nas4j.search.FinalModel;
import org.nas4j.search.SearchJob;
import org.nas4j.search.StudyReports;
import org.nas4j.store.Store;
import org.nas4j.store.Study;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nas4j report}: one self-contained HTML file for a study. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes a study as one self-contained HTML file (opens with no network): best-so-far against "
        + "evaluations and time, every evaluation against its parameters, the best cell drawn as a graph, and the "
        + "table of evaluations.",
        "Example: ./nas4j report --store nas4j.db --study fashion-mnist-nb201-rea-s0 --out report.html"})
public final class ReportCommand implements Callable<Integer> {
  @Option(names = "--store", defaultValue = "nas4j.db", paramLabel = "PATH|URL", description = "the store (default: ${DEFAULT-VALUE})")
  String store;

  @Option(names = "--study", paramLabel = "NAME", description = "the study")
  String study;

  @Option(names = "--run", paramLabel = "DIR",
      description = "instead of a study: a finished 'nas4j pbt' run directory (result, charts, and for --task gan the "
          + "best member's samples after every step)")
  Path run;

  @Option(names = "--out", defaultValue = "report.html", paramLabel = "FILE", description = "the HTML file (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    OutputPaths.file("--out", out);
    if (run != null) {
      if (study != null) {
        throw new InputException("--run and --study are two kinds of report: pass one of them");
      }
      Path res = run.resolve("result.json");
      if (!Files.isRegularFile(res)) {
        throw new InputException(run + " holds no finished PBT run (no result.json): pass the --out directory of a "
            + "finished 'nas4j pbt' run, or resume it first");
      }
      Map<?, ?> result;
      try {
        result = Json.GSON.fromJson(Files.readString(res), Map.class);
      } catch (RuntimeException e) {
        throw new InputException("cannot read " + res + " (" + e.getMessage() + "): run the search again", e);
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      result.forEach((k, v) -> fields.put(String.valueOf(k), v));
      RunPage.write(run, fields, out);
      System.out.println("wrote " + out.toAbsolutePath() + " (run " + run + ")");
      return 0;
    }
    if (study == null) {
      throw new InputException("missing --study: pass --study NAME (a study in --store), or --run DIR (a PBT run directory)");
    }
    try (Store s = Store.openExisting(store)) {
      Study st = s.study(study);
      Optional<FinalModel> fin = FinalModel.read(FinalModel.dir(s, study));
      Map<String, String> result = new LinkedHashMap<>();
      List<String> sources = SearchJob.recordedSources(st.spec());
      if (fin.isPresent()) {
        FinalModel f = fin.get();
        result.put("final training", f.epochs() + " epoch(s), " + Format.seconds(f.trainSeconds()) + " s");
        result.put("test accuracy", Format.percent(f.testAccuracy()));
        result.put("validation accuracy", Format.percent(f.validAccuracy()));
      }
      // a PBT study ('nas4j pbt --store'): no graph to draw; its final best member's test accuracy is a metric
      boolean pbt = st.spec().space().startsWith("pbt-");
      if (pbt) {
        for (org.nas4j.store.Trial t : s.finished(st)) {
          double test = t.evaluation() == null ? Double.NaN : t.evaluation().metric("test_accuracy");
          if (!Double.isNaN(test)) {
            result.put("final best member", t.architecture());
            result.put("test accuracy", Format.percent(test / 100));
          }
        }
        // a population trained by nas4j worker processes keeps its result in a study file instead
        Optional<byte[]> res = result.containsKey("final best member") ? Optional.empty()
            : s.file(st, org.nas4j.pbt.PbtWorker.RESULT_FILE);
        if (res.isPresent()) {
          com.google.gson.JsonObject o = Json.GSON.fromJson(new String(res.get(), java.nio.charset.StandardCharsets.UTF_8),
              com.google.gson.JsonObject.class);
          result.put("final best member", "member " + o.get("best_member").getAsInt() + ": "
              + o.get("architecture").getAsString());
          result.put("validation accuracy", Format.percent(o.get("valid_accuracy").getAsDouble()));
          result.put("test accuracy", Format.percent(o.get("test_accuracy").getAsDouble()));
        }
      }
      ReportData d = StudyReports.of(s, st, pbt ? null : SearchJob.space(st.spec().space()), sources, result);
      HtmlReport.write(d, out);
      System.out.println("wrote " + out.toAbsolutePath() + " (" + Format.count(d.trials().size()) + " evaluations)");
    }
    return 0;
  }
}
