package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.CopyMergeSink;
import dev.tributary.io.postgres.PgBinaryWriter;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.transforms.geo.GeoBucketKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.beam.sdk.values.KV;

/**
 * Writes bucketed trips through {@link CopyMergeSink}: binary COPY into {@code trips_staging}, then
 * {@code trips_merge_staged} (infra/sql/postgres/V2__trips.sql) inserts the new trips and queues
 * exactly those for the aggregates; {@link #foldPending} folds the queue into them.
 */
final class TripsSink {
  static final String STAGING_TABLE = "trips_staging";
  static final String STAGING_DDL =
      "CREATE TEMP TABLE IF NOT EXISTS trips_staging (trip_key uuid, region text, datasource text,"
          + " started_at timestamp, origin_lon float8, origin_lat float8, destination_lon float8,"
          + " destination_lat float8, origin_cell bigint, destination_cell bigint, time_bucket smallint)"
          + " ON COMMIT DELETE ROWS";
  private static final String MERGE =
      "SELECT staged, inserted FROM trips_merge_staged(?, ?::smallint)";
  private static final String MERGE_AND_FOLD =
      "SELECT staged, inserted FROM trips_merge_and_fold(?, ?::smallint)";

  private TripsSink() {}

  /** The batch sink: new trips wait in the queue for one {@link #foldPending} at the end. */
  static CopyMergeSink<KV<GeoBucketKey, Trip>> write(String jdbcUrl, long runId, int groupingId) {
    return sink(jdbcUrl, MERGE, runId, groupingId);
  }

  /** The streaming sink: every chunk folds its new trips too, so aggregates are always current. */
  static CopyMergeSink<KV<GeoBucketKey, Trip>> writeAndFold(
      String jdbcUrl, long runId, int groupingId) {
    return sink(jdbcUrl, MERGE_AND_FOLD, runId, groupingId);
  }

  private static CopyMergeSink<KV<GeoBucketKey, Trip>> sink(
      String jdbcUrl, String mergeSql, long runId, int groupingId) {
    return CopyMergeSink.into(jdbcUrl, STAGING_DDL, STAGING_TABLE, TripsSink::encode)
        .withMergeSql(mergeSql, runId, groupingId)
        .withRunId(runId);
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
        PreparedStatement s = c.prepareStatement("SELECT trips_fold_pending()");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not fold new trips into the aggregates: " + e.getMessage(), e);
    }
  }

  /** The id of a grid and bucket size in {@code groupings}, registering it on first use. */
  static int groupingId(String jdbcUrl, String grid, int bucketMinutes) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "WITH added AS (INSERT INTO groupings (grid, bucket_minutes) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING RETURNING grouping_id)"
                    + " SELECT grouping_id FROM added UNION ALL"
                    + " SELECT grouping_id FROM groupings WHERE grid = ? AND bucket_minutes = ?")) {
      s.setString(1, grid);
      s.setInt(2, bucketMinutes);
      s.setString(3, grid);
      s.setInt(4, bucketMinutes);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not register the grouping: " + e.getMessage(), e);
    }
  }
}
