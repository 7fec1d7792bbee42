package dev.tributary.pipelines.roofs;

import static dev.tributary.pipelines.roofs.RoofsFixtures.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.runtime.RunningJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model updates on a real Kafka topic, one model per message, streamed on the DirectRunner until
 * stopped: the same transforms give the same model as the file job on the same documents.
 */
class RoofsStreamIT {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  @RegisterExtension final TestDatabase stream = TestDatabase.perTest(true);
  @RegisterExtension final TestDatabase batch = TestDatabase.perTest(false);
  @TempDir Path dir;

  @Test
  void aStreamOfModelsGivesTheFileJobsModel() throws Exception {
    // The sample, a later model of roof_3 (one plane fewer), and roof_5 delivered twice.
    List<String> messages = new ArrayList<>();
    try (Stream<Path> files = Files.list(RoofsFixtures.sample())) {
      for (Path file : files.sorted().toList()) {
        messages.add(JSON.writeValueAsString(JSON.readTree(file.toFile())));
      }
    }
    ObjectNode later = RoofsFixtures.model("roof_3.json");
    later.put("id", 300).put("dateCreated", "2022-05-01T09:30:00Z");
    later.withArray("/siteModel/buildings/0/mountingPlanes").remove(0);
    messages.add(JSON.writeValueAsString(later));
    messages.add(JSON.writeValueAsString(RoofsFixtures.model("roof_5.json")));

    Path lines = RoofsFixtures.write(dir, "models.jsonl", String.join("\n", messages) + "\n");
    RunSummary fileRun = RoofsFixtures.run(lines.toString(), batch.jdbcUrl(), dir.resolve("out"));
    assertEquals(new RunSummary.Balance("models", 10, 9, 1), fileRun.balance("models"));

    String topic = "roof-models";
    kafka.produce(topic, messages, RoofsStreamIT::installationId);
    AtomicReference<RunningJob> job = new AtomicReference<>();
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () -> JobRunner.run(new RoofsPipeline(), options(topic), job::set));
    stream.awaitCount("SELECT count(*) FROM roofs.roof_versions", 9, run);
    stream.awaitCount(
        "SELECT count(*) FROM ops.rejected_records", 2, run); // roof_2's plane, roof_5 again
    job.get().stop();
    RunSummary summary = run.get(2, TimeUnit.MINUTES);

    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(fileRun.balance("models"), summary.balance("models"));
    assertEquals(fileRun.balance("planes"), summary.balance("planes"));
    assertEquals(RoofsFixtures.tables(batch), RoofsFixtures.tables(stream));
    assertEquals(
        List.of(
            "clean|pitchAngle out of range [0.0, 90.0]: 100000.0",
            "version|duplicate of the version of key 5 valid from 2021-08-19T22:06:55Z"),
        stream.queryRows("SELECT step, reason FROM ops.rejected_records ORDER BY step"));
  }

  private static String installationId(String model) {
    try {
      return JSON.readTree(model).get("installationId").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RoofsOptions options(String topic) {
    return PipelineOptionsFactory.fromArgs(
            "--source=kafka",
            "--topic=" + topic,
            "--consumerGroup=" + topic,
            "--bootstrapServers=" + kafka.bootstrapServers(),
            "--jdbcUrl=" + stream.jdbcUrl())
        .as(RoofsOptions.class);
  }
}
