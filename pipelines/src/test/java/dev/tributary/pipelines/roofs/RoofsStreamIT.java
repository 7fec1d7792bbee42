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
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model updates on a real Kafka topic, one model per message, streamed until stopped, on the
 * DirectRunner and on embedded Flink: the same transforms give the same model as the file job on
 * the same documents.
 */
class RoofsStreamIT {
  @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
  @RegisterExtension final TestDatabase stream = TestDatabase.perTest(true);
  @RegisterExtension final TestDatabase batch = TestDatabase.perTest(false);
  @TempDir Path dir;

  @Test
  void aStreamOfModelsGivesTheFileJobsModel() throws Exception {
    streamAndCompare("roof-models-direct");
  }

  /** Detached, so that the job can be cancelled: attached, run() blocks until the job ends. */
  @Test
  void aStreamOnEmbeddedFlinkGivesTheFileJobsModel() throws Exception {
    streamAndCompare(
        "roof-models-flink",
        "--runner=FlinkRunner",
        "--flinkMaster=[local]",
        "--parallelism=2",
        "--attachedMode=false");
  }

  private void streamAndCompare(String topic, String... runner) throws Exception {
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

    kafka.produce(topic, messages, RoofsStreamIT::installationId);
    AtomicReference<RunningJob> job = new AtomicReference<>();
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () -> JobRunner.run(new RoofsPipeline(), options(topic, runner), job::set));
    stream.awaitCount("SELECT count(*) FROM roofs.roof_versions", 9, run);
    stream.awaitCount(
        "SELECT count(*) FROM ops.rejected_records", 2, run); // roof_2's plane, roof_5 again
    // Counts commit per bundle and per level, on Flink in any order (a building's read after its
    // planes' writes): wait until every level holds what the file job's does.
    stream.awaitCount(sameCounts(fileRun), fileRun.levels().size(), run);
    job.get().stop();
    RunSummary summary = run.get(2, TimeUnit.MINUTES);

    assertTrue(summary.isComplete(), summary.toString());
    for (String level : fileRun.levels()) {
      assertEquals(fileRun.balance(level), summary.balance(level));
    }
    assertEquals(RoofsFixtures.tables(batch), RoofsFixtures.tables(stream));
    assertEquals(
        List.of(
            "clean|pitchAngle out of range [0.0, 90.0]: 100000.0",
            "version|duplicate of the version of key 5 valid from 2021-08-19T22:06:55Z"),
        stream.queryRows("SELECT step, reason FROM ops.rejected_records ORDER BY step"));
  }

  /** How many of the stream's levels hold {@code run}'s counts. */
  private static String sameCounts(RunSummary run) {
    return run.levels().stream()
        .map(run::balance)
        .map(
            b ->
                String.format("('%s', %d, %d, %d)", b.level(), b.read(), b.written(), b.rejected()))
        .collect(
            Collectors.joining(
                ", ",
                "SELECT count(*) FROM ops.run_counts WHERE (level, read, written, rejected) IN (VALUES ",
                ")"));
  }

  private static String installationId(String model) {
    try {
      return JSON.readTree(model).get("installationId").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private RoofsOptions options(String topic, String... more) {
    List<String> args = kafka.sourceArgs(topic);
    args.add("--jdbcUrl=" + stream.jdbcUrl());
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(RoofsOptions.class);
  }
}
