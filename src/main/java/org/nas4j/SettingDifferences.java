package org.nas4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The settings where a run being resumed differs from the one that was stored, each as
 * {@code name (stored X, given Y)}, so a refused resume names every option to change rather than printing two
 * blobs to compare by eye. Used for a study's options in the store and for a PBT run's {@code config.json}.
 */
public final class SettingDifferences {
  private SettingDifferences() {}

  /**
   * The differences between two JSON objects, key by key (nested objects as {@code outer.inner}), in the stored
   * order and then the new keys; a key one side lacks shows as {@code none}. Numbers compare by value.
   */
  public static List<String> of(JsonElement stored, JsonElement given) {
    List<String> out = new ArrayList<>();
    collect("", stored, given, out);
    return out;
  }

  private static void collect(String name, JsonElement stored, JsonElement given, List<String> out) {
    if (stored.isJsonObject() && given.isJsonObject()) {
      JsonObject s = stored.getAsJsonObject();
      JsonObject g = given.getAsJsonObject();
      Set<String> keys = new LinkedHashSet<>(s.keySet());
      keys.addAll(g.keySet());
      for (String k : keys) {
        collect(name.isEmpty() ? k : name + "." + k, value(s, k), value(g, k), out);
      }
    } else if (!stored.equals(given)) {
      out.add((name.isEmpty() ? "value" : name) + " (stored " + show(stored) + ", given " + show(given) + ")");
    }
  }

  private static JsonElement value(JsonObject o, String key) {
    return o.has(key) ? o.get(key) : JsonNull.INSTANCE;
  }

  private static String show(JsonElement e) {
    return e.isJsonNull() ? "none" : e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? e.getAsString()
        : e.toString();
  }
}
