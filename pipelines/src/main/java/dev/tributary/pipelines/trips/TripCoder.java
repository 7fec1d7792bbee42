package dev.tributary.pipelines.trips;

import dev.tributary.transforms.geo.GeoPoint;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/**
 * A compact binary coder for {@link Trip}: two UTF strings, six fixed-width numbers. Every parsed
 * trip crosses one operator boundary on the FlinkRunner (the parser has a dead-letter output too),
 * where the generic schema coder's Row conversion cost more CPU than parsing the trip.
 */
public final class TripCoder extends AtomicCoder<Trip> {
  private static final TripCoder INSTANCE = new TripCoder();

  public static TripCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(Trip trip, OutputStream out) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.writeUTF(trip.getRegion());
    data.writeUTF(trip.getDatasource());
    data.writeLong(trip.getStartedAtMillis());
    data.writeDouble(trip.getOrigin().getLon());
    data.writeDouble(trip.getOrigin().getLat());
    data.writeDouble(trip.getDestination().getLon());
    data.writeDouble(trip.getDestination().getLat());
    data.writeLong(trip.getRecordId());
  }

  @Override
  public Trip decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    String region = data.readUTF();
    String datasource = data.readUTF();
    long startedAt = data.readLong();
    GeoPoint origin = GeoPoint.of(data.readDouble(), data.readDouble());
    GeoPoint destination = GeoPoint.of(data.readDouble(), data.readDouble());
    return Trip.of(region, origin, destination, startedAt, datasource, data.readLong());
  }

  @Override
  public void verifyDeterministic() {}

  @Override
  public boolean consistentWithEquals() {
    return true;
  }
}
