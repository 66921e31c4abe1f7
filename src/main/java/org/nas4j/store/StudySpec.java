package org.nas4j.store;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nas4j.InputException;
import org.nas4j.SettingDifferences;
import org.nas4j.evaluate.Budget;
import org.nas4j.util.Json;

/**
 * What a study is: the identity that a resumed search must match, plus its budget.
 *
 * <p>Identity fields (everything but the budget) must be equal for a search to resume a stored study, so a
 * resumed search cannot silently mix results from another dataset, space or seed. The budget may grow on
 * resume, but only on purpose ({@link Store#setBudget}): the stored budget is the study's.
 *
 * @param name the study's unique name in the store
 * @param space search space name, e.g. {@code nb201}
 * @param task task name, e.g. {@code cifar10}
 * @param optimizer optimizer name with its settings that matter, e.g. {@code rea}
 * @param seed the study seed; every evaluation's seed derives from it
 * @param fidelity epochs per evaluation (the default fidelity of enqueued architectures)
 * @param budget evaluations and cost seconds ({@link Budget#NONE} for no limit)
 * @param dataFingerprint a digest of the dataset files (empty for a tabular benchmark)
 * @param options other settings as a JSON object text with snake_case names ({@code valid_fraction}; a camelCase
 *     name, as stores of older nas4j versions hold, is renamed); compared as JSON, not as text
 */
public record StudySpec(String name, String space, String task, String optimizer, long seed, int fidelity,
    Budget budget, String dataFingerprint, String options) {

  public StudySpec {
    name = required("name", name);
    space = required("space", space);
    task = required("task", task);
    optimizer = required("optimizer", optimizer);
    dataFingerprint = dataFingerprint == null ? "" : dataFingerprint;
    options = canonicalJson(name, options);
    if (fidelity < 0) {
      throw new InputException("study " + name + ": fidelity must be >= 0 epochs, got " + fidelity);
    }
    Objects.requireNonNull(budget, "budget");
  }

  /** A spec without budget, fingerprint or options; add them with the {@code with...} methods. */
  public static StudySpec of(String name, String space, String task, String optimizer, long seed, int fidelity) {
    return new StudySpec(name, space, task, optimizer, seed, fidelity, Budget.NONE, "", "{}");
  }

  public StudySpec withBudget(Budget newBudget) {
    return new StudySpec(name, space, task, optimizer, seed, fidelity, newBudget, dataFingerprint, options);
  }

  public StudySpec withDataFingerprint(String fingerprint) {
    return new StudySpec(name, space, task, optimizer, seed, fidelity, budget, fingerprint, options);
  }

  public StudySpec withOptions(String json) {
    return new StudySpec(name, space, task, optimizer, seed, fidelity, budget, dataFingerprint, json);
  }

  /** The options parsed as a JSON object. */
  public JsonElement optionsJson() {
    return JsonParser.parseString(options);
  }

  /**
   * The identity fields where {@code other} differs from this spec, each as {@code field (stored X, given Y)};
   * empty when a search with {@code other} may resume this study.
   */
  public List<String> identityDifferences(StudySpec other) {
    List<String> d = new ArrayList<>();
    diff(d, "space", space, other.space);
    diff(d, "task", task, other.task);
    diff(d, "optimizer", optimizer, other.optimizer);
    diff(d, "seed", seed, other.seed);
    diff(d, "fidelity", fidelity, other.fidelity);
    diff(d, "dataset fingerprint", dataFingerprint, other.dataFingerprint);
    for (String option : SettingDifferences.of(optionsJson(), other.optionsJson())) {
      d.add("option " + option);
    }
    return d;
  }

  private static void diff(List<String> out, String field, Object stored, Object given) {
    if (!Objects.equals(stored, given)) {
      out.add(field + " (stored " + show(stored) + ", given " + show(given) + ")");
    }
  }

  private static String show(Object v) {
    return v instanceof String s && s.isEmpty() ? "none" : String.valueOf(v);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InputException("a study needs a " + field + ", got " + (value == null ? "none" : "a blank one"));
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new InputException("study " + field + " must be one line, got " + value.replace('\n', ' '));
    }
    return value.strip();
  }

  private static String canonicalJson(String study, String json) {
    if (json == null || json.isBlank()) {
      return "{}";
    }
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonObject()) {
        throw new InputException("study " + study + ": options must be a JSON object, got " + json);
      }
      JsonObject named = new JsonObject();
      // only the top-level names: nested objects may be keyed by data (a source task's name)
      e.getAsJsonObject().entrySet().forEach(x -> named.add(Json.snakeCase(x.getKey()), x.getValue()));
      return Json.GSON.toJson(named);
    } catch (JsonParseException bad) {
      throw new InputException("study " + study + ": options are not valid JSON (" + oneLine(bad.getMessage())
          + "): pass a JSON object such as {\"batch\":64}");
    }
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
