package dev.tributary.pipelines.trips;

import dev.tributary.io.UsageException;
import dev.tributary.io.files.CsvInputs;
import dev.tributary.io.files.ReadLines;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.status.IngestionRuns;
import dev.tributary.pipelines.KafkaSource;
import dev.tributary.pipelines.Launcher;
import dev.tributary.pipelines.RunningJob;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Rules;
import dev.tributary.transforms.geo.GeoBucket;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.geo.GeoGrid;
import dev.tributary.transforms.geo.TimeOfDay;
import dev.tributary.transforms.parse.ParseCsv;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
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
          CountDownLatch recorded = new CountDownLatch(1);
          Consumer<RunningJob> stopOnExit = RunningJob.stopOnExit(recorded);
          try {
            if (options.getSink() == TripsOptions.Sink.bigquery) {
              runToBigQuery(options, stopOnExit);
              System.out.println(
                  "run finished: trips in BigQuery " + options.getBigQueryDataset() + ".trips");
              return 0;
            }
            RunSummary summary = run(options, stopOnExit);
            summary.print(System.out);
            return summary.isComplete() ? 0 : 1;
          } finally {
            recorded.countDown();
          }
        });
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
  static Graph buildGraph(PCollection<SourceRecord> lines, TripsOptions options) {
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
  static RunSummary run(TripsOptions options, Consumer<RunningJob> started) {
    if (options.getSink() == TripsOptions.Sink.bigquery) {
      throw new UsageException("--sink=bigquery runs without PostgreSQL: use runToBigQuery");
    }
    GeoGrid grid = grid(options);
    Input input = checkInput(options);
    String jdbcUrl = options.getJdbcUrl();
    Migrations.migrate(jdbcUrl);
    int groupingId = TripsSink.groupingId(jdbcUrl, grid.toString(), options.getTimeBucketMinutes());
    long runId = IngestionRuns.start(jdbcUrl, NAME, input.name(), input.estimatedRows());
    try (RunProgress progress =
        RunProgress.show(
            options.getProgress() && !input.stream(), jdbcUrl, runId, input.estimatedRows())) {
      RunningJob job = new RunningJob(build(options, new Target(jdbcUrl, runId, groupingId)).run());
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

  /**
   * {@code --sink=bigquery}: the same job with BigQuery as its only store, so no PostgreSQL is
   * needed (nor run status: BigQuery jobs are watched in the Dataflow or Flink UI).
   */
  static void runToBigQuery(TripsOptions options, Consumer<RunningJob> started) {
    grid(options);
    checkInput(options);
    RunningJob job = new RunningJob(build(options, Target.BIGQUERY_ONLY).run());
    started.accept(job);
    job.await();
  }

  /** The input of a run: what users see as its name, and how many rows to expect (0: unknown). */
  private record Input(String name, long estimatedRows, boolean stream) {}

  /** Fails with one line on a bad input; for a stream, also puts the options in stream mode. */
  private static Input checkInput(TripsOptions options) {
    earliest(options);
    if (options.getSource() == TripsOptions.Source.kafka) {
      return new Input(KafkaSource.check(options, options.getTopic(), true), 0, true);
    }
    FileSystems.setDefaultPipelineOptions(options); // so the check sees gs:// and friends too
    return new Input(
        options.getInput(),
        CsvInputs.check(options.getInput(), Trip.COLUMNS).estimatedRows(),
        false);
  }

  /**
   * Where a run writes: its row in {@code ingestion_runs} and the grouping's id in PostgreSQL, or
   * none of that with {@code --sink=bigquery}.
   */
  record Target(@Nullable String jdbcUrl, long runId, int groupingId) {
    static final Target BIGQUERY_ONLY = new Target(null, 0, 0);

    boolean postgres() {
      return jdbcUrl != null;
    }
  }

  /** The whole job: a file or a topic in, the sinks of {@code --sink} out. */
  static Pipeline build(TripsOptions options, Target target) {
    Pipeline pipeline = Pipeline.create(options);
    if (options.getSource() == TripsOptions.Source.kafka) {
      TripsStream.build(pipeline, options, target);
      return pipeline;
    }
    PCollection<SourceRecord> lines =
        pipeline.apply("ReadTripsCsv", ReadLines.from(options.getInput()).withHeader());
    Graph graph = buildGraph(TripsOutputs.countRead(lines, target), options);
    TripsOutputs.write(graph.trips, List.of(graph.deadLetters), options, target);
    return pipeline;
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
