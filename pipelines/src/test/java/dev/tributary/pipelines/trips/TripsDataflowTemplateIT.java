package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.kafka.KafkaTopics;
import dev.tributary.io.runs.Ledger;
import dev.tributary.pipelines.dataflow.OfflineDataflow;
import dev.tributary.pipelines.runtime.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
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

  private List<String> translate(String... args) throws Exception {
    List<String> all = OfflineDataflow.options(dir);
    all.add("--bigQueryValidate=false"); // no BigQuery to ask whether the dataset exists
    all.addAll(List.of(args));
    TripsOptions options =
        PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(TripsOptions.class);
    // Without the launcher's checks and database steps: translation needs neither.
    JobRunner.pipeline(new TripsPipeline(), options, new Ledger(options.getJdbcUrl(), 1, "rows"))
        .run();
    return OfflineDataflow.stepNames(dir);
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
    List<String> steps = translate("--input=" + input, "--sink=both");
    for (String step :
        List.of(
            "ReadTripsCsv",
            "CountRead",
            "ParseAndCleanTrips",
            "BucketTrips",
            "WriteTrips/",
            "ToTripRows",
            "WriteTripsBigQuery",
            "WriteDeadLetters/Locate",
            "WriteDeadLetters/Postgres",
            "WriteDeadLetters/BigQuery")) {
      assertHasStep(steps, step);
    }
  }

  @Test
  void theStreamJobTranslates() throws Exception {
    String topic = "trips-dataflow";
    KafkaTopics.ensure(kafka.bootstrapServers(), topic, 2);
    List<String> steps =
        translate(
            "--source=kafka",
            "--streaming=true",
            "--topic=" + topic,
            "--bootstrapServers=" + kafka.bootstrapServers());
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
