package org.nas4j.search;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.nas4j.train.Recipe;
import org.nas4j.util.Json;

/** A study's options record its whole recipe; studies stored before that still resume and export. */
class StudyRecipeTest {

  @Test
  void theRecordedRecipeIsReadBackWhole() {
    Recipe r = new Recipe(32, 0.05, 0.8, 1e-3, false, false);
    JsonObject o = new JsonObject();
    o.add("recipe", JsonParser.parseString(Json.write(r.describe())));
    assertEquals(r, SearchJob.storedRecipe(o));
  }

  @Test
  void aStudyStoredWithOnlyBatchSizeAndLearningRateResumesAndExports() {
    // as StudySpec.optionsJson() hands it over: an older study's camelCase names read as snake_case
    JsonObject stored = Json.snakeCaseKeys(JsonParser.parseString(
        "{\"data\":\"digits\",\"batchSize\":32,\"learningRate\":0.05}")).getAsJsonObject();
    Recipe same = Recipe.nasBench201().withBatchSize(32).withLearningRate(0.05);
    assertEquals(same, SearchJob.storedRecipe(stored));
    JsonObject given = JsonParser.parseString("{\"data\":\"digits\",\"recipe\":{\"batch_size\":32}}").getAsJsonObject();
    assertEquals(stored, SearchJob.inStoredForm(given, stored, same));
    Recipe other = new Recipe(32, 0.05, 0.5, 5e-4, true, true);
    assertEquals(given, SearchJob.inStoredForm(given, stored, other), "another momentum is named as a difference");
  }
}
