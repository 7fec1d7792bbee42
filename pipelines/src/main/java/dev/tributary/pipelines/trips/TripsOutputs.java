package dev.tributary.pipelines.trips;

import dev.tributary.io.bigquery.BigQuerySink;
import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.status.CountRead;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.geo.GeoBucketKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Where the trips and the dead letters of a run go, by {@code --sink}: PostgreSQL (the idempotent
 * merge and rejected_records), BigQuery (the trips table and rejected_records of
 * infra/sql/bigquery/tables.sql), or both. Rows BigQuery refuses become dead letters too.
 */
final class TripsOutputs {
  private TripsOutputs() {}

  /** Counts what is read into the run's row; nothing to count into without PostgreSQL. */
  static PCollection<SourceRecord> countRead(
      PCollection<SourceRecord> lines, TripsPipeline.Target target) {
    return target.postgres()
        ? lines.apply("CountRead", CountRead.into(target.jdbcUrl(), target.runId()))
        : lines;
  }

  static void write(
      PCollection<KV<GeoBucketKey, Trip>> trips,
      List<PCollection<DeadLetter>> deadLetters,
      TripsOptions options,
      TripsPipeline.Target target) {
    boolean stream = options.as(StreamingOptions.class).isStreaming();
    List<PCollection<DeadLetter>> letters = new ArrayList<>(deadLetters);
    if (target.postgres()) {
      trips.apply(
          "WriteTrips",
          stream
              ? TripsSink.writeAndFold(target.jdbcUrl(), target.runId(), target.groupingId())
              : TripsSink.write(target.jdbcUrl(), target.runId(), target.groupingId()));
    }
    if (options.getSink() != TripsOptions.Sink.postgres) {
      String grid = options.getGrid();
      int bucketMinutes = options.getTimeBucketMinutes();
      letters.add(
          trips
              .apply(
                  "ToTripRows",
                  MapElements.into(TypeDescriptor.of(TripRow.class))
                      .via(trip -> TripRow.of(trip, grid, bucketMinutes)))
              .apply(
                  "WriteTripsBigQuery",
                  BigQuerySink.<TripRow>to("trips", options)
                      .withDayPartitioning("started_at")
                      .withClustering("region", "datasource")));
    }
    PCollection<DeadLetter> all =
        PCollectionList.of(letters).apply("AllDeadLetters", Flatten.pCollections());
    if (!stream) {
      // Files have line numbers to find; a topic's records have offsets only.
      all = all.apply("ResolveLineNumbers", ResolveLineNumbers.create());
    }
    if (target.postgres()) {
      all.apply(
          "WriteDeadLetters",
          DeadLetterSink.of(target.jdbcUrl(), TripsPipeline.NAME, target.runId()));
    }
    if (options.getSink() != TripsOptions.Sink.postgres) {
      // A dead letter BigQuery refuses in turn would need a third place; with --sink=both it is
      // in PostgreSQL anyway.
      all.apply(
          "WriteDeadLettersBigQuery", BigQuerySink.<DeadLetter>to("rejected_records", options));
    }
  }
}
