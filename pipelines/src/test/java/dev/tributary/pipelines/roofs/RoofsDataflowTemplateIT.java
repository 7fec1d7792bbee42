package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.runs.Ledger;
import dev.tributary.pipelines.dataflow.OfflineDataflow;
import dev.tributary.pipelines.runtime.JobRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roofs file job translates for the real DataflowRunner, offline ({@link OfflineDataflow}).
 * Translation only: Dataflow itself cannot be reached from here.
 */
class RoofsDataflowTemplateIT {
  @TempDir Path dir;

  @Test
  void theFileJobTranslatesWithItsStatefulVersioningAndExports() throws Exception {
    Path input = Files.writeString(dir.resolve("roof.json"), "{}");
    List<String> args = OfflineDataflow.options(dir);
    args.addAll(List.of("--input=" + input, "--outputDir=" + dir.resolve("exports")));
    RoofsOptions options =
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(RoofsOptions.class);
    // No run record or migration: translation needs neither.
    JobRunner.pipeline(new RoofsPipeline(), options, new Ledger(options.getJdbcUrl(), 1, "models"))
        .run();

    List<String> steps = OfflineDataflow.stepNames(dir);
    for (String step :
        List.of(
            "ReadRoofsJson",
            "ParseAndCleanRoofs",
            "VersionRoofs/Scd2/TrackVersions",
            "WriteRoofs/",
            "VersionRoofs/RejectRedundant",
            "WriteDeadLetters/Locate",
            "WriteDeadLetters/Postgres",
            "ExportViews/AfterWrites",
            "ExportViews/WriteCsvFiles")) {
      assertTrue(steps.stream().anyMatch(n -> n.startsWith(step)), step + " not in " + steps);
    }
  }
}
