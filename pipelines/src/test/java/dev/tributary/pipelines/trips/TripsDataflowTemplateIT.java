package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.kafka.KafkaTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trips job translates for the real DataflowRunner, offline: the runner writes the Dataflow job
 * specification to a local file (--templateLocation) with no-op credentials and path checks and an
 * API root nobody answers, and the steps are the job's. This proves translation only; whether
 * Dataflow accepts and runs the job cannot be checked without Google Cloud.
 */
class TripsDataflowTemplateIT {
  /**
   * KafkaIO reads the topic's partitions while the job is built, as the Dataflow launcher would.
   */
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();

  @TempDir Path dir;

  private JsonNode translate(String... args) throws Exception {
    Path spec = dir.resolve("job.json");
    List<String> all =
        new ArrayList<>(
            List.of(
                "--runner=DataflowRunner",
                "--project=tributary-test",
                "--region=europe-west1",
                "--templateLocation=" + spec,
                "--stagingLocation=" + dir.resolve("staging"),
                "--gcpTempLocation=" + dir.resolve("tmp"),
                "--tempLocation=" + dir.resolve("tmp"),
                "--pathValidatorClass=org.apache.beam.sdk.extensions.gcp.storage.NoopPathValidator",
                "--credentialFactoryClass=org.apache.beam.sdk.extensions.gcp.auth.NoopCredentialFactory",
                "--apiRootUrl=http://127.0.0.1:9/",
                "--bigQueryValidate=false", // no BigQuery to ask whether the dataset exists
                "--filesToStage=" + jarOf(org.postgresql.Driver.class),
                "--jdbcUrl=jdbc:postgresql://tributary-db:5432/tributary"));
    all.addAll(List.of(args));
    TripsOptions options =
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(TripsOptions.class);
    // Without the launcher's checks and database steps: translation needs neither.
    TripsPipeline.build(options, new TripsPipeline.Target(options.getJdbcUrl(), 1, 1)).run();
    return new ObjectMapper().readTree(Files.readString(spec));
  }

  private static String jarOf(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static List<String> stepNames(JsonNode job) {
    List<String> names = new ArrayList<>();
    job.path("steps")
        .forEach(
            step -> names.add(step.path("properties").path("user_name").path("value").asText()));
    return names;
  }

  private static void assertHasStep(List<String> names, String prefix) {
    assertTrue(names.stream().anyMatch(n -> n.startsWith(prefix)), prefix + " not in " + names);
  }

  @Test
  void theFileJobToBothSinksTranslates() throws Exception {
    Path input =
        Files.writeString(
            dir.resolve("trips.csv"),
            "region,origin_coord,destination_coord,datetime,datasource\n");
    List<String> steps = stepNames(translate("--input=" + input, "--sink=both"));
    for (String step :
        List.of(
            "ReadTripsCsv",
            "CountRead",
            "ParseAndCleanTrips",
            "BucketTrips",
            "WriteTrips/",
            "ToTripRows",
            "WriteTripsBigQuery",
            "ResolveLineNumbers",
            "WriteDeadLetters/",
            "WriteDeadLettersBigQuery")) {
      assertHasStep(steps, step);
    }
  }

  @Test
  void theStreamJobTranslates() throws Exception {
    String topic = "trips-dataflow";
    KafkaTopics.ensure(kafka.bootstrapServers(), topic, 2);
    List<String> steps =
        stepNames(
            translate(
                "--source=kafka",
                "--streaming=true",
                "--topic=" + topic,
                "--bootstrapServers=" + kafka.bootstrapServers()));
    for (String step :
        List.of(
            "ReadTripsKafka",
            "SplitLate",
            "ParseAndCleanTrips",
            "CountTripsPerWeek",
            "WriteWindowCounts",
            "WriteTrips/",
            "WriteDeadLetters/")) {
      assertHasStep(steps, step);
    }
  }
}
