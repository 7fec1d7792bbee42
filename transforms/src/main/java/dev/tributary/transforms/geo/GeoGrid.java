package dev.tributary.transforms.geo;

import java.io.Serializable;

/**
 * Cuts the Earth into cells and names each cell with a {@code long}: either a square grid of {@code
 * degrees} (cell = column and row from the south-west corner of the world, packed into one long) or
 * geohash cells of a precision (cell = the geohash's bits). Two points share a cell id exactly when
 * they share a cell, whichever the grid.
 */
public final class GeoGrid implements Serializable {
  /** 0.01° is about 1.1 km north–south and 0.7 km east–west at 50° N: one neighbourhood. */
  public static final double DEFAULT_DEGREES = 0.01;

  private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

  /**
   * 1e-9° is about 0.1 mm: larger than the rounding error of a cell index, smaller than any GPS.
   */
  private static final double EDGE_TOLERANCE = 1e-9;

  private final double degrees;
  private final int geohashPrecision;

  private GeoGrid(double degrees, int geohashPrecision) {
    this.degrees = degrees;
    this.geohashPrecision = geohashPrecision;
  }

  /** A square grid of cells {@code degrees} wide and high. */
  public static GeoGrid degrees(double degrees) {
    if (!(degrees > 0 && degrees <= 90)) {
      throw new IllegalArgumentException(
          "grid cell size must be in (0, 90] degrees, was " + degrees);
    }
    return new GeoGrid(degrees, 0);
  }

  /** Geohash cells; precision 6 is about 1.2 km × 0.6 km. */
  public static GeoGrid geohash(int precision) {
    if (precision < 1 || precision > 12) {
      throw new IllegalArgumentException("geohash precision must be in [1, 12], was " + precision);
    }
    return new GeoGrid(0, precision);
  }

  /** Parses {@code 0.01} (degrees) or {@code geohash:6}, the forms the pipelines' options take. */
  public static GeoGrid parse(String spec) {
    String s = spec.trim();
    try {
      return s.startsWith("geohash:")
          ? geohash(Integer.parseInt(s.substring("geohash:".length())))
          : degrees(Double.parseDouble(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "grid must be a cell size in degrees (e.g. 0.01) or geohash:<precision> (e.g. geohash:6), was '"
              + spec
              + "'");
    }
  }

  /** The id of the cell holding {@code p}. */
  public long cellOf(GeoPoint p) {
    return geohashPrecision > 0 ? geohashBits(p) : squareCell(p);
  }

  /** The cell id as a readable label: {@code x:y} cell indices or the geohash string. */
  public String label(long cell) {
    if (geohashPrecision == 0) {
      return (cell >>> 32) + ":" + (cell & 0xFFFFFFFFL);
    }
    char[] chars = new char[geohashPrecision];
    for (int i = geohashPrecision - 1; i >= 0; i--) {
      chars[i] = BASE32.charAt((int) (cell & 31));
      cell >>>= 5;
    }
    return new String(chars);
  }

  /** The centre of {@code cell}, a point for people and maps to place it by. */
  public GeoPoint centre(long cell) {
    if (geohashPrecision == 0) {
      return GeoPoint.of(
          (cell >>> 32) * degrees - 180 + degrees / 2,
          (cell & 0xFFFFFFFFL) * degrees - 90 + degrees / 2);
    }
    double minLon = -180, maxLon = 180, minLat = -90, maxLat = 90;
    int bits = geohashPrecision * 5;
    for (int i = 0; i < bits; i++) {
      boolean high = ((cell >>> (bits - 1 - i)) & 1) == 1;
      if (i % 2 == 0) { // longitude first, as geohashBits interleaves them
        double mid = (minLon + maxLon) / 2;
        minLon = high ? mid : minLon;
        maxLon = high ? maxLon : mid;
      } else {
        double mid = (minLat + maxLat) / 2;
        minLat = high ? mid : minLat;
        maxLat = high ? maxLat : mid;
      }
    }
    return GeoPoint.of((minLon + maxLon) / 2, (minLat + maxLat) / 2);
  }

  /** How this grid is written in option values and stored with the groups it made. */
  @Override
  public String toString() {
    return geohashPrecision > 0 ? "geohash:" + geohashPrecision : Double.toString(degrees);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GeoGrid g && g.degrees == degrees && g.geohashPrecision == geohashPrecision;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(degrees) * 31 + geohashPrecision;
  }

  private long squareCell(GeoPoint p) {
    // (lon + 180) / 0.01 is off by an ulp for many decimal edges (-179.99 gave cell 0, sharing it
    // with -180.00); nudging by far less than any real coordinate precision puts edges in their
    // cell.
    long x = (long) Math.floor((p.getLon() + 180 + EDGE_TOLERANCE) / degrees);
    long y = (long) Math.floor((p.getLat() + 90 + EDGE_TOLERANCE) / degrees);
    return (x << 32) | y;
  }

  /** The standard geohash bit interleaving, longitude first, 5 bits a character. */
  private long geohashBits(GeoPoint p) {
    double minLon = -180, maxLon = 180, minLat = -90, maxLat = 90;
    long bits = 0;
    for (int i = 0; i < geohashPrecision * 5; i++) {
      bits <<= 1;
      if (i % 2 == 0) {
        double mid = (minLon + maxLon) / 2;
        if (p.getLon() >= mid) {
          bits |= 1;
          minLon = mid;
        } else {
          maxLon = mid;
        }
      } else {
        double mid = (minLat + maxLat) / 2;
        if (p.getLat() >= mid) {
          bits |= 1;
          minLat = mid;
        } else {
          maxLat = mid;
        }
      }
    }
    return bits;
  }
}
