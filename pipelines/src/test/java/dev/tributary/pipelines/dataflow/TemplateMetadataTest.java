package dev.tributary.pipelines.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.pipelines.trips.TripsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The committed Flex Template metadata is what the options' own descriptions generate. */
class TemplateMetadataTest {
  private static final Path TRIPS =
      Path.of(System.getProperty("user.dir"))
          .getParent()
          .resolve("infra/dataflow/trips/metadata.json");

  private static String generatedTrips() throws Exception {
    String flexTemplateSh =
        Files.readString(TRIPS.getParent().getParent().resolve("flex-template.sh"));
    // The same title and description the script passes, so the test and the script agree.
    return TemplateMetadata.of(
        TripsOptions.class, quoted(flexTemplateSh, "title"), quoted(flexTemplateSh, "about"));
  }

  private static String quoted(String script, String variable) {
    var m = Pattern.compile(variable + "=\"([^\"]*)\"").matcher(script);
    assertTrue(m.find(), variable + " not in flex-template.sh");
    return m.group(1);
  }

  @Test
  void committedTripsMetadataIsGeneratedFromTheOptions() throws Exception {
    assertEquals(
        generatedTrips(),
        Files.readString(TRIPS),
        "infra/dataflow/trips/metadata.json is stale: run infra/dataflow/flex-template.sh metadata trips");
  }

  @Test
  void everyParameterHasALabelHelpAndTheRegexItsTypeAllows() throws Exception {
    JsonNode metadata = new ObjectMapper().readTree(generatedTrips());
    Map<String, JsonNode> parameters = new HashMap<>();
    metadata.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p));
    for (String name :
        new String[] {"input", "sink", "source", "jdbcUrl", "bigQueryDataset", "topic"}) {
      assertTrue(parameters.containsKey(name), name + " missing");
    }
    assertFalse(parameters.containsKey("bigQueryServices"), "hidden options are not parameters");
    assertFalse(parameters.containsKey("runner"), "Beam's own options are the launcher's");
    parameters
        .values()
        .forEach(
            p -> {
              assertFalse(p.path("label").asText().isEmpty(), p.toString());
              assertFalse(p.path("helpText").asText().isEmpty(), p.toString());
            });
    assertEquals(
        "^(postgres|bigquery|both)$", parameters.get("sink").path("regexes").get(0).asText());
    assertEquals("^[0-9]+$", parameters.get("timeBucketMinutes").path("regexes").get(0).asText());
    assertEquals("JDBC URL", parameters.get("jdbcUrl").path("label").asText());
    assertEquals(
        "BigQuery write method", parameters.get("bigQueryWriteMethod").path("label").asText());
    assertTrue(parameters.get("grid").path("helpText").asText().endsWith(" Default: 0.01."));
  }
}
