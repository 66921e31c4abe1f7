package org.nas4j.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON nas4j writes and reads back as plain Java values (model files, {@code --json} summaries), on Gson:
 * maps, lists, strings, numbers, booleans and null. Non-finite numbers are written as null, integral doubles as
 * integers, and integers are read back as exact {@code Long}s (64-bit seeds).
 */
public final class Json {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create();
  private static final Gson STRICT = new GsonBuilder().setStrictness(Strictness.STRICT).create();

  private Json() {}

  /** Pretty-printed JSON of maps, lists, float arrays, strings, numbers, booleans and nulls. */
  public static String write(Object value) {
    return GSON.toJson(plain(value)) + "\n";
  }

  private static Object plain(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), plain(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(Json::plain).toList();
    }
    if (v instanceof float[] f) {
      List<Object> out = new ArrayList<>();
      for (float x : f) {
        out.add(plain((double) x));
      }
      return out;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (!Double.isFinite(d)) {
        return null;
      }
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
    return v instanceof Number || v instanceof Boolean || v == null ? v : v.toString();
  }

  /**
   * Parses JSON into maps (insertion-ordered), lists, strings, numbers (Long for integers, else Double),
   * booleans and nulls.
   *
   * @throws IllegalArgumentException naming the first syntax error
   */
  public static Object parse(String text) {
    JsonElement e;
    try {
      e = STRICT.fromJson(text, JsonElement.class);
    } catch (JsonParseException ex) {
      Throwable why = ex.getCause() != null ? ex.getCause() : ex;
      String first = String.valueOf(why.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException("not JSON: " + first.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept ", ""), ex);
    }
    if (e == null) {
      throw new IllegalArgumentException("not JSON: empty");
    }
    return value(e);
  }

  private static Object value(JsonElement e) {
    if (e.isJsonNull()) {
      return null;
    }
    if (e.isJsonObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      e.getAsJsonObject().entrySet().forEach(x -> m.put(x.getKey(), value(x.getValue())));
      return m;
    }
    if (e.isJsonArray()) {
      List<Object> l = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> l.add(value(x)));
      return l;
    }
    JsonPrimitive p = e.getAsJsonPrimitive();
    if (p.isBoolean()) {
      return p.getAsBoolean();
    }
    if (p.isNumber()) {
      String tok = p.getAsString();
      return tok.matches("-?\\d+") ? (Object) Long.parseLong(tok) : (Object) Double.parseDouble(tok);
    }
    return p.getAsString();
  }
}
