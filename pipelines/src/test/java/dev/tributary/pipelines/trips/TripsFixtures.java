package dev.tributary.pipelines.trips;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The hand-checked inputs under src/test/resources/trips, and a whole pipeline run as the tests
 * start it.
 */
final class TripsFixtures {
  private TripsFixtures() {}

  /**
   * Copies the fixture {@code name} (say {@code weekly.csv}) into {@code dir}, as a file the
   * pipeline can read.
   */
  static Path copy(String name, Path dir) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = TripsFixtures.class.getResourceAsStream("/trips/" + name)) {
      Files.copy(
          Objects.requireNonNull(in, "no fixture /trips/" + name),
          file,
          StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /**
   * Runs the trips pipeline over {@code input} into {@code jdbcUrl}, with no progress bar and any
   * {@code more} arguments.
   */
  static RunSummary run(Path input, String jdbcUrl, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--input=" + input, "--jdbcUrl=" + jdbcUrl, "--progress=false"));
    args.addAll(List.of(more));
    return TripsPipeline.run(
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(TripsOptions.class));
  }
}
