package dev.tributary.pipelines.dataflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real DataflowRunner, offline: it writes the job specification to {@code dir/job.json}
 * (--templateLocation) with no-op credentials and path checks and an API root nobody answers, so a
 * test can check what a job translates to without Google Cloud.
 */
public final class OfflineDataflow {
  private OfflineDataflow() {}

  /** The runner options; the job's own options follow them. */
  public static List<String> options(Path dir) throws URISyntaxException {
    return new ArrayList<>(
        List.of(
            "--runner=DataflowRunner",
            "--project=tributary-test",
            "--region=europe-west1",
            "--templateLocation=" + dir.resolve("job.json"),
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
            "--jdbcUrl=jdbc:postgresql://tributary-db:5432/tributary"));
  }

  /** The names of the steps in the specification the runner wrote. */
  public static List<String> stepNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    new ObjectMapper()
        .readTree(Files.readString(dir.resolve("job.json")))
        .path("steps")
        .forEach(
            step -> names.add(step.path("properties").path("user_name").path("value").asText()));
    return names;
  }
}
