package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.geo.GeoPoint;

/**
 * Parses a WKT point, {@code POINT (lon lat)}: case-insensitive keyword, any spacing, an optional
 * {@code SRID=4326;} prefix. Whether the point lies on Earth is a cleaning rule, not a parse error.
 */
public final class WktPoint {
  private WktPoint() {}

  public static GeoPoint parse(String wkt) throws RecordException {
    String s = wkt.trim();
    if (s.regionMatches(true, 0, "SRID=", 0, 5)) {
      s = s.substring(s.indexOf(';') + 1).trim();
    }
    int open = s.indexOf('(');
    int close = s.lastIndexOf(')');
    if (!s.regionMatches(true, 0, "POINT", 0, 5)
        || open < 0
        || close != s.length() - 1
        || !s.substring(5, open).isBlank()) {
      throw new RecordException("not a WKT point: '" + wkt + "'");
    }
    int lonStart = skipSpaces(s, open + 1);
    int lonEnd = s.indexOf(' ', lonStart);
    if (lonEnd < 0 || lonEnd > close) {
      throw new RecordException("WKT point needs two coordinates: '" + wkt + "'");
    }
    int latStart = skipSpaces(s, lonEnd);
    int latEnd = close;
    while (latEnd > latStart && s.charAt(latEnd - 1) == ' ') {
      latEnd--;
    }
    try {
      double lon = FastDoubles.parse(s, lonStart, lonEnd);
      double lat = FastDoubles.parse(s, latStart, latEnd);
      if (Double.isNaN(lon)
          || Double.isNaN(lat)
          || Double.isInfinite(lon)
          || Double.isInfinite(lat)) {
        throw new RecordException("WKT point coordinates are not finite: '" + wkt + "'");
      }
      return GeoPoint.of(lon, lat);
    } catch (NumberFormatException e) {
      throw new RecordException("WKT point coordinates are not numbers: '" + wkt + "'");
    }
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }
}
