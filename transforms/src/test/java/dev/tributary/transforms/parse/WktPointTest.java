package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.geo.GeoPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WktPointTest {
  private static final GeoPoint PRAGUE = GeoPoint.of(14.4973794438195, 50.00136875782316);

  private static void assertRejected(String wkt, String reasonPart) {
    RecordException e = assertThrows(RecordException.class, () -> WktPoint.parse(wkt));
    assertTrue(e.getMessage().contains(reasonPart), e.getMessage());
    assertTrue(e.getMessage().contains(wkt), "reason quotes the input: " + e.getMessage());
  }

  @Test
  void parsesLongitudeThenLatitude() throws RecordException {
    assertEquals(PRAGUE, WktPoint.parse("POINT (14.4973794438195 50.00136875782316)"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "POINT(14.4973794438195 50.00136875782316)",
        "  POINT   (  14.4973794438195    50.00136875782316  )  ",
        "point (14.4973794438195 50.00136875782316)",
        "Point(14.4973794438195 50.00136875782316)",
        "SRID=4326;POINT (14.4973794438195 50.00136875782316)",
        "srid=4326; point(14.4973794438195 50.00136875782316)"
      })
  void acceptsSpacingCaseAndSridPrefix(String wkt) throws RecordException {
    assertEquals(PRAGUE, WktPoint.parse(wkt));
  }

  @Test
  void parsesNegativeAndIntegerCoordinates() throws RecordException {
    assertEquals(GeoPoint.of(-74, -33.5), WktPoint.parse("POINT (-74 -33.5)"));
  }

  @Test
  void leavesOffEarthCoordinatesToCleaning() throws RecordException {
    assertEquals(GeoPoint.of(200, 95), WktPoint.parse("POINT (200 95)"));
  }

  @Test
  void rejectsMissingClosingParen() {
    assertRejected("POINT (14.5 50.0", "not a WKT point");
  }

  @Test
  void rejectsMissingOpeningParen() {
    assertRejected("POINT 14.5 50.0)", "not a WKT point");
  }

  @Test
  void rejectsOtherGeometries() {
    assertRejected("LINESTRING (14.5 50.0, 14.6 50.1)", "not a WKT point");
    assertRejected("POINT Z (14.5 50.0 3)", "not a WKT point");
    assertRejected("POINT EMPTY", "not a WKT point");
    assertRejected("", "not a WKT point");
  }

  @Test
  void rejectsTrailingText() {
    assertRejected("POINT (14.5 50.0) x", "not a WKT point");
  }

  @Test
  void rejectsOneCoordinate() {
    assertRejected("POINT (14.5)", "two coordinates");
  }

  @Test
  void rejectsNonNumericCoordinates() {
    assertRejected("POINT (abc 50.0)", "not numbers");
    assertRejected("POINT (14.5 5O.0)", "not numbers");
    assertRejected("POINT (14.5, 50.0)", "not numbers");
    assertRejected("POINT (14.5 50.0 3.0)", "not numbers");
  }

  @Test
  void rejectsNanAndInfinity() {
    assertRejected("POINT (NaN 50.0)", "not finite");
    assertRejected("POINT (14.5 NaN)", "not finite");
    assertRejected("POINT (Infinity 50.0)", "not finite");
    assertRejected("POINT (14.5 -Infinity)", "not finite");
  }
}
