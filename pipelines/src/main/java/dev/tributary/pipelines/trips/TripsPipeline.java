package dev.tributary.pipelines.trips;

import dev.tributary.io.UsageException;
import dev.tributary.io.files.CsvInputs;
import dev.tributary.io.files.ReadLines;
import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.io.kafka.KafkaTopics;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.status.CountRead;
import dev.tributary.io.status.IngestionRuns;
import dev.tributary.pipelines.Launcher;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceLine;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Rules;
import dev.tributary.transforms.geo.GeoBucket;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.geo.GeoGrid;
import dev.tributary.transforms.geo.TimeOfDay;
import dev.tributary.transforms.parse.ParseCsv;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * Ingests vehicle trips from CSV into PostgreSQL: parse, clean, key each trip by its similar-trips
 * bucket (region, origin cell, destination cell, time of day), then store trips, groups and area
 * aggregates in one idempotent merge per bundle; every rejected line goes to rejected_records.
 * Status events are pushed with NOTIFY as the run goes ({@code scripts/trips.sh watch}). With
 * {@code --source=kafka} the same steps run on a stream ({@link TripsStream}).
 *
 * <p>Run: {@code scripts/run.sh trips [--input=FILE|GLOB] [--source=kafka] [--runner=FlinkRunner]}.
 */
public final class TripsPipeline {
  static final String NAME = "trips";

  private TripsPipeline() {}

  public static void main(String[] args) {
    Launcher.exit(
        () -> {
          PipelineOptionsFactory.register(TripsOptions.class);
          TripsOptions options =
              PipelineOptionsFactory.fromArgs(args).withValidation().as(TripsOptions.class);
          // Ctrl-C on a stream: cancel the job, and let this thread record how the run ended
          // before the JVM goes.
          CountDownLatch recorded = new CountDownLatch(1);
          try {
            RunSummary summary =
                run(
                    options,
                    job ->
                        Runtime.getRuntime()
                            .addShutdownHook(new Thread(() -> stop(job, recorded))));
            summary.print(System.out);
            return summary.isComplete() ? 0 : 1;
          } finally {
            recorded.countDown();
          }
        });
  }

  private static void stop(Job job, CountDownLatch recorded) {
    try {
      if (job.stop()) {
        recorded.await(1, TimeUnit.MINUTES);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      System.err.println("error: could not stop the job cleanly: " + e);
    }
  }

  /** A running job, for whoever may stop it (Ctrl-C, a test). */
  static final class Job {
    private final PipelineResult result;
    private volatile boolean stopped;

    private Job(PipelineResult result) {
      this.result = result;
    }

    /** Cancels the job unless it has ended; true if it did. */
    boolean stop() throws IOException {
      if (result.getState().isTerminal()) {
        return false;
      }
      stopped = true;
      result.cancel();
      return true;
    }

    /** Until the job ends, by itself or by {@link #stop}. */
    private void await() {
      try {
        result.waitUntilFinish();
      } catch (RuntimeException e) {
        // A stopped detached job on embedded Flink takes its MiniCluster along: no state to ask.
        if (!stopped) {
          throw e;
        }
      }
    }
  }

  /** The trips graph between a source of lines and the sinks. */
  static final class Graph {
    final PCollection<KV<GeoBucketKey, Trip>> trips;
    final PCollection<DeadLetter> deadLetters;

    private Graph(PCollection<KV<GeoBucketKey, Trip>> trips, PCollection<DeadLetter> deadLetters) {
      this.trips = trips;
      this.deadLetters = deadLetters;
    }
  }

  /** Parse, clean and bucket: everything but IO, so tests feed it {@code Create.of(...)}. */
  static Graph buildGraph(PCollection<SourceLine> lines, TripsOptions options) {
    // Cleaning runs inside the parser's DoFn: one step, so no record is serialized between them.
    ParseCsv<Trip> parse =
        ParseCsv.of(Trip.class, Trip.COLUMNS, Trip::fromCsv).withCleaning(clean(options));
    PCollectionTuple parsed = lines.apply("ParseAndCleanTrips", parse);
    PCollection<KV<GeoBucketKey, Trip>> bucketed =
        parsed
            .get(parse.parsedTag())
            .apply(
                "BucketTrips",
                GeoBucket.of(
                        Trip::getRegion,
                        Trip::getOrigin,
                        Trip::getDestination,
                        Trip::getStartedAtMillis)
                    .withGrid(grid(options))
                    .withTimeBucket(Duration.standardMinutes(options.getTimeBucketMinutes())));
    return new Graph(bucketed, parsed.get(DeadLetters.TAG));
  }

  /**
   * Normalised names; both fields present; both points on Earth; a start that can have happened.
   */
  static Clean<Trip> clean(TripsOptions options) {
    return Clean.<Trip>create()
        .withNormalizer(Trip::normalized)
        .withRule(Rules.required("region", Trip::getRegion))
        .withRule(Rules.required("datasource", Trip::getDatasource))
        .withRule(Rules.onEarth("origin", Trip::getOrigin))
        .withRule(Rules.onEarth("destination", Trip::getDestination))
        .withRule(
            Rules.timestampBetween(
                "datetime", Trip::getStartedAtMillis, earliest(options), latest()));
  }

  /** Runs to the end: of the file, or of a stream when it is cancelled. */
  static RunSummary run(TripsOptions options) {
    return run(options, job -> {});
  }

  /**
   * Checks the input and the database, records the run, runs the pipeline, records the outcome.
   * {@code started} gets the job once it runs (a stream ends when someone cancels it).
   */
  static RunSummary run(TripsOptions options, Consumer<Job> started) {
    GeoGrid grid = grid(options);
    earliest(options);
    boolean stream = options.getSource() == TripsOptions.Source.kafka;
    String input;
    long estimatedRows;
    if (stream) {
      KafkaTopics.check(options.getBootstrapServers(), options.getTopic());
      options.as(StreamingOptions.class).setStreaming(true);
      // The DirectRunner would otherwise block in run() and leave nothing to cancel a stream with.
      options.as(DirectOptions.class).setBlockOnRun(false);
      input = "kafka://" + options.getBootstrapServers() + "/" + options.getTopic();
      estimatedRows = 0;
    } else {
      FileSystems.setDefaultPipelineOptions(options); // so the check sees gs:// and friends too
      input = options.getInput();
      estimatedRows = CsvInputs.check(input, Trip.COLUMNS).estimatedRows();
    }
    String jdbcUrl = options.getJdbcUrl();
    Migrations.migrate(jdbcUrl);
    int groupingId = TripsSink.groupingId(jdbcUrl, grid.toString(), options.getTimeBucketMinutes());
    long runId = IngestionRuns.start(jdbcUrl, NAME, input, estimatedRows);
    try (RunProgress progress =
        RunProgress.show(options.getProgress() && !stream, jdbcUrl, runId, estimatedRows)) {
      Pipeline pipeline = Pipeline.create(options);
      if (stream) {
        TripsStream.build(pipeline, options, jdbcUrl, runId, groupingId);
      } else {
        buildBatch(pipeline, options, jdbcUrl, runId, groupingId);
      }
      Job job = new Job(pipeline.run());
      started.accept(job);
      job.await();
      TripsSink.foldPending(jdbcUrl);
      IngestionRuns.finish(jdbcUrl, runId);
    } catch (RuntimeException e) {
      try {
        TripsSink.foldPending(jdbcUrl); // what did commit stays consistent with the aggregates
      } catch (RuntimeException stillDown) {
        // The next run folds it.
      }
      IngestionRuns.fail(
          jdbcUrl, runId, String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
      throw e;
    }
    return RunSummary.load(jdbcUrl, runId);
  }

  /** The file job: read, parse, clean, bucket, store; new trips are folded once at the end. */
  private static void buildBatch(
      Pipeline pipeline, TripsOptions options, String jdbcUrl, long runId, int groupingId) {
    Graph graph =
        buildGraph(
            pipeline
                .apply("ReadTripsCsv", ReadLines.from(options.getInput()).withHeader())
                .apply("CountRead", CountRead.into(jdbcUrl, runId)),
            options);
    graph.trips.apply("WriteTrips", TripsSink.write(jdbcUrl, runId, groupingId));
    graph
        .deadLetters
        .apply("ResolveLineNumbers", ResolveLineNumbers.create())
        .apply("WriteDeadLetters", DeadLetterSink.of(jdbcUrl, NAME, runId));
  }

  static GeoGrid grid(TripsOptions options) {
    try {
      TimeOfDay.bucketsOfMinutes(options.getTimeBucketMinutes());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeBucketMinutes: " + e.getMessage());
    }
    try {
      return GeoGrid.parse(options.getGrid());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--grid: " + e.getMessage());
    }
  }

  static Instant earliest(TripsOptions options) {
    try {
      return LocalDate.parse(options.getEarliestDate()).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--earliestDate must be yyyy-MM-dd, was '" + options.getEarliestDate() + "'");
    }
  }

  /** A trip starting more than a day from now (any time zone) cannot have happened yet. */
  private static Instant latest() {
    return Instant.now().plus(1, ChronoUnit.DAYS);
  }
}
