package dev.tributary.pipelines.dataflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.pipelines.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed Flex Template metadata is what the options' own descriptions generate. */
class TemplateMetadataTest {
  private static final Path DATAFLOW =
      Path.of(System.getProperty("user.dir")).getParent().resolve("infra/dataflow");

  private static String generatedTrips() throws Exception {
    return TemplateMetadata.of(Pipelines.named("trips"));
  }

  /** Every pipeline of the registry has committed metadata, exactly what its options generate. */
  @ParameterizedTest
  @MethodSource("dev.tributary.pipelines.PipelinesTest#names")
  void committedMetadataIsGeneratedFromTheOptions(String pipeline) throws Exception {
    Path committed = DATAFLOW.resolve(pipeline + "/metadata.json");
    assertTrue(
        Files.exists(committed), "no " + committed + ": run flex-template.sh metadata " + pipeline);
    assertEquals(
        TemplateMetadata.of(Pipelines.named(pipeline)),
        Files.readString(committed),
        "infra/dataflow/"
            + pipeline
            + "/metadata.json is stale: run infra/dataflow/flex-template.sh metadata "
            + pipeline);
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
