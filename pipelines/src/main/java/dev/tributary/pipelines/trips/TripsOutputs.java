package dev.tributary.pipelines.trips;

import dev.tributary.io.bigquery.BigQuerySink;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.transforms.geo.GeoBucketKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * Where a run's trips go, by {@code --sink}: PostgreSQL (the idempotent merge into the model and
 * its aggregates), BigQuery (the trips table of infra/sql/bigquery/tables.sql), or both, PostgreSQL
 * then being the store the run's counts come from and BigQuery a copy. Rows BigQuery refuses come
 * back as dead letters.
 */
final class TripsOutputs {
  private TripsOutputs() {}

  static void write(
      PCollection<KV<GeoBucketKey, Trip>> trips,
      TripsOptions options,
      JobContext context,
      boolean stream) {
    String grid = options.getGrid();
    int bucketMinutes = options.getTimeBucketMinutes();
    if (options.getSink().postgres()) {
      context.write(
          "WriteTrips",
          trips,
          options.getBulkLoadTable().isEmpty()
              ? TripsSink.write(context.ledger(), options, stream)
              : TripsSink.append(context.ledger(), options));
    }
    if (options.getSink().bigQuery()) {
      BigQuerySink<TripRow> sink =
          BigQuerySink.<TripRow>to("trips", options)
              .withDayPartitioning("started_at")
              .withClustering("region", "datasource");
      PCollection<TripRow> rows =
          trips.apply(
              "ToTripRows",
              MapElements.into(TypeDescriptor.of(TripRow.class))
                  .via(trip -> TripRow.of(trip, grid, bucketMinutes)));
      context.write(
          "WriteTripsBigQuery",
          rows,
          options.getSink().postgres()
              ? sink
              : sink.withCounting(
                  context.ledger().written("trips in BigQuery", TripRow::getRecordId)));
    }
  }
}
