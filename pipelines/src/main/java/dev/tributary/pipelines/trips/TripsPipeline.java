package dev.tributary.pipelines.trips;

import dev.tributary.io.UsageException;
import dev.tributary.io.files.CsvInputs;
import dev.tributary.io.files.ReadLines;
import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.postgres.Migrations;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * Ingests vehicle trips from CSV into PostgreSQL: parse, clean, key each trip by its similar-trips
 * bucket (region, origin cell, destination cell, time of day), then store trips, groups and area
 * aggregates in one idempotent merge per bundle; every rejected line goes to rejected_records.
 * Status events are pushed with NOTIFY as the run goes ({@code scripts/trips.sh watch}).
 *
 * <p>Run: {@code scripts/run.sh trips [--input=FILE|GLOB] [--runner=FlinkRunner]}.
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
          RunSummary summary = run(options);
          summary.print(System.out);
          return summary.isComplete() ? 0 : 1;
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

  /** Checks the input and the database, records the run, runs the pipeline, records the outcome. */
  static RunSummary run(TripsOptions options) {
    GeoGrid grid = grid(options);
    earliest(options);
    FileSystems.setDefaultPipelineOptions(options); // so the check sees gs:// and friends too
    CsvInputs inputs = CsvInputs.check(options.getInput(), Trip.COLUMNS);
    String jdbcUrl = options.getJdbcUrl();
    Migrations.migrate(jdbcUrl);
    int groupingId = TripsSink.groupingId(jdbcUrl, grid.toString(), options.getTimeBucketMinutes());
    long runId = IngestionRuns.start(jdbcUrl, NAME, options.getInput(), inputs.estimatedRows());
    try (RunProgress progress =
        RunProgress.show(options.getProgress(), jdbcUrl, runId, inputs.estimatedRows())) {
      Pipeline pipeline = Pipeline.create(options);
      Graph graph =
          buildGraph(
              pipeline.apply("ReadTripsCsv", ReadLines.from(options.getInput()).withHeader()),
              options);
      graph.trips.apply("WriteTrips", TripsSink.write(jdbcUrl, runId, groupingId));
      graph
          .deadLetters
          .apply("ResolveLineNumbers", ResolveLineNumbers.create())
          .apply("WriteDeadLetters", DeadLetterSink.of(jdbcUrl, NAME, runId));
      PipelineResult result = pipeline.run();
      result.waitUntilFinish();
      TripsSink.foldPending(jdbcUrl);
      IngestionRuns.finish(jdbcUrl, runId, ReadLines.linesRead(result));
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
