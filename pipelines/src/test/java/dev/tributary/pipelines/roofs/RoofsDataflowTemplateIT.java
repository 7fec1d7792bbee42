package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.pipelines.dataflow.OfflineDataflow;
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
    RoofsPipeline.build(options, 1).run(); // no run record or migration: translation needs neither

    List<String> steps = OfflineDataflow.stepNames(dir);
    for (String step :
        List.of(
            "ReadRoofFiles",
            "ParseAndCleanRoofs",
            "VersionRoofs/TrackVersions",
            "WriteRoofs/",
            "RejectRedundant",
            "ResolveLineNumbers",
            "WriteDeadLetters/",
            "ExportViews/AfterWrites",
            "ExportViews/WriteCsvFiles")) {
      assertTrue(steps.stream().anyMatch(n -> n.startsWith(step)), step + " not in " + steps);
    }
  }
}
