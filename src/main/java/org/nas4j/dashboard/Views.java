package org.nas4j.dashboard;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nas4j.InputException;
import org.nas4j.evaluate.Budget;
import org.nas4j.evaluate.Evaluation;
import org.nas4j.search.TransferTrace;
import org.nas4j.store.StudySpec;

/** The views built from several queries: studies compared, a PBT population, a transfer study's sources. */
final class Views {
  /** At most this many studies on one comparison plot. */
  static final int MAX_COMPARED = 12;

  private final Queries queries;
  /** Transfer replays by study id, advanced as the study finishes evaluations (see {@link TransferTrace}). */
  private final Map<Long, TransferTrace> traces = new HashMap<>();

  Views(Queries queries) {
    this.queries = queries;
  }

  /** The best-so-far line of each study in {@code ids} (comma-separated), for one plot. */
  JsonObject compare(String ids) {
    JsonArray series = new JsonArray();
    if (ids != null) {
      for (String raw : ids.split(",")) {
        if (raw.isBlank()) {
          continue;
        }
        if (series.size() == MAX_COMPARED) {
          break;
        }
        long id = Long.parseLong(raw.strip());
        JsonObject s = queries.study(id);
        JsonObject one = new JsonObject();
        one.addProperty("id", id);
        one.add("name", s.get("name"));
        one.add("task", s.get("task"));
        one.add("optimizer", s.get("optimizer"));
        one.add("best", queries.bestSoFar(id));
        series.add(one);
      }
    }
    JsonObject out = new JsonObject();
    out.add("series", series);
    return out;
  }

  /**
   * A PBT study: the population's fitness by slot and step (the heat map), each member's curve, and the lineage:
   * every child with its base and donor parents and which genes (layers) came from the donor.
   */
  JsonObject pbt(long id) {
    JsonObject study = queries.study(id);
    if (!"pbt".equals(study.get("kind").getAsString())) {
      throw new InputException("study " + study.get("name").getAsString() + " is not a PBT study");
    }
    JsonArray rows = queries.pbtRows(id);
    int steps = 0;
    int slots = 0;
    Map<Integer, JsonObject> members = new TreeMap<>();
    JsonArray cells = new JsonArray();
    for (JsonElement e : rows) {
      JsonObject r = e.getAsJsonObject();
      int step = r.get("step").getAsInt();
      int slot = r.get("slot").getAsInt();
      int member = r.get("member").getAsInt();
      steps = Math.max(steps, step);
      slots = Math.max(slots, slot + 1);
      JsonArray cell = new JsonArray();
      cell.add(slot);
      cell.add(step);
      cell.add(r.get("fitness"));
      cell.add(member);
      cells.add(cell);
      JsonObject m = members.computeIfAbsent(member, k -> {
        JsonObject o = new JsonObject();
        o.addProperty("member", member);
        o.add("architecture", r.get("architecture"));
        o.add("born", r.get("born"));
        o.add("base", r.get("base"));
        o.add("donor", r.get("donor"));
        o.add("donor_genes", genes(r.get("donor_genes_mask")));
        o.addProperty("slot", slot);
        o.add("curve", new JsonArray());
        return o;
      });
      JsonArray pt = new JsonArray();
      pt.add(step);
      pt.add(r.get("fitness"));
      m.getAsJsonArray("curve").add(pt);
      if (r.has("test_accuracy") && !r.get("test_accuracy").isJsonNull()) {
        m.add("test_accuracy", r.get("test_accuracy"));
      }
    }
    JsonObject out = new JsonObject();
    out.add("study", study);
    out.addProperty("steps", steps);
    out.addProperty("slots", slots);
    out.add("cells", cells);
    JsonArray ms = new JsonArray();
    members.values().forEach(ms::add);
    out.add("members", ms);
    return out;
  }

  private static JsonArray genes(JsonElement mask) {
    JsonArray out = new JsonArray();
    if (mask != null && !mask.isJsonNull()) {
      long bits = (long) mask.getAsDouble();
      for (int g = 0; g < 63; g++) {
        if ((bits >> g & 1) == 1) {
          out.add(g);
        }
      }
    }
    return out;
  }

  /**
   * A transfer study: its sources (from the options), each source's weight and the target-only weight after
   * every evaluation, and predicted against actual value, replayed by {@link TransferTrace}.
   */
  JsonObject transfer(long id) {
    JsonObject study = queries.study(id);
    TransferInputs in = queries.transferInputs(id);
    StudySpec spec = StudySpec.of(study.get("name").getAsString(), in.space(), in.task(),
        study.get("optimizer").getAsString(), study.get("seed").getAsLong(), study.get("fidelity").getAsInt())
        .withBudget(Budget.NONE).withOptions(study.get("options").getAsString());
    List<Evaluation> finished = new ArrayList<>();
    for (TransferInputs.Row r : in.target()) {
      finished.add(Double.isNaN(r.objective())
          ? Evaluation.failed(r.architecture(), r.task(), r.fidelity(), 0, 0, "failed")
          : Evaluation.complete(r.architecture(), r.task(), r.fidelity(), r.objective(), Map.of(), 0, 0, 0));
    }
    JsonObject out = new JsonObject();
    out.add("study", study);
    List<TransferTrace.Step> steps;
    List<String> sources;
    String describe;
    synchronized (traces) {
      TransferTrace trace = traces.get(id);
      if (trace == null) {
        Map<String, List<Evaluation>> others = new LinkedHashMap<>();
        for (TransferInputs.Row r : in.others()) {
          others.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(
              Evaluation.complete(r.architecture(), r.task(), r.fidelity(), r.objective(), Map.of(), 0, 0, 0));
        }
        Optional<TransferTrace> t = TransferTrace.of(spec, others);
        if (t.isEmpty()) {
          out.addProperty("note", "this study's optimizer (" + spec.optimizer() + ") does not use transfer sources, "
              + "or it recorded none");
          out.add("sources", new JsonArray());
          out.add("steps", new JsonArray());
          return out;
        }
        trace = t.get();
        traces.put(id, trace);
      }
      trace.advance(finished);
      steps = trace.steps();
      sources = trace.sources();
      describe = trace.describe();
    }
    JsonArray names = new JsonArray();
    sources.forEach(names::add);
    out.add("sources", names);
    out.addProperty("describe", describe);
    JsonArray rows = new JsonArray();
    for (TransferTrace.Step s : steps) {
      JsonObject r = new JsonObject();
      r.addProperty("architecture", s.architecture());
      JsonArray w = new JsonArray();
      for (double v : s.sourceWeights()) {
        w.add(Queries.num(v));
      }
      r.add("weights", w);
      r.add("target_weight", Queries.num(s.targetWeight()));
      r.add("predicted", Queries.num(s.predicted()));
      r.add("actual", Queries.num(s.actual()));
      rows.add(r);
    }
    out.add("steps", rows);
    return out;
  }
}
