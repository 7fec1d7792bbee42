package dev.tributary.transforms.geo;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/** A WGS84 coordinate in degrees, longitude first as in WKT and GeoJSON. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class GeoPoint implements Serializable {
  public abstract double getLon();

  public abstract double getLat();

  public static GeoPoint of(double lon, double lat) {
    return new AutoValue_GeoPoint(lon, lat);
  }

  /** Whether the point lies on Earth: longitude in [-180, 180], latitude in [-90, 90]. */
  public boolean isOnEarth() {
    return getLon() >= -180 && getLon() <= 180 && getLat() >= -90 && getLat() <= 90;
  }
}
