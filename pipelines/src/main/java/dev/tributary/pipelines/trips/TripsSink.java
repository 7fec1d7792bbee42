package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.CopyMergeSink;
import dev.tributary.io.postgres.PgBinaryWriter;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.geo.GeoBucket;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.parse.ParseCsv;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.values.KV;

/**
 * Writes bucketed trips through {@link CopyMergeSink}: binary COPY into {@code trips_staging}, then
 * {@code trips.merge_staged} (infra/sql/postgres/V2, V7) inserts the new trips and queues exactly
 * those for the aggregates, in the transaction that counts the chunk's trips as written; {@link
 * #foldPending} folds the queue into the aggregates. The grouping (grid and bucket size) is named
 * by value and registered by the merge on first use.
 */
final class TripsSink {
  static final String STAGING_TABLE = "trips_staging";
  static final String STAGING_DDL =
      "CREATE TEMP TABLE IF NOT EXISTS trips_staging (trip_key uuid, region text, datasource text,"
          + " started_at timestamp, origin_lon float8, origin_lat float8, destination_lon float8,"
          + " destination_lat float8, origin_cell bigint, destination_cell bigint, time_bucket smallint)"
          + " ON COMMIT DELETE ROWS";
  private static final String MERGE =
      "SELECT * FROM trips.merge_staged(?, trips.grouping_id(?, ?), ?)";

  private TripsSink() {}

  /**
   * The trips sink of a run: the file job leaves new trips queued for one {@link #foldPending} at
   * the end; a stream ({@code fold}) folds every chunk at once, so its aggregates are current.
   */
  static CopyMergeSink<KV<GeoBucketKey, Trip>> write(
      Ledger ledger, TripsOptions options, boolean fold) {
    return CopyMergeSink.into(ledger.jdbcUrl(), STAGING_DDL, STAGING_TABLE, TripsSink::encode)
        .withMergeSql(
            MERGE, ledger.runId(), options.getGrid(), options.getTimeBucketMinutes(), fold)
        .withRowsPerTransaction(options.getRowsPerTransaction())
        .withCounting(ledger.written("trips", bucketed -> bucketed.getValue().getRecordId()));
  }

  /**
   * The sink of a bulk load: trips appended to the table {@link TripsLoad} started, counted as
   * written per chunk; {@code trips.bulk_store} settles them when the run ends.
   */
  static CopyMergeSink<KV<GeoBucketKey, Trip>> append(Ledger ledger, TripsOptions options) {
    TripsBulkRows<KV<GeoBucketKey, Trip>> rows =
        TripsBulkRows.bucketed(
            ledger.jdbcUrl(), ledger.runId(), options.getGrid(), options.getTimeBucketMinutes());
    return CopyMergeSink.append(ledger.jdbcUrl(), options.getBulkLoadTable(), rows)
        .withRowsPerTransaction(options.getRowsPerTransaction())
        .withCounting(ledger.written("trips", bucketed -> bucketed.getValue().getRecordId()));
  }

  /**
   * The sink of a bulk load into PostgreSQL alone, from CSV lines: each parsed, cleaned and
   * bucketed in the writer ({@link TripsBulkRows#fromLines}); bad lines come out as its dead
   * letters.
   */
  static CopyMergeSink<SourceRecord> appendLines(
      Ledger ledger, TripsOptions options, ParseCsv<Trip> parse, GeoBucket<Trip> bucket) {
    TripsBulkRows<SourceRecord> rows =
        TripsBulkRows.fromLines(
            ledger.jdbcUrl(),
            ledger.runId(),
            options.getGrid(),
            options.getTimeBucketMinutes(),
            parse.lineParser(),
            bucket);
    return CopyMergeSink.append(ledger.jdbcUrl(), options.getBulkLoadTable(), rows)
        .withRowsPerTransaction(options.getRowsPerTransaction())
        .withCounting(ledger.written("trips", SourceRecord::id));
  }

  static void encode(KV<GeoBucketKey, Trip> bucketed, PgBinaryWriter row) {
    Trip trip = bucketed.getValue();
    GeoBucketKey key = bucketed.getKey();
    row.row(11)
        .uuid(trip.key())
        .text(trip.getRegion())
        .text(trip.getDatasource())
        .timestampMillis(trip.getStartedAtMillis())
        .float8(trip.getOrigin().getLon())
        .float8(trip.getOrigin().getLat())
        .float8(trip.getDestination().getLon())
        .float8(trip.getDestination().getLat())
        .int8(key.getOriginCell())
        .int8(key.getDestinationCell())
        .int2(key.getTimeBucket());
  }

  /**
   * Folds every queued trip into the groups and area aggregates (exactly once, safe to run at any
   * time and concurrently); returns how many. Runs call it when they end, failed or not.
   */
  static long foldPending(String jdbcUrl) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement("SELECT trips.fold_pending()");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not fold new trips into the aggregates: " + e.getMessage(), e);
    }
  }
}
