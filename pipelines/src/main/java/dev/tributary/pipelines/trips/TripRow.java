package dev.tributary.pipelines.trips;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.geo.GeoBucketKey;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldName;
import org.apache.beam.sdk.schemas.annotations.SchemaFieldNumber;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * A stored trip as analysts get it in BigQuery (infra/sql/bigquery/tables.sql): flat, with its
 * group's cells, so the weekly and group questions are plain SQL there. Columns are in snake_case.
 * {@code started_at} is the wall time as given, stored as a UTC timestamp.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class TripRow implements Serializable {
  @SchemaFieldNumber("0")
  @SchemaFieldName("trip_key")
  public abstract String getTripKey();

  @SchemaFieldNumber("1")
  @SchemaFieldName("region")
  public abstract String getRegion();

  @SchemaFieldNumber("2")
  @SchemaFieldName("datasource")
  public abstract String getDatasource();

  @SchemaFieldNumber("3")
  @SchemaFieldName("started_at")
  public abstract Instant getStartedAt();

  @SchemaFieldNumber("4")
  @SchemaFieldName("origin_lon")
  public abstract double getOriginLon();

  @SchemaFieldNumber("5")
  @SchemaFieldName("origin_lat")
  public abstract double getOriginLat();

  @SchemaFieldNumber("6")
  @SchemaFieldName("destination_lon")
  public abstract double getDestinationLon();

  @SchemaFieldNumber("7")
  @SchemaFieldName("destination_lat")
  public abstract double getDestinationLat();

  /** The similar-trips grid, e.g. 0.01 or geohash:6, and the time-of-day bucket size. */
  @SchemaFieldNumber("8")
  @SchemaFieldName("grid")
  public abstract String getGrid();

  @SchemaFieldNumber("9")
  @SchemaFieldName("bucket_minutes")
  public abstract int getBucketMinutes();

  @SchemaFieldNumber("10")
  @SchemaFieldName("origin_cell")
  public abstract long getOriginCell();

  @SchemaFieldNumber("11")
  @SchemaFieldName("destination_cell")
  public abstract long getDestinationCell();

  @SchemaFieldNumber("12")
  @SchemaFieldName("time_bucket")
  public abstract int getTimeBucket();

  /**
   * The id of the input record the row was read from (a line of a file, a Kafka record): which line
   * a row came from, and what the run's counts count.
   */
  @SchemaFieldNumber("13")
  @SchemaFieldName("record_id")
  public abstract long getRecordId();

  static TripRow of(KV<GeoBucketKey, Trip> bucketed, String grid, int bucketMinutes) {
    Trip trip = bucketed.getValue();
    GeoBucketKey group = bucketed.getKey();
    return new AutoValue_TripRow(
        trip.key().toString(),
        trip.getRegion(),
        trip.getDatasource(),
        new Instant(trip.getStartedAtMillis()),
        trip.getOrigin().getLon(),
        trip.getOrigin().getLat(),
        trip.getDestination().getLon(),
        trip.getDestination().getLat(),
        grid,
        bucketMinutes,
        group.getOriginCell(),
        group.getDestinationCell(),
        group.getTimeBucket(),
        trip.getRecordId());
  }
}
