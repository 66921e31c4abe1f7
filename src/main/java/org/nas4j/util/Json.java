package org.nas4j.util;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The one JSON configuration of nas4j (Gson), for every file and store column it writes and reads back: model
 * files, {@code final.json}, {@code summary.json}, PBT run directories, a store's metrics and study options.
 *
 * <ul>
 *   <li><b>Keys</b> are snake_case: fields of nas4j's records and classes are named by
 *       {@link FieldNamingPolicy#LOWER_CASE_WITH_UNDERSCORES} ({@code validAccuracy} is written
 *       {@code valid_accuracy}); map keys are data and are kept as they are. Files of older nas4j versions named
 *       some fields in camelCase: reading a nas4j type accepts both spellings.</li>
 *   <li><b>NaN and infinities</b> (a failed evaluation's metrics, a statistic over no runs) are written as
 *       {@code null}, standard JSON that every reader (jq, a browser, Python) accepts; a {@code null} read into
 *       a {@code double} or {@code float} is NaN, so an infinity comes back as NaN. Older store rows,
 *       {@code final.json} files and PBT runs hold the literals {@code NaN}, {@code Infinity} and
 *       {@code -Infinity} (Gson's {@code serializeSpecialFloatingPointValues}); reading accepts them.</li>
 *   <li>Nulls are written (a key is there even when its value is missing) and HTML characters are not
 *       escaped, so architecture strings read as they are.</li>
 * </ul>
 */
public final class Json {
  /** Compact, for store columns. */
  public static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .registerTypeAdapterFactory(new CamelCaseKeysOfOlderFiles())
      .registerTypeAdapter(double.class, new NonFinite<>(Double::valueOf))
      .registerTypeAdapter(Double.class, new NonFinite<>(Double::valueOf))
      .registerTypeAdapter(float.class, new NonFinite<>(Float::valueOf))
      .registerTypeAdapter(Float.class, new NonFinite<>(Float::valueOf))
      .serializeNulls()
      .disableHtmlEscaping()
      .create();
  /** The same configuration, indented, for files people open. */
  private static final Gson PRETTY = GSON.newBuilder().setPrettyPrinting().create();

  private Json() {}

  /**
   * Pretty-printed JSON of a value, ending in a newline: maps, lists, float arrays, strings, numbers, booleans,
   * nulls, and nas4j's records field by field. A map without an order of its own ({@code Map.of}, a
   * {@code HashMap}) is written with its keys sorted, so a file is the same on every run.
   */
  public static String write(Object value) {
    return PRETTY.toJson(plain(value)) + "\n";
  }

  /** {@link #write}'s JSON of a value as a tree, e.g. to put into a store column's object. */
  public static JsonElement tree(Object value) {
    return GSON.toJsonTree(plain(value));
  }

  /** Keys as strings, in a fixed order; integral doubles as integers, as people write them ({@code 30}, not {@code 30.0}). */
  private static Object plain(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = m instanceof LinkedHashMap || m instanceof SortedMap ? new LinkedHashMap<>()
          : new TreeMap<>();
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
      return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
    }
    return v;
  }

  /**
   * Parses JSON strictly (as RFC 8259: no comments, unquoted strings or trailing text) into maps
   * (insertion-ordered), lists, strings, numbers (Long for integers, else Double), booleans and nulls.
   *
   * @throws IllegalArgumentException naming the first syntax error
   */
  public static Object parse(String text) {
    JsonElement e;
    try {
      JsonReader r = new JsonReader(new StringReader(text));
      r.setStrictness(Strictness.STRICT);
      e = GSON.fromJson(r, JsonElement.class);
      if (e != null && r.peek() != JsonToken.END_DOCUMENT) {
        throw new JsonSyntaxException("more text after the JSON value at " + r.getPath());
      }
    } catch (IOException | JsonParseException ex) {
      Throwable why = ex.getCause() != null ? ex.getCause() : ex;
      String first = String.valueOf(why.getMessage()).lines().findFirst().orElse("");
      throw new IllegalArgumentException("not JSON: " + first.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept ", ""), ex);
    }
    if (e == null) {
      throw new IllegalArgumentException("not JSON: empty");
    }
    return value(e);
  }

  /** A JSON tree as {@link #parse(String)} returns it: maps, lists, strings, Long or Double, booleans, nulls. */
  public static Object value(JsonElement e) {
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

  /**
   * An object's keys in snake_case, nested objects included ({@code evalBatchSize} becomes
   * {@code eval_batch_size}), for comparing settings an older nas4j wrote with today's; only for JSON whose keys
   * are all field names, never data.
   */
  public static JsonElement snakeCaseKeys(JsonElement e) {
    if (e.isJsonArray()) {
      List<JsonElement> items = new ArrayList<>();
      e.getAsJsonArray().forEach(x -> items.add(snakeCaseKeys(x)));
      JsonArray out = new JsonArray();
      items.forEach(out::add);
      return out;
    }
    if (!e.isJsonObject()) {
      return e;
    }
    JsonObject out = new JsonObject();
    e.getAsJsonObject().entrySet().forEach(x -> out.add(snakeCase(x.getKey()), snakeCaseKeys(x.getValue())));
    return out;
  }

  /** {@code validAccuracy} as {@link FieldNamingPolicy#LOWER_CASE_WITH_UNDERSCORES} names it: {@code valid_accuracy}. */
  public static String snakeCase(String key) {
    StringBuilder sb = new StringBuilder();
    for (char c : key.toCharArray()) {
      if (Character.isUpperCase(c) && sb.length() > 0) {
        sb.append('_');
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /**
   * Reads nas4j's own types from files that older versions wrote with camelCase keys: each of the object's keys
   * that is not in snake_case is renamed before the fields are read (unless the snake_case key is there too).
   * Only the object's own keys: a nested nas4j type renames its own, and maps keep their keys (data).
   */
  private static final class CamelCaseKeysOfOlderFiles implements TypeAdapterFactory {
    @Override
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
      Class<?> raw = type.getRawType();
      if (!raw.getName().startsWith("org.nas4j.") || raw.isEnum()) {
        return null;
      }
      TypeAdapter<T> fields = gson.getDelegateAdapter(this, type);
      TypeAdapter<JsonElement> tree = gson.getAdapter(JsonElement.class);
      return new TypeAdapter<T>() {
        @Override
        public void write(JsonWriter out, T value) throws IOException {
          fields.write(out, value);
        }

        @Override
        public T read(JsonReader in) throws IOException {
          JsonElement e = tree.read(in);
          if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            JsonObject renamed = new JsonObject();
            o.entrySet().forEach(x -> {
              String snake = snakeCase(x.getKey());
              renamed.add(o.has(snake) ? x.getKey() : snake, x.getValue());
            });
            e = renamed;
          }
          return fields.fromJsonTree(e);
        }
      };
    }
  }

  /** A double or float: non-finite written as null, null read as NaN, and the literals older files hold accepted. */
  private static final class NonFinite<T extends Number> extends TypeAdapter<T> {
    private final Function<String, T> parse;

    NonFinite(Function<String, T> parse) {
      this.parse = parse;
    }

    @Override
    public void write(JsonWriter out, T value) throws IOException {
      if (value == null || !Double.isFinite(value.doubleValue())) {
        out.nullValue();
      } else {
        out.value(value);
      }
    }

    @Override
    public T read(JsonReader in) throws IOException {
      if (in.peek() == JsonToken.NULL) {
        in.nextNull();
        return parse.apply("NaN");
      }
      // as text: a tree reader refuses NaN from nextDouble() however the document was read
      String s = in.nextString();
      try {
        return parse.apply(s);
      } catch (NumberFormatException e) {
        throw new JsonSyntaxException("expected a number but was '" + s + "' at " + in.getPath(), e);
      }
    }
  }
}
