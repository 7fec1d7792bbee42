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
import org.apache.beam.sdk.options.PipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The committed Flex Template metadata is what the options' own descriptions generate. */
class TemplateMetadataTest {
  private static final Path DATAFLOW =
      Path.of(System.getProperty("user.dir")).getParent().resolve("infra/dataflow");

  /** What flex-template.sh metadata PIPELINE writes, with the title and text the script passes. */
  private static String generated(String pipeline, Class<? extends PipelineOptions> options)
      throws Exception {
    String script = Files.readString(DATAFLOW.resolve("flex-template.sh"));
    var block = Pattern.compile("\\n  " + pipeline + "\\) (.*?);;", Pattern.DOTALL).matcher(script);
    assertTrue(block.find(), pipeline + " not in flex-template.sh");
    return TemplateMetadata.of(
        options, quoted(block.group(1), "title"), quoted(block.group(1), "about"));
  }

  private static String generatedTrips() throws Exception {
    return generated("trips", TripsOptions.class);
  }

  private static String quoted(String script, String variable) {
    var m = Pattern.compile(variable + "=\"([^\"]*)\"").matcher(script);
    assertTrue(m.find(), variable + " not in flex-template.sh");
    return m.group(1);
  }

  @ParameterizedTest
  @CsvSource({
    "trips, dev.tributary.pipelines.trips.TripsOptions",
    "roofs, dev.tributary.pipelines.roofs.RoofsOptions"
  })
  void committedMetadataIsGeneratedFromTheOptions(String pipeline, String options)
      throws Exception {
    @SuppressWarnings("unchecked")
    Class<? extends PipelineOptions> type =
        (Class<? extends PipelineOptions>) Class.forName(options);
    assertEquals(
        generated(pipeline, type),
        Files.readString(DATAFLOW.resolve(pipeline + "/metadata.json")),
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
