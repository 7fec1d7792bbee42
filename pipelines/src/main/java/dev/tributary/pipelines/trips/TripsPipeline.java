package dev.tributary.pipelines.trips;

import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.SourceRecord;
import java.io.PrintStream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.values.PCollection;

/**
 * Ingests vehicle trips from CSV files or a Kafka topic: parse, clean, key each trip by its
 * similar-trips bucket (region, origin cell, destination cell, time of day), then store trips,
 * groups and area aggregates with one idempotent merge per chunk; a stream also counts each group's
 * trips per ISO week ({@link TripsStream}). Every rejected line is a dead letter.
 *
 * <p>Run: {@code scripts/run.sh trips [--input=FILE|GLOB] [--source=kafka] [--sink=bigquery]}.
 */
public final class TripsPipeline implements Job<TripsOptions> {
  /** The load of the run in progress, from {@link #beforeRun} to {@link #afterRun}. */
  private TripsLoad load;

  public static void main(String[] args) {
    JobRunner.main(new TripsPipeline(), args);
  }

  @Override
  public String name() {
    return "trips";
  }

  @Override
  public String description() {
    return "Vehicle trips (CSV files or a Kafka topic) to PostgreSQL and/or BigQuery: similar-trip"
        + " groups, weekly counts, dead letters.";
  }

  @Override
  public Class<TripsOptions> optionsClass() {
    return TripsOptions.class;
  }

  @Override
  public Sources.Checked check(TripsOptions options) {
    TripRules.grid(options);
    TripRules.earliest(options);
    Sources.Checked input = Sources.check(options, input(options));
    TripsLoad.check(options.getLoadMode(), input);
    return input;
  }

  private static Input input(TripsOptions options) {
    return Input.csv("Trips", Trip.COLUMNS)
        .files(options.getInput())
        .topic(options.getTopic(), EventTime.csvColumn(Trip.COLUMNS, "datetime"));
  }

  @Override
  public void build(Pipeline pipeline, TripsOptions options, JobContext context) {
    boolean stream = options.as(StreamingOptions.class).isStreaming();
    TripsStream weekly = stream ? new TripsStream(options) : null;
    PCollection<SourceRecord> lines = context.read(input(options));
    if (!options.getBulkLoadTable().isEmpty() && !options.getSink().bigQuery()) {
      // A bulk load into PostgreSQL alone: the same graph, fused into its writer (TripsBulkRows).
      context.write(
          "WriteTrips",
          lines,
          TripsSink.appendLines(
              context.ledger(), options, TripSteps.parse(options), TripSteps.bucket(options)));
      return;
    }
    TripSteps.Graph graph =
        TripSteps.apply(stream ? weekly.inTime(lines, context) : lines, options);
    context.reject(graph.deadLetters());
    if (stream) {
      weekly.countWeekly(graph.trips(), options, context);
    }
    TripsOutputs.write(graph.trips(), options, context, stream);
  }

  @Override
  public void beforeRun(TripsOptions options, Sources.Checked input, Ledger ledger) {
    if (options.getSink().postgres()) {
      load = TripsLoad.start(options, input, ledger, System.out);
    }
  }

  @Override
  public void afterRun(TripsOptions options, String jdbcUrl) {
    if (load != null) {
      TripsLoad ended = load;
      load = null;
      ended.finish(); // a bulk load: stored, indexed, aggregated
    }
    if (options.getSink().postgres()) {
      TripsSink.foldPending(jdbcUrl); // what incremental chunks committed, into the aggregates
    }
  }

  @Override
  public void report(TripsOptions options, RunSummary summary, PrintStream out) {
    if (!options.getSink().postgres()) {
      out.println("trips in BigQuery " + options.getBigQueryDataset() + ".trips");
      return;
    }
    TripQueries.printRegionAverages(options.getJdbcUrl(), out);
  }
}
