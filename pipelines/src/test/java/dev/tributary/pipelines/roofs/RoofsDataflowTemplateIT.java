package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roofs file job translates for the real DataflowRunner, offline, as the trips job does
 * (TripsDataflowTemplateIT): the runner writes the job specification to a local file with no-op
 * credentials and path checks. Translation only: Dataflow itself cannot be reached from here.
 */
class RoofsDataflowTemplateIT {
  @TempDir Path dir;

  @Test
  void theFileJobTranslatesWithItsStatefulVersioningAndExports() throws Exception {
    Path spec = dir.resolve("job.json");
    Path input = Files.writeString(dir.resolve("roof.json"), "{}");
    RoofsOptions options =
        PipelineOptionsFactory.fromArgs(
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
                "--filesToStage="
                    + Path.of(
                        org.postgresql.Driver.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI()),
                "--jdbcUrl=jdbc:postgresql://tributary-db:5432/tributary",
                "--input=" + input,
                "--outputDir=" + dir.resolve("exports"))
            .as(RoofsOptions.class);
    RoofsPipeline.build(options, 1).run(); // no run record or migration: translation needs neither

    List<String> steps = new ArrayList<>();
    new ObjectMapper()
        .readTree(Files.readString(spec))
        .path("steps")
        .forEach(s -> steps.add(s.path("properties").path("user_name").path("value").asText()));
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
