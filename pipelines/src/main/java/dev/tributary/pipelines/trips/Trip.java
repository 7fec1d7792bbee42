package dev.tributary.pipelines.trips;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.NameUuids;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.clean.Names;
import dev.tributary.transforms.geo.GeoPoint;
import dev.tributary.transforms.parse.CsvRecord;
import dev.tributary.transforms.parse.Timestamps;
import dev.tributary.transforms.parse.WktPoint;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** One vehicle trip as the trips CSV describes it. */
@DefaultSchema(AutoValueSchema.class)
@DefaultCoder(TripCoder.class)
@AutoValue
public abstract class Trip implements Serializable {
  /** The CSV columns, in the order {@link #fromCsv} reads them. */
  public static final List<String> COLUMNS =
      List.of("region", "origin_coord", "destination_coord", "datetime", "datasource");

  private static final int REGION = 0;
  private static final int ORIGIN = 1;
  private static final int DESTINATION = 2;
  private static final int DATETIME = 3;
  private static final int DATASOURCE = 4;

  public abstract String getRegion();

  public abstract GeoPoint getOrigin();

  public abstract GeoPoint getDestination();

  /** The trip's start as epoch milliseconds of its wall time, as given (no zone shift). */
  public abstract long getStartedAtMillis();

  public abstract String getDatasource();

  /**
   * The id of the input record (CSV line, Kafka record) the trip was read from: run accounting
   * counts the line, two lines of the same trip are two records of one trip.
   */
  public abstract long getRecordId();

  public static Trip of(
      String region,
      GeoPoint origin,
      GeoPoint destination,
      long startedAtMillis,
      String datasource,
      long recordId) {
    return new AutoValue_Trip(region, origin, destination, startedAtMillis, datasource, recordId);
  }

  /** Parses one CSV record; a blank required field or an unparseable value rejects it. */
  public static Trip fromCsv(CsvRecord record) throws RecordException {
    return of(
        record.require(REGION),
        WktPoint.parse(record.require(ORIGIN)),
        WktPoint.parse(record.require(DESTINATION)),
        Timestamps.parseMillis(record.require(DATETIME)),
        record.require(DATASOURCE),
        record.recordId());
  }

  /**
   * Region as a place name (" prague" → "Prague"), datasource as an identifier ("Cheap Mobile" →
   * "cheap_mobile").
   */
  public Trip normalized() {
    return of(
        Names.placeName(getRegion()),
        getOrigin(),
        getDestination(),
        getStartedAtMillis(),
        Names.identifier(getDatasource()),
        getRecordId());
  }

  /**
   * A 128-bit key of everything that identifies the trip (name-based UUID): the same trip read
   * twice, in one file or in two runs, gets the same key and is stored once.
   */
  public UUID key() {
    byte[] region = getRegion().getBytes(StandardCharsets.UTF_8);
    byte[] datasource = getDatasource().getBytes(StandardCharsets.UTF_8);
    ByteBuffer bytes = ByteBuffer.allocate(region.length + datasource.length + 2 + 5 * Long.BYTES);
    bytes.put(region).put((byte) 0).put(datasource).put((byte) 0).putLong(getStartedAtMillis());
    bytes.putDouble(getOrigin().getLon()).putDouble(getOrigin().getLat());
    bytes.putDouble(getDestination().getLon()).putDouble(getDestination().getLat());
    return NameUuids.of(bytes.array());
  }
}
