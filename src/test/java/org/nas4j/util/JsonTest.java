package org.nas4j.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one JSON configuration: its key style and NaN rule, and what files of older nas4j versions hold. */
public class JsonTest {
  record Fitness(int stepCount, double validAccuracy, Double trainLoss, Map<String, Double> perTask) {}

  @Test
  void writesSnakeCaseKeysAndNonFiniteNumbersAsNull() {
    String json = Json.GSON.toJson(new Fitness(3, Double.NaN, Double.POSITIVE_INFINITY,
        Map.of("cifarTen", Double.NEGATIVE_INFINITY)));
    assertEquals("{\"step_count\":3,\"valid_accuracy\":null,\"train_loss\":null,\"per_task\":{\"cifarTen\":null}}",
        json);
    Fitness back = Json.GSON.fromJson(json, Fitness.class);
    assertTrue(Double.isNaN(back.validAccuracy()) && Double.isNaN(back.trainLoss()), back.toString());
    assertTrue(Double.isNaN(back.perTask().get("cifarTen")), back.toString());
  }

  /** Older files: camelCase field names and Gson's NaN/Infinity literals (store rows, final.json, PBT runs). */
  @Test
  void readsWhatOlderVersionsWrote() {
    Fitness old = Json.GSON.fromJson(
        "{\"stepCount\": 3, \"validAccuracy\": NaN, \"trainLoss\": -Infinity, \"perTask\": {\"cifarTen\": Infinity}}",
        Fitness.class);
    assertEquals(3, old.stepCount());
    assertTrue(Double.isNaN(old.validAccuracy()), old.toString());
    assertEquals(Double.NEGATIVE_INFINITY, old.trainLoss());
    assertEquals(Map.of("cifarTen", Double.POSITIVE_INFINITY), old.perTask(), "map keys are data: kept");
    Map<String, Double> metrics = Json.GSON.fromJson("{\"valid_accuracy\":NaN,\"test_accuracy\":91.2}",
        new TypeToken<Map<String, Double>>() {}.getType());
    assertTrue(Double.isNaN(metrics.get("valid_accuracy")) && metrics.get("test_accuracy") == 91.2);
    assertEquals(JsonParser.parseString("{\"train\":{\"eval_batch_size\":256,\"recipe\":{\"batch_size\":64}}}"),
        Json.snakeCaseKeys(JsonParser.parseString("{\"train\":{\"evalBatchSize\":256,\"recipe\":{\"batchSize\":64}}}")));
  }

  @Test
  void filesHaveOneKeyOrderOnEveryRun() {
    assertEquals("{\n  \"a\": 1,\n  \"b\": {\n    \"x\": 0.5,\n    \"y\": null\n  },\n  \"c\": 2\n}\n",
        Json.write(Map.of("c", 2.0, "a", 1, "b", Map.of("y", Double.NaN, "x", 0.5f))));
  }

  @Test
  void roundTripKeepsTypes() {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("s", "a \"quoted\"\nline <b>");
    m.put("seed", -7046029254386353131L);
    m.put("x", 0.8125);
    m.put("nan", Double.NaN);
    m.put("list", List.of(1, 2.5, "z", true));
    String text = Json.write(m);
    assertTrue(text.contains("<b>"), "no HTML escaping: " + text);
    Map<?, ?> b = (Map<?, ?>) Json.parse(text);
    assertEquals("a \"quoted\"\nline <b>", b.get("s"));
    assertEquals(-7046029254386353131L, b.get("seed"));
    assertEquals(0.8125, b.get("x"));
    assertEquals(null, b.get("nan"));
    assertEquals(List.of(1L, 2.5, "z", true), b.get("list"));
  }

  @Test
  void parseIsStrictAndNamesTheError() {
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": }"));
    IllegalArgumentException trailing = assertThrows(IllegalArgumentException.class, () -> Json.parse("{} x"));
    assertTrue(trailing.getMessage().startsWith("not JSON: "), trailing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\": NaN}"));
    assertThrows(IllegalArgumentException.class, () -> Json.parse("  "));
  }
}
