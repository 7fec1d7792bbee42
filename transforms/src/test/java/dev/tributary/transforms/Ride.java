package dev.tributary.transforms;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.geo.GeoPoint;
import dev.tributary.transforms.parse.CsvRecord;
import dev.tributary.transforms.parse.Timestamps;
import dev.tributary.transforms.parse.WktPoint;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A small record type for the transform tests: a ride from one point to another in a region. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Ride implements Serializable {
  public static final List<String> COLUMNS =
      List.of("id", "region", "origin", "destination", "started_at");

  public abstract String getId();

  public abstract String getRegion();

  public abstract GeoPoint getOrigin();

  public abstract GeoPoint getDestination();

  public abstract long getStartedAt();

  public static Ride of(
      String id, String region, GeoPoint origin, GeoPoint destination, long startedAt) {
    return new AutoValue_Ride(id, region, origin, destination, startedAt);
  }

  /**
   * A ride in {@code region} from (lon, lat) to (lon2, lat2) at a {@code yyyy-MM-dd HH:mm:ss} time.
   */
  public static Ride of(
      String id,
      String region,
      double lon,
      double lat,
      double lon2,
      double lat2,
      String startedAt) {
    try {
      return of(
          id,
          region,
          GeoPoint.of(lon, lat),
          GeoPoint.of(lon2, lat2),
          Timestamps.parseMillis(startedAt));
    } catch (RecordException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public static Ride fromCsv(CsvRecord record) throws RecordException {
    return of(
        record.require(0),
        record.get(1),
        WktPoint.parse(record.require(2)),
        WktPoint.parse(record.require(3)),
        Timestamps.parseMillis(record.require(4)));
  }

  public Ride withRegion(String region) {
    return of(getId(), region, getOrigin(), getDestination(), getStartedAt());
  }
}
