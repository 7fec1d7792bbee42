package dev.tributary.transforms.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeoGridTest {
  private final GeoGrid grid = GeoGrid.degrees(0.01);

  private long cell(GeoGrid g, double lon, double lat) {
    return g.cellOf(GeoPoint.of(lon, lat));
  }

  @Test
  void pointsOfOneCellShareItsId() {
    assertEquals(cell(grid, 14.4973794438195, 50.00136875782316), cell(grid, 14.4905, 50.0099));
  }

  @Test
  void neighbouringCellsDiffer() {
    long here = cell(grid, 14.495, 50.005);

    assertNotEquals(here, cell(grid, 14.505, 50.005));
    assertNotEquals(here, cell(grid, 14.485, 50.005));
    assertNotEquals(here, cell(grid, 14.495, 50.015));
    assertNotEquals(here, cell(grid, 14.495, 49.995));
  }

  @Test
  void cellsAreCountedFromTheSouthWestCornerOfTheWorld() {
    assertEquals("0:0", grid.label(cell(grid, -179.995, -89.995)));
    assertEquals("19449:14000", grid.label(cell(grid, 14.4973794438195, 50.00136875782316)));
  }

  @Test
  void aCellsCentreIsTheMiddleOfItsSquareOrGeohash() {
    GeoPoint square = grid.centre(cell(grid, 14.4973794438195, 50.00136875782316));
    assertEquals(14.495, square.getLon(), 1e-9);
    assertEquals(50.005, square.getLat(), 1e-9);
    GeoPoint southWest = grid.centre(cell(grid, -0.0001, -0.0099));
    assertEquals(-0.005, southWest.getLon(), 1e-9);
    assertEquals(-0.005, southWest.getLat(), 1e-9);
    // u4pruydqqvj: 57.649111 N, 10.407440 E, within its cell's half-size (about 1e-6 degrees)
    GeoGrid geohash = GeoGrid.geohash(11);
    GeoPoint centre = geohash.centre(cell(geohash, 10.40744, 57.64911));
    assertEquals(10.40744, centre.getLon(), 1e-5);
    assertEquals(57.64911, centre.getLat(), 1e-5);
    GeoGrid coarse = GeoGrid.geohash(1);
    assertEquals(
        -157.5, coarse.centre(cell(coarse, -170, -80)).getLon(), 1e-9); // "0": 45 x 45 degrees
    assertEquals(-67.5, coarse.centre(cell(coarse, -170, -80)).getLat(), 1e-9);
  }

  @Test
  void negativeCoordinatesFallIntoTheirOwnCells() {
    long southWest = cell(grid, -0.005, -0.005);

    assertEquals("17999:8999", grid.label(southWest));
    assertEquals(southWest, cell(grid, -0.0001, -0.0099));
    assertNotEquals(southWest, cell(grid, 0.005, -0.005));
    assertNotEquals(southWest, cell(grid, -0.005, 0.005));
    assertNotEquals(cell(grid, -73.985, 40.745), cell(grid, 73.985, 40.745));
  }

  @Test
  void everyLongitudeEdgeWrittenInDecimalsStartsItsOwnCell() {
    for (int k = -18000; k < 18000; k++) {
      double lon = Double.parseDouble(BigDecimal.valueOf(k, 2).toPlainString());
      assertEquals((k + 18000) + ":9000", grid.label(cell(grid, lon, 0.005)), "lon " + lon);
    }
  }

  @Test
  void everyLatitudeEdgeWrittenInDecimalsStartsItsOwnCell() {
    for (int k = -9000; k < 9000; k++) {
      double lat = Double.parseDouble(BigDecimal.valueOf(k, 2).toPlainString());
      assertEquals("18000:" + (k + 9000), grid.label(cell(grid, 0.005, lat)), "lat " + lat);
    }
  }

  @Test
  void edgesOfAFinerGridStartTheirOwnCells() {
    GeoGrid fine = GeoGrid.degrees(0.001);

    assertNotEquals(cell(fine, 14.499, 50.0005), cell(fine, 14.5, 50.0005));
    assertNotEquals(cell(fine, -73.991, 40.7005), cell(fine, -73.99, 40.7005));
    assertEquals(cell(fine, -73.99, 40.7005), cell(fine, -73.9895, 40.7005));
  }

  @Test
  void geohashOfTheWellKnownExample() {
    GeoGrid geohash = GeoGrid.geohash(11);

    assertEquals("u4pruydqqvj", geohash.label(cell(geohash, 10.40744, 57.64911)));
  }

  @Test
  void geohashOfAPointInPrague() {
    GeoGrid geohash6 = GeoGrid.geohash(6);
    GeoGrid geohash12 = GeoGrid.geohash(12);

    assertEquals("u2fk3y", geohash6.label(cell(geohash6, 14.4973794438195, 50.00136875782316)));
    assertEquals(
        "u2fk3ykxj6tw", geohash12.label(cell(geohash12, 14.4973794438195, 50.00136875782316)));
  }

  @Test
  void geohashOfSouthernAndWesternHemispheres() {
    GeoGrid geohash7 = GeoGrid.geohash(7);

    assertEquals("r3gx2f7", geohash7.label(cell(geohash7, 151.2093, -33.8688)));
    assertTrue(geohash7.label(cell(geohash7, -74.0445, 40.6892)).startsWith("dr5r7p4"));
  }

  @Test
  void geohashCellsGroupNearPointsAndSplitFarOnes() {
    GeoGrid geohash6 = GeoGrid.geohash(6);
    long here = cell(geohash6, 14.4973794438195, 50.00136875782316);

    assertEquals(here, cell(geohash6, 14.4975, 50.0015));
    assertNotEquals(here, cell(geohash6, 14.52, 50.0015));
  }

  @Test
  void parsesDegreesAndGeohashSpecs() {
    assertEquals(GeoGrid.degrees(0.01), GeoGrid.parse("0.01"));
    assertEquals(GeoGrid.degrees(0.5), GeoGrid.parse(" 0.5 "));
    assertEquals(GeoGrid.geohash(6), GeoGrid.parse("geohash:6"));
    assertNotEquals(GeoGrid.degrees(0.01), GeoGrid.geohash(6));
  }

  @Test
  void toStringParsesBack() {
    assertEquals(GeoGrid.geohash(7), GeoGrid.parse(GeoGrid.geohash(7).toString()));
    assertEquals(GeoGrid.degrees(0.01), GeoGrid.parse(GeoGrid.degrees(0.01).toString()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "abc",
        "geohash:",
        "geohash:x",
        "geohash:0",
        "geohash:13",
        "0",
        "-0.01",
        "91",
        "NaN",
        "cell:6"
      })
  void rejectsBadSpecs(String spec) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GeoGrid.parse(spec));
    assertTrue(
        e.getMessage().contains("grid") || e.getMessage().contains("geohash"), e.getMessage());
  }

  @Test
  void badSpecMessageShowsTheAcceptedForms() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GeoGrid.parse("fine"));
    assertEquals(
        "grid must be a cell size in degrees (e.g. 0.01) or geohash:<precision> (e.g. geohash:6), was 'fine'",
        e.getMessage());
  }
}
