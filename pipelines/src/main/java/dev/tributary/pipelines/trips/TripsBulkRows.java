package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.PgBinaryWriter;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.postgres.RowEncoder;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.geo.GeoBucket;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.parse.ParseCsv;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.beam.sdk.values.KV;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Bucketed trips as rows of {@code trips.trips} for a bulk load ({@code trips.begin_bulk_load}'s
 * columns): the dimension ids of region and datasource, the run, the trip's group, its week and
 * origin cell, so the rows need no merge; each row also goes to the JVM's sums ({@link TripParts})
 * once its chunk is stored. The input is bucketed trips ({@link #bucketed}) or CSV lines parsed,
 * cleaned and bucketed here ({@link #fromLines}). Names are registered on first sight through a
 * connection of its own that commits at once: an id taken in a chunk's transaction would vanish if
 * that chunk rolled back.
 */
final class TripsBulkRows<T> implements RowEncoder<T> {
  private static final long serialVersionUID = 1L;

  /** How an input value becomes a bucketed trip, or null with its dead letter handed on. */
  @FunctionalInterface
  interface ToTrip<T> extends Serializable {
    @Nullable KV<GeoBucketKey, Trip> apply(T value, Consumer<DeadLetter> rejected);
  }

  private final String jdbcUrl;
  private final long runId;
  private final String grid;
  private final int bucketMinutes;
  private final ToTrip<T> toTrip;
  private transient Connection names;
  private transient Map<String, Short> regions;
  private transient Map<String, Short> datasources;
  private transient short groupingId;
  private transient TripParts.Writer parts;

  private TripsBulkRows(
      String jdbcUrl, long runId, String grid, int bucketMinutes, ToTrip<T> toTrip) {
    this.jdbcUrl = jdbcUrl;
    this.runId = runId;
    this.grid = grid;
    this.bucketMinutes = bucketMinutes;
    this.toTrip = toTrip;
  }

  /** Rows of trips bucketed by the graph's own steps. */
  static TripsBulkRows<KV<GeoBucketKey, Trip>> bucketed(
      String jdbcUrl, long runId, String grid, int bucketMinutes) {
    return new TripsBulkRows<>(
        jdbcUrl, runId, grid, bucketMinutes, (bucketed, rejected) -> bucketed);
  }

  /**
   * The same rows from CSV lines: each parsed, cleaned and bucketed here, in the writer's task, as
   * {@link TripSteps#apply} does in steps of its own; a bad line is rejected as there. On the
   * FlinkRunner's batch translation the parse step's two outputs would otherwise serialize every
   * trip on its way to the writer.
   */
  static TripsBulkRows<SourceRecord> fromLines(
      String jdbcUrl,
      long runId,
      String grid,
      int bucketMinutes,
      ParseCsv.LineParser<Trip> lines,
      GeoBucket<Trip> bucket) {
    return new TripsBulkRows<>(
        jdbcUrl,
        runId,
        grid,
        bucketMinutes,
        (line, rejected) -> {
          Trip trip = lines.parse(line, rejected);
          return trip == null ? null : KV.of(bucket.keyOf(trip), trip);
        });
  }

  @Override
  public void prepare(Connection connection) throws SQLException {
    names = Postgres.connect(jdbcUrl);
    regions = new HashMap<>();
    datasources = new HashMap<>();
    try (PreparedStatement s = names.prepareStatement("SELECT trips.grouping_id(?, ?)")) {
      s.setString(1, grid);
      s.setInt(2, bucketMinutes);
      groupingId = single(s);
    }
    parts = TripParts.writer(runId, groupingId);
  }

  @Override
  public void startBundle() {
    parts.startBundle();
  }

  @Override
  public void stored(UUID chunk, Connection connection) throws SQLException {
    parts.stored(chunk, connection);
  }

  @Override
  public void finishBundle(Connection connection) throws SQLException {
    parts.finishBundle(connection);
  }

  @Override
  public boolean encodeOrReject(T value, PgBinaryWriter row, Consumer<DeadLetter> rejected) {
    KV<GeoBucketKey, Trip> bucketed = toTrip.apply(value, rejected);
    if (bucketed == null) {
      return false;
    }
    write(bucketed, row);
    return true;
  }

  @Override
  public void encode(T value, PgBinaryWriter row) {
    encodeOrReject(
        value,
        row,
        letter -> {
          throw new IllegalArgumentException(
              "not a trip, line " + letter.getLine() + ": " + letter.getReason());
        });
  }

  private void write(KV<GeoBucketKey, Trip> bucketed, PgBinaryWriter row) {
    Trip trip = bucketed.getValue();
    GeoBucketKey key = bucketed.getKey();
    short region = id(regions, "region", trip.getRegion());
    short datasource = id(datasources, "datasource", trip.getDatasource());
    long monday = TripParts.monday(trip.getStartedAtMillis());
    long origin = TripParts.area(trip.getOrigin().getLon(), trip.getOrigin().getLat());
    parts.add(
        key.getOriginCell(),
        key.getDestinationCell(),
        trip.getStartedAtMillis(),
        monday,
        region,
        datasource,
        key.getTimeBucket(),
        origin,
        TripParts.area(trip.getDestination().getLon(), trip.getDestination().getLat()));
    row.row(16)
        .uuid(trip.key())
        .timestampMillis(trip.getStartedAtMillis())
        .float8(trip.getOrigin().getLon())
        .float8(trip.getOrigin().getLat())
        .float8(trip.getDestination().getLon())
        .float8(trip.getDestination().getLat())
        .int8(runId)
        .int2(region)
        .int2(datasource)
        .int2(groupingId)
        .int8(key.getOriginCell())
        .int8(key.getDestinationCell())
        .int2(key.getTimeBucket())
        .date(monday)
        .int4(TripParts.column(origin))
        .int4(TripParts.row(origin));
  }

  private short id(Map<String, Short> ids, String dimension, String name) {
    Short id = ids.get(name);
    if (id == null) {
      try (PreparedStatement s = names.prepareStatement("SELECT trips.dimension_id(?, ?)")) {
        s.setString(1, dimension);
        s.setString(2, name);
        id = single(s);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "could not register " + dimension + " '" + name + "': " + e.getMessage(), e);
      }
      ids.put(name, id);
    }
    return id;
  }

  private static short single(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      r.next();
      return r.getShort(1);
    }
  }

  @Override
  public void close() {
    if (parts != null) {
      parts.close();
    }
    if (names != null) {
      try {
        names.close();
      } catch (SQLException ignored) {
        // the session ends either way
      }
    }
  }
}
