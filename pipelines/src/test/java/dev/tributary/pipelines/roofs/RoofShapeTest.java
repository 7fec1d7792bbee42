package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.pipelines.roofs.RoofModel.Plane;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Orientation, facing directions, shape class and material of a roof's planes. */
class RoofShapeTest {
  private static final double PITCHED = 25;
  private static final double FLAT = 2;

  private static Plane plane(double pitch, double azimuth, String material, double area) {
    List<Vec3> square =
        List.of(new Vec3(0, 0, 0), new Vec3(1, 0, 0), new Vec3(1, 1, 0), new Vec3(0, 1, 0));
    return new Plane(
        0,
        area,
        pitch,
        azimuth,
        false,
        new Vec3(0, 1, 0),
        new Vec3(0, 0, 1),
        null,
        material,
        square,
        0,
        4,
        RoofShape.orientation(pitch, azimuth),
        List.of());
  }

  private static Plane pitched(double azimuth) {
    return plane(PITCHED, azimuth, "CompShingle", 100);
  }

  private static List<Plane> facing(double... azimuths) {
    List<Plane> planes = new ArrayList<>();
    for (double azimuth : azimuths) {
      planes.add(pitched(azimuth));
    }
    return planes;
  }

  // ---- orientation ---------------------------------------------------------------------------

  @Test
  void aPlanePitchedUpTo10DegreesIsFlat() {
    assertEquals("flat", RoofShape.orientation(0, 90));
    assertEquals("flat", RoofShape.orientation(10, 90));
    assertEquals("E", RoofShape.orientation(10.001, 90));
  }

  @ParameterizedTest(name = "{0} degrees faces {1}")
  @CsvSource({
    "0, N", "22.499, N", "22.5, NE", "45, NE", "67.499, NE", "67.5, E", "90, E", "112.5, SE",
    "135, SE", "157.5, S", "180, S", "202.5, SW", "225, SW", "247.5, W", "270, W", "292.5, NW",
    "315, NW", "337.499, NW", "337.5, N", "359.999, N", "360, N"
  })
  void aPitchedPlaneFacesOneOfEightCompassPoints(double azimuth, String compass) {
    assertEquals(compass, RoofShape.orientation(PITCHED, azimuth));
  }

  @Test
  void azimuthsOutOfRangeGiveACompassPointWithoutThrowing() {
    assertEquals("N", RoofShape.orientation(PITCHED, -10)); // 350
    assertEquals("E", RoofShape.orientation(PITCHED, -100000)); // 80
    assertEquals("NE", RoofShape.orientation(PITCHED, 405)); // 45
    assertEquals("W", RoofShape.orientation(PITCHED, 100000)); // 280 = 100000 - 277 * 360
    assertDoesNotThrow(() -> RoofShape.orientation(PITCHED, Double.NaN));
    assertDoesNotThrow(() -> RoofShape.orientation(PITCHED, Double.NEGATIVE_INFINITY));
    assertDoesNotThrow(() -> RoofShape.orientation(PITCHED, -Double.MAX_VALUE));
  }

  // ---- facing directions ---------------------------------------------------------------------

  @Test
  void azimuthsWithin15DegreesAreOneDirection() {
    assertEquals(0, RoofShape.facingDirections(List.of()));
    assertEquals(1, RoofShape.facingDirections(facing(90)));
    assertEquals(1, RoofShape.facingDirections(facing(90, 105)));
    assertEquals(2, RoofShape.facingDirections(facing(90, 105.1)));
    assertEquals(1, RoofShape.facingDirections(facing(90, 100, 110, 120))); // chained
    assertEquals(2, RoofShape.facingDirections(facing(42, 42, 222))); // roof_3's
    assertEquals(3, RoofShape.facingDirections(facing(222, 42, 132, 222)));
  }

  @Test
  void directionsWrapAroundAtNorth() {
    assertEquals(1, RoofShape.facingDirections(facing(355, 5)));
    assertEquals(1, RoofShape.facingDirections(facing(350, 5)));
    assertEquals(2, RoofShape.facingDirections(facing(345, 5.1)));
    assertEquals(2, RoofShape.facingDirections(facing(355, 5, 180)));
    assertEquals(
        1,
        RoofShape.facingDirections(
            facing(
                0, 15, 30, 45, 60, 75, 90, 105, 120, 135, 150, 165, 180, 195, 210, 225, 240, 255,
                270, 285, 300, 315, 330, 345))); // one chain
  }

  @Test
  void flatPlanesFaceNoDirection() {
    List<Plane> planes = new ArrayList<>(facing(90));
    planes.add(plane(FLAT, 270, "CompShingle", 100));
    assertEquals(1, RoofShape.facingDirections(planes));
    assertEquals(0, RoofShape.facingDirections(List.of(plane(FLAT, 270, "CompShingle", 100))));
  }

  // ---- shape class ---------------------------------------------------------------------------

  @Test
  void noPlanesIsNone() {
    assertEquals("none", RoofShape.shapeClass(List.of()));
  }

  @Test
  void onlyFlatPlanesIsFlat() {
    assertEquals(
        "flat",
        RoofShape.shapeClass(
            List.of(plane(FLAT, 0, "Unknown", 10), plane(10, 180, "Unknown", 10))));
  }

  @Test
  void oneDirectionIsSinglePitch() {
    assertEquals("single-pitch", RoofShape.shapeClass(facing(180, 185)));
    List<Plane> withFlat = new ArrayList<>(facing(180));
    withFlat.add(plane(FLAT, 0, "CompShingle", 100));
    assertEquals("single-pitch", RoofShape.shapeClass(withFlat));
  }

  @Test
  void twoOppositeOrFourOnAGridIsGableHip() {
    assertEquals("gable-hip", RoofShape.shapeClass(facing(42, 222))); // gable
    assertEquals("gable-hip", RoofShape.shapeClass(facing(0, 90, 180, 270))); // hip
    assertEquals("gable-hip", RoofShape.shapeClass(facing(3, 88, 185, 268))); // within 15
    assertEquals("gable-hip", RoofShape.shapeClass(facing(42, 132, 222))); // roof_3's
  }

  @Test
  void fiveDirectionsIsComplex() {
    assertEquals("complex", RoofShape.shapeClass(facing(0, 72, 144, 216, 288)));
    // all five on one grid (each within 15 degrees of it): still more than a hip
    assertEquals("complex", RoofShape.shapeClass(facing(0, 76, 92, 180, 270)));
  }

  @Test
  void directionsOffARightAngledGridAreComplex() {
    assertEquals("complex", RoofShape.shapeClass(facing(0, 120, 240)));
    assertEquals("complex", RoofShape.shapeClass(facing(0, 45)));
    assertEquals("complex", RoofShape.shapeClass(facing(0, 90, 196)));
  }

  // ---- material ------------------------------------------------------------------------------

  @Test
  void materialIsTheOneCoveringTheMostArea() {
    List<Plane> planes =
        List.of(
            plane(PITCHED, 0, "CompShingle", 10),
            plane(PITCHED, 0, "CompShingle", 10),
            plane(PITCHED, 0, "CompShingle", 10),
            plane(PITCHED, 0, "FlatCementTile", 50));
    assertEquals("FlatCementTile", RoofShape.material(planes)); // 50 > 3 * 10
    assertEquals("Unknown", RoofShape.material(List.of()));
  }

  @Test
  void aTieGoesToTheAlphabeticallyFirstMaterial() {
    Plane tile = plane(PITCHED, 0, "FlatCementTile", 100);
    Plane shingle1 = plane(PITCHED, 0, "CompShingle", 60);
    Plane shingle2 = plane(PITCHED, 0, "CompShingle", 40);
    assertEquals("CompShingle", RoofShape.material(List.of(tile, shingle1, shingle2)));
    assertEquals("CompShingle", RoofShape.material(List.of(shingle1, shingle2, tile)));
    assertEquals(
        "Metal",
        RoofShape.material(
            List.of(plane(PITCHED, 0, "Unknown", 5), plane(PITCHED, 0, "Metal", 5))));
  }
}
