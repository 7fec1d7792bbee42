package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.trips.TripsOptions;
import dev.tributary.pipelines.trips.TripsPipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's exit codes and one-line errors, as {@code scripts/run.sh} gets them: 2 for what a
 * user can fix, 1 for a failed run or one that does not add up, 0 when every record is accounted
 * for.
 */
class JobRunnerIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);

  private static final String TRIPS =
      "region,origin_coord,destination_coord,datetime,datasource\n"
          + "Prague,POINT (14.4 50.05),POINT (14.45 50.08),2018-05-07 08:00:00,funny_car\n";

  /** The exit code and what went to standard error. */
  private record Exit(int code, List<String> errors) {}

  private static <O extends JobOptions> Exit run(Job<O> job, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Launcher.run(() -> JobRunner.run(job, args));
      return new Exit(code, err.toString(StandardCharsets.UTF_8).lines().toList());
    } finally {
      System.setErr(saved);
    }
  }

  private String[] trips(String... more) {
    List<String> args =
        new java.util.ArrayList<>(List.of("--jdbcUrl=" + db.jdbcUrl(), "--progress=false"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aMissingInputIsOneLineWithinSeconds() {
    Exit exit =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> run(new TripsPipeline(), trips("--input=/nope.csv")));
    assertEquals(
        new Exit(
            2,
            List.of("error: no input file matches '/nope.csv': check the path given to --input")),
        exit);
  }

  @Test
  void mistakesInOptionsAreOneLineAndExitTwo(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("trips.csv"), TRIPS);
    Exit unknown = run(new TripsPipeline(), trips("--input=" + input, "--gird=0.01"));
    assertEquals(2, unknown.code());
    assertEquals(1, unknown.errors().size(), unknown.errors().toString());
    assertTrue(unknown.errors().get(0).contains("gird"), unknown.errors().toString());

    Exit grid = run(new TripsPipeline(), trips("--input=" + input, "--grid=0"));
    assertEquals(2, grid.code());
    assertTrue(grid.errors().get(0).startsWith("error: --grid: "), grid.errors().toString());

    Exit noDatabase =
        run(
            new TripsPipeline(),
            "--input=" + input,
            "--jdbcUrl=jdbc:postgresql://127.0.0.1:1/x",
            "--progress=false");
    assertEquals(2, noDatabase.code());
    assertTrue(
        noDatabase.errors().get(0).startsWith("error: cannot reach PostgreSQL at 127.0.0.1:1/x"),
        noDatabase.errors().toString());
  }

  /** A job with a bug: it is reported as a failed run, not as the user's mistake. */
  private static final class BrokenJob implements Job<TripsOptions> {
    @Override
    public String name() {
      return "broken";
    }

    @Override
    public String description() {
      return "a job with a bug";
    }

    @Override
    public Class<TripsOptions> optionsClass() {
      return TripsOptions.class;
    }

    @Override
    public Sources.Checked check(TripsOptions options) {
      return new Sources.Checked("nothing", 0, false);
    }

    @Override
    public void build(Pipeline pipeline, TripsOptions options, JobContext context) {
      throw new IllegalArgumentException("a bug in the job, not an option");
    }
  }

  /** A bug keeps its stack trace, in the log: the last line says the run failed, and why. */
  @Test
  void aBugIsAFailedRunRecordedAsSuch() throws Exception {
    Exit exit = run(new BrokenJob(), trips());
    assertEquals(1, exit.code());
    assertEquals(
        "error: the run failed: java.lang.IllegalArgumentException: a bug in the job, not"
            + " an option",
        exit.errors().get(exit.errors().size() - 1));
    assertEquals(
        List.of("broken|failed|a bug in the job, not an option"),
        db.queryRows("SELECT pipeline, status, message FROM ops.ingestion_runs"));
  }

  /** Ctrl-C on a batch: the run did not read all its input, so it failed, whatever it wrote. */
  @Test
  void aBatchStoppedBeforeItsInputEndedFailed(@TempDir Path dir) throws Exception {
    Path input = Files.writeString(dir.resolve("trips.csv"), TRIPS);
    TripsOptions options = CommandLine.parse(TripsOptions.class, trips("--input=" + input));
    RunSummary summary =
        JobRunner.run(
            new TripsPipeline(),
            options,
            job -> {
              try {
                assertTrue(job.stop(), "the job had not ended");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    assertEquals("failed", summary.run().status());
    assertEquals("stopped before its input ended", summary.run().message());
    assertFalse(summary.isComplete());
  }
}
