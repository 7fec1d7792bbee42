package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.pipelines.roofs.RoofModel.Building;
import dev.tributary.pipelines.roofs.RoofModel.Obstruction;
import dev.tributary.pipelines.roofs.RoofModel.Plane;
import dev.tributary.pipelines.roofs.RoofModelReader.Rejection;
import dev.tributary.pipelines.roofs.RoofModelReader.Result;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test per cleaning rule of {@link RoofModelReader}. Each takes the real model roof_3.json (one
 * building, planes with ids 0 to 5 at positions 0 to 5, inch/degree/foot, no obstructions or
 * penetrations), changes one thing, and checks which part is rejected, where, why, and that the
 * rest is kept with its values.
 */
class RoofModelReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String ROOF_3 = "roof_3.json";
  private static final List<Long> ROOF_3_PLANE_IDS = List.of(0L, 1L, 2L, 3L, 4L, 5L);

  /** Values of roof_3.json, building 0. */
  private static final double PLANE_0_PITCH = 24.62356478459169;

  private static final double PLANE_3_PITCH = 14.036243466536934;
  private static final double TOTAL_ROOF_AREA = 1805.506632874361;

  /** 1 m = 1/0.0254 in; 1 m² = 1/0.09290304 ft². */
  private static final double INCHES_PER_METRE = 39.37007874015748;

  private static final double SQFT_PER_SQUARE_METRE = 10.763910416709722;

  // ---- helpers -------------------------------------------------------------------------------

  private static ObjectNode template(String name) throws IOException {
    try (InputStream in =
        RoofModelReaderTest.class.getResourceAsStream("/roofs/templates/" + name)) {
      assertNotNull(in, "test resource roofs/templates/" + name);
      return (ObjectNode) MAPPER.readTree(in);
    }
  }

  private static ObjectNode roof3() throws IOException {
    return template(ROOF_3);
  }

  private static ObjectNode site(ObjectNode doc) {
    return (ObjectNode) doc.get("siteModel");
  }

  private static ArrayNode buildings(ObjectNode doc) {
    return (ArrayNode) site(doc).get("buildings");
  }

  private static ObjectNode building(ObjectNode doc, int i) {
    return (ObjectNode) buildings(doc).get(i);
  }

  private static ObjectNode plane(ObjectNode doc, int i, int j) {
    return (ObjectNode) building(doc, i).get("mountingPlanes").get(j);
  }

  private static ArrayNode edges(ObjectNode plane) {
    return (ArrayNode) plane.get("polygon").get("exteriorRing").get("edges");
  }

  private static String planePath(int i, int j) {
    return "$.siteModel.buildings[" + i + "].mountingPlanes[" + j + "]";
  }

  /** Appends a copy of building 0 whose plane ids are shifted by 100 (so none is a duplicate). */
  private static ObjectNode addCopyOfBuilding0(ObjectNode doc) {
    ObjectNode copy = building(doc, 0).deepCopy();
    for (JsonNode plane : copy.get("mountingPlanes")) {
      ((ObjectNode) plane).put("id", plane.get("id").asLong() + 100);
    }
    buildings(doc).add(copy);
    return copy;
  }

  /** Renames a field in place, keeping the order of the fields (as a typo in a feed would). */
  private static void rename(ObjectNode node, String from, String to) {
    ObjectNode renamed = MAPPER.createObjectNode();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      renamed.set(field.getKey().equals(from) ? to : field.getKey(), field.getValue());
    }
    node.removeAll();
    node.setAll(renamed);
  }

  private static Result read(JsonNode doc) {
    return RoofModelReader.read(ROOF_3, 0, doc);
  }

  private static List<Plane> keptPlanes(Result result) {
    assertNotNull(result.model(), "model rejected: " + result.reason());
    return result.model().buildings().stream().flatMap(b -> b.planes().stream()).toList();
  }

  private static List<Long> keptPlaneIds(Result result) {
    return keptPlanes(result).stream().map(Plane::id).toList();
  }

  private static Plane keptPlane(Result result, long id) {
    return keptPlanes(result).stream()
        .filter(p -> p.id() == id)
        .findFirst()
        .orElseThrow(() -> new AssertionError("plane " + id + " not kept"));
  }

  /** The model is kept, with exactly these rejections (path, reason) in order. */
  private static void assertRejected(Result result, String... pathsAndReasons) {
    assertNull(result.reason(), "model rejected");
    assertNotNull(result.model());
    List<String> expected = List.of(pathsAndReasons);
    List<String> actual =
        result.rejections().stream().flatMap(r -> Stream.of(r.path(), r.reason())).toList();
    assertEquals(expected, actual);
  }

  /** The whole model is rejected for {@code reason}, with no part rejected on the way. */
  private static void assertModelRejected(Result result, String reason) {
    assertNull(result.model());
    assertEquals(reason, result.reason());
    assertEquals(List.of(), result.rejections());
  }

  private static void assertRoof3Counts(Result result) {
    assertEquals(1, result.buildingsRead());
    assertEquals(6, result.planesRead());
  }

  private static void assertVec(Vec3 expected, Vec3 actual, double tolerance) {
    assertEquals(expected.x(), actual.x(), tolerance, "x of " + actual);
    assertEquals(expected.y(), actual.y(), tolerance, "y of " + actual);
    assertEquals(expected.z(), actual.z(), tolerance, "z of " + actual);
  }

  private static ObjectNode xyz(double x, double y, double z) {
    return MAPPER.createObjectNode().put("x", x).put("y", y).put("z", z);
  }

  // ---- 1. numbers as JSON strings ------------------------------------------------------------

  @Test
  void numbersAsJsonStringsGiveTheSameValuesAsNumbers() throws IOException {
    ObjectNode asNumbers = roof3();
    plane(asNumbers, 0, 0).put("id", 33).put("azimuthAngle", 357.0);
    ObjectNode asStrings = roof3();
    ObjectNode plane = plane(asStrings, 0, 0);
    plane.put("id", "33").put("azimuthAngle", "357.0");
    plane.put("pitchAngle", plane.get("pitchAngle").asText()); // "24.62356478459169"
    plane.put("area", " " + plane.get("area").asText() + " ");

    Result numbers = read(asNumbers);
    Result strings = read(asStrings);

    assertRejected(strings);
    assertEquals(keptPlane(numbers, 33), keptPlane(strings, 33));
    Plane p = keptPlane(strings, 33);
    assertEquals(PLANE_0_PITCH, p.pitchDeg());
    assertEquals(357.0, p.azimuthDeg());
    assertEquals(693.0479152113431, p.areaSqft());
    assertEquals("N", p.orientation());
    assertFalse(p.anglesDerived());
    assertEquals(numbers.model(), strings.model());
  }

  @Test
  void aStringThatIsNotANumberRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1).put("pitchAngle", "steep");

    Result result = read(doc);

    assertRejected(result, planePath(0, 1), "pitchAngle is not a finite number: \"steep\"");
    assertEquals(List.of(0L, 2L, 3L, 4L, 5L), keptPlaneIds(result));
  }

  /** "Infinity" parses as a double but is no measure; "NaN" is how pandas writes "missing". */
  @Test
  void anInfiniteNumberRejectsThePlaneAndNaNIsMissing() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1).put("area", "Infinity");
    plane(doc, 0, 2).put("pitchAngle", "NaN");

    Result result = read(doc);

    assertRejected(result, planePath(0, 1), "area is not a finite number: \"Infinity\"");
    assertTrue(keptPlane(result, 2).anglesDerived());
  }

  @Test
  void anOutlineWhoseVerticesCoincideRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    for (JsonNode edge : edges(plane(doc, 0, 3))) {
      ((ObjectNode) edge).set("startPoint", xyz(1, 2, 3));
      ((ObjectNode) edge).set("endPoint", xyz(1, 2, 3));
    }

    assertRejected(read(doc), planePath(0, 3), "the outline has no extent: its vertices coincide");
  }

  @Test
  void aRejectedPlaneTakesItsPenetrationsRejectionsAlong() throws IOException {
    ObjectNode doc = roof3();
    ObjectNode plane = plane(doc, 0, 1);
    plane.put("area", -1);
    plane.set("penetrations", MAPPER.createArrayNode().add(MAPPER.createObjectNode().put("id", 1)));

    assertRejected(read(doc), planePath(0, 1), "area must be positive, was -1.0");
  }

  @Test
  void aBadSourceIdRejectsTheModelBeforeAnyPart() throws IOException {
    ObjectNode doc = roof3();
    doc.put("externalSiteModelSourceId", "abc");
    plane(doc, 0, 1).put("area", -1);

    assertModelRejected(read(doc), "externalSiteModelSourceId is not a finite number: \"abc\"");
  }

  // ---- 2. "None", "none" and null for missing values -----------------------------------------

  @Test
  void noneAndNullMeanMissing() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 0).put("roofMaterialType", "None").put("penetrations", "None");
    plane(doc, 0, 1).put("roofMaterialType", "none").put("penetrations", "none");
    plane(doc, 0, 2).putNull("roofMaterialType").put("centroid", "None");
    ((ObjectNode) plane(doc, 0, 3).get("polygon")).put("interiorRings", "None");
    site(doc).put("obstructions", "None");

    Result result = read(doc);

    assertRejected(result);
    assertEquals(ROOF_3_PLANE_IDS, keptPlaneIds(result));
    assertEquals("Unknown", keptPlane(result, 0).material());
    assertEquals("Unknown", keptPlane(result, 1).material());
    assertEquals("Unknown", keptPlane(result, 2).material());
    assertEquals("CompShingle", keptPlane(result, 3).material());
    assertEquals(List.of(), keptPlane(result, 0).penetrations());
    assertEquals(List.of(), keptPlane(result, 1).penetrations());
    assertNull(keptPlane(result, 2).centroid());
    assertEquals(0, keptPlane(result, 3).holes());
    assertEquals(List.of(), result.model().obstructions());
    // planes 0, 1, 2 (1488 sq ft) now outweigh the CompShingle ones (317 sq ft)
    assertEquals("Unknown", result.model().material());
  }

  @Test
  void materialNamesInAnotherSpellingAreMappedOntoTheKnownOnes() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 0).put("roofMaterialType", "comp_shingle");
    plane(doc, 0, 1).put("roofMaterialType", "Flat Cement Tile");
    plane(doc, 0, 2).put("roofMaterialType", "Metal");

    Result result = read(doc);

    assertRejected(result);
    assertEquals("CompShingle", keptPlane(result, 0).material());
    assertEquals("FlatCementTile", keptPlane(result, 1).material());
    assertEquals("Metal", keptPlane(result, 2).material());
  }

  // ---- 3. angles out of range ----------------------------------------------------------------

  @Test
  void pitchOutsideZeroToNinetyRejectsOnlyThatPlane() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 2).put("pitchAngle", 100000); // as roof_2.json, buildings[1].mountingPlanes[0]
    plane(doc, 0, 4).put("pitchAngle", -1.5);

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 2),
        "pitchAngle out of range [0.0, 90.0]: 100000.0",
        planePath(0, 4),
        "pitchAngle out of range [0.0, 90.0]: -1.5");
    assertEquals(plane(doc, 0, 2), MAPPER.readTree(result.rejections().get(0).raw()));
    assertRoof3Counts(result);
    assertEquals(List.of(0L, 1L, 3L, 5L), keptPlaneIds(result));
    assertEquals(PLANE_3_PITCH, keptPlane(result, 3).pitchDeg());
    assertEquals(222.0, keptPlane(result, 3).azimuthDeg());
    assertEquals(1, result.model().buildings().size());
    assertEquals(TOTAL_ROOF_AREA, result.model().buildings().get(0).deliveredTotalAreaSqft());
  }

  @Test
  void azimuthOutsideZeroTo360RejectsOnlyThatPlane() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1).put("azimuthAngle", -100000); // as roof_2.json
    plane(doc, 0, 5).put("azimuthAngle", 360.5);

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 1),
        "azimuthAngle out of range [0.0, 360.0]: -100000.0",
        planePath(0, 5),
        "azimuthAngle out of range [0.0, 360.0]: 360.5");
    assertRoof3Counts(result);
    assertEquals(List.of(0L, 2L, 3L, 4L), keptPlaneIds(result));
  }

  @Test
  void azimuthOf360IsKeptAsNorth() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 0).put("azimuthAngle", 360.0); // as roof_7.json, buildings[0].mountingPlanes[0]

    Result result = read(doc);

    assertRejected(result);
    Plane p = keptPlane(result, 0);
    assertEquals(0.0, p.azimuthDeg());
    assertEquals("N", p.orientation());
    assertFalse(p.anglesDerived());
    assertEquals(PLANE_0_PITCH, p.pitchDeg());
  }

  // ---- 4. missing angles derived from the vectors ---------------------------------------------

  @Test
  void missingAnglesAreDerivedFromTheNormalAndAzimuthVector() throws IOException {
    ObjectNode doc = roof3();
    // north (0.7408045962867498, 0.6717205893229905): atan2(x, y) = 47.8 degrees
    // plane 0: normal (-0.4166547104687855, 2.03e-12, 0.9090648229054804), |n| = 1 (to 1e-16)
    //   pitch = acos(0.9090648229054804) = 24.623564784623966
    //   azimuth vector (-1, 4.88e-12): atan2 = 270.00000000028 - 47.8 = 222.20000000027954
    plane(doc, 0, 0).remove(List.of("pitchAngle", "azimuthAngle"));
    // plane 1: azimuth vector (1, 0): 90 - 47.8 = 42.2; its pitch is kept as given
    plane(doc, 0, 1).remove("azimuthAngle");
    // plane 5 without an azimuth vector faces its normal's (0, -0.4166...): 180 - 47.8 = 132.2
    plane(doc, 0, 5).remove(List.of("azimuthAngle", "azimuthVector"));

    Result result = read(doc);

    assertRejected(result);
    Plane p0 = keptPlane(result, 0);
    assertEquals(24.623564784623966, p0.pitchDeg(), 1e-9);
    assertEquals(222.20000000027954, p0.azimuthDeg(), 1e-9);
    assertTrue(p0.anglesDerived());
    assertEquals("SW", p0.orientation());
    Plane p1 = keptPlane(result, 1);
    assertEquals(24.62356478590739, p1.pitchDeg()); // given
    assertEquals(42.2, p1.azimuthDeg(), 1e-9);
    assertTrue(p1.anglesDerived());
    Plane p5 = keptPlane(result, 5);
    assertEquals(132.2, p5.azimuthDeg(), 1e-9);
    assertTrue(p5.anglesDerived());
    assertVec(new Vec3(0, -0.4166547103656406, 0), p5.azimuthVector(), 0);
    assertFalse(keptPlane(result, 2).anglesDerived());
    assertEquals(42.0, keptPlane(result, 2).azimuthDeg());
  }

  @Test
  void withoutANorthVectorTheAzimuthIsFromTheModelsY() throws IOException {
    ObjectNode doc = roof3();
    site(doc).remove("northVector");
    plane(doc, 0, 0).remove("azimuthAngle"); // azimuth vector (-1, 4.88e-12): 270 degrees
    plane(doc, 0, 1).remove("azimuthAngle"); // azimuth vector (1, 0): 90 degrees

    Result result = read(doc);

    assertRejected(result);
    assertNull(result.model().northVector());
    assertEquals(270.0, keptPlane(result, 0).azimuthDeg(), 1e-9);
    assertEquals(90.0, keptPlane(result, 1).azimuthDeg(), 1e-9);
  }

  @Test
  void missingAzimuthOnAPlaneFacingNoDirectionRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    ObjectNode flat = plane(doc, 0, 3);
    flat.remove(List.of("azimuthAngle", "azimuthVector"));
    flat.put("pitchAngle", 0.0);
    ((ObjectNode) flat.get("coordinateSystem")).set("zAxis", xyz(0, 0, 1));

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 3),
        "azimuthAngle missing and the plane faces no direction to derive it");
    assertEquals(List.of(0L, 1L, 2L, 4L, 5L), keptPlaneIds(result));
  }

  @Test
  void missingNormalRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    ((ObjectNode) plane(doc, 0, 4).get("coordinateSystem")).remove("zAxis");

    Result result = read(doc);

    assertRejected(result, planePath(0, 4), "coordinateSystem.zAxis (the plane's normal) missing");
    assertEquals(List.of(0L, 1L, 2L, 3L, 5L), keptPlaneIds(result));
  }

  // ---- 5. units ------------------------------------------------------------------------------

  @Test
  void unitNamesInAnotherCaseAreAccepted() throws IOException {
    ObjectNode doc = roof3();
    // as roof_10.json (schema v1)
    site(doc).set("units", MAPPER.createObjectNode().put("length", "Inch").put("angle", "Degree"));
    ((ObjectNode) site(doc).get("units")).put("area", " Foot ");

    Result result = read(doc);

    assertRejected(result);
    assertEquals(read(roof3()).model(), result.model());
  }

  @Test
  void radiansAreConvertedToDegrees() throws IOException {
    ObjectNode doc = roof3();
    ((ObjectNode) site(doc).get("units")).put("angle", "radian");
    for (JsonNode plane : building(doc, 0).get("mountingPlanes")) {
      ObjectNode p = (ObjectNode) plane;
      p.put("pitchAngle", Math.toRadians(p.get("pitchAngle").asDouble()));
      p.put("azimuthAngle", Math.toRadians(p.get("azimuthAngle").asDouble()));
    }

    Result result = read(doc);

    assertRejected(result);
    List<Plane> inDegrees = keptPlanes(read(roof3()));
    List<Plane> fromRadians = keptPlanes(result);
    assertEquals(6, fromRadians.size());
    for (int j = 0; j < 6; j++) {
      assertEquals(inDegrees.get(j).pitchDeg(), fromRadians.get(j).pitchDeg(), 1e-9);
      assertEquals(inDegrees.get(j).azimuthDeg(), fromRadians.get(j).azimuthDeg(), 1e-9);
      assertEquals(inDegrees.get(j).orientation(), fromRadians.get(j).orientation());
    }
    assertEquals(PLANE_3_PITCH, keptPlane(result, 3).pitchDeg(), 1e-9);
    assertEquals(222.0, keptPlane(result, 3).azimuthDeg(), 1e-9);
  }

  @Test
  void pitchInRadiansUnderADegreeUnitIsRejectedWithAHint() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 3).put("pitchAngle", 0.245); // 14.04 degrees read as radians
    plane(doc, 0, 4).put("pitchAngle", 40.0); // simply wrong: no hint

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 3),
        "pitchAngle 0.245 disagrees with the plane's normal, which gives 14.04 degrees"
            + " (radians under a degree unit?)",
        planePath(0, 4),
        "pitchAngle 40.0 disagrees with the plane's normal, which gives 24.62 degrees");
    assertEquals(List.of(0L, 1L, 2L, 5L), keptPlaneIds(result));
  }

  @Test
  void unknownUnitsRejectTheModel() throws IOException {
    ObjectNode length = roof3();
    ((ObjectNode) site(length).get("units")).put("length", "furlong");
    ObjectNode area = roof3();
    ((ObjectNode) site(area).get("units")).put("area", "acre");
    ObjectNode angle = roof3();
    ((ObjectNode) site(angle).get("units")).put("angle", "Gradian");
    ObjectNode blank = roof3();
    ((ObjectNode) site(blank).get("units")).put("angle", " ");

    assertModelRejected(
        read(length), "siteModel.units.length 'furlong' unknown: use inch, foot, meter, cm or mm");
    assertModelRejected(
        read(area), "siteModel.units.area 'acre' unknown: use inch, foot, meter, cm or mm");
    assertModelRejected(
        read(angle), "siteModel.units.angle 'gradian' unknown: use degree or radian");
    assertModelRejected(read(blank), "siteModel.units.angle missing");
    assertRoof3Counts(read(length));
  }

  @Test
  void metresConvertLengthsAndAreas() throws IOException {
    ObjectNode doc = roof3();
    ((ObjectNode) site(doc).get("units")).put("length", "meter").put("area", "square meter");

    Result result = read(doc);

    assertRejected(result);
    Plane p = keptPlane(result, 0);
    // first vertex (-158.334862374, 285.169770744, 0.0) m
    assertVec(
        new Vec3(-158.334862374 * INCHES_PER_METRE, 285.169770744 * INCHES_PER_METRE, 0),
        p.outline().get(0),
        1e-9);
    // centroid (-93.109431665, -112.620329437, 29.894989073) m
    assertVec(
        new Vec3(
            -93.109431665 * INCHES_PER_METRE,
            -112.620329437 * INCHES_PER_METRE,
            29.894989073 * INCHES_PER_METRE),
        p.centroid(),
        1e-9);
    assertEquals(693.0479152113431 * SQFT_PER_SQUARE_METRE, p.areaSqft(), 1e-9);
    assertEquals(
        TOTAL_ROOF_AREA * SQFT_PER_SQUARE_METRE,
        result.model().buildings().get(0).deliveredTotalAreaSqft(),
        1e-9);
    assertEquals(
        keptPlane(read(roof3()), 0).perimeterIn() * INCHES_PER_METRE, p.perimeterIn(), 1e-9);
    assertEquals(PLANE_0_PITCH, p.pitchDeg()); // angles are not lengths
    assertEquals(222.0, p.azimuthDeg());
  }

  // ---- 6. areas ------------------------------------------------------------------------------

  @Test
  void negativeOrZeroPlaneAreaRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1).put("area", -751.8);
    plane(doc, 0, 2).put("area", 0);

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 1),
        "area must be positive, was -751.8",
        planePath(0, 2),
        "area must be positive, was 0.0");
    assertRoof3Counts(result);
    assertEquals(List.of(0L, 3L, 4L, 5L), keptPlaneIds(result));
  }

  @Test
  void negativeTotalRoofAreaRejectsTheBuilding() throws IOException {
    ObjectNode doc = roof3();
    addCopyOfBuilding0(doc).put("totalRoofArea", -1805.5);

    Result result = read(doc);

    assertRejected(
        result, "$.siteModel.buildings[1]", "totalRoofArea must be positive, was -1805.5");
    assertEquals(2, result.buildingsRead());
    assertEquals(12, result.planesRead());
    List<Building> kept = result.model().buildings();
    assertEquals(1, kept.size());
    assertEquals(0, kept.get(0).index());
    assertEquals(ROOF_3_PLANE_IDS, keptPlaneIds(result));
  }

  // ---- 7. duplicate ids ----------------------------------------------------------------------

  @Test
  void duplicatePlaneIdInABuildingRejectsTheLaterPlane() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 4).put("id", 1);

    Result result = read(doc);

    assertRejected(
        result,
        planePath(0, 4),
        "duplicate plane id 1, first at $.siteModel.buildings[0].mountingPlanes[1]");
    assertEquals(List.of(0L, 1L, 2L, 3L, 5L), keptPlaneIds(result));
    assertEquals(751.8461701951302, keptPlane(result, 1).areaSqft()); // the first one
  }

  @Test
  void duplicatePlaneIdAcrossBuildingsRejectsTheLaterPlane() throws IOException {
    ObjectNode doc = roof3();
    addCopyOfBuilding0(doc);
    plane(doc, 1, 0).put("id", 3);

    Result result = read(doc);

    assertRejected(
        result,
        planePath(1, 0),
        "duplicate plane id 3, first at $.siteModel.buildings[0].mountingPlanes[3]");
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L, 5L, 101L, 102L, 103L, 104L, 105L), keptPlaneIds(result));
    assertEquals(2, result.model().buildings().size());
  }

  @Test
  void aRejectedPlaneDoesNotClaimItsId() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1).put("pitchAngle", 100000);
    plane(doc, 0, 4).put("id", 1);

    Result result = read(doc);

    assertRejected(result, planePath(0, 1), "pitchAngle out of range [0.0, 90.0]: 100000.0");
    assertEquals(76.44396855961602, keptPlane(result, 1).areaSqft()); // plane 4's
  }

  /** An obstruction outlined by plane {@code j}'s exterior ring (real geometry). */
  private static ObjectNode obstruction(ObjectNode doc, long id, int j) {
    ObjectNode plane = plane(doc, 0, j);
    ObjectNode obstruction = MAPPER.createObjectNode().put("id", id).put("shapeType", "Ring");
    obstruction.put("featureName", "Rectangle");
    obstruction.set("ring", plane.get("polygon").get("exteriorRing").deepCopy());
    obstruction.set("center", plane.get("centroid").deepCopy());
    return obstruction.put("radius", 2.0);
  }

  @Test
  void duplicateObstructionIdRejectsTheLaterObstruction() throws IOException {
    ObjectNode doc = roof3();
    site(doc)
        .putArray("obstructions")
        .add(obstruction(doc, 0, 1))
        .add(obstruction(doc, 1, 2))
        .add(obstruction(doc, 0, 3));

    Result result = read(doc);

    assertRejected(result, "$.siteModel.obstructions[2]", "duplicate obstruction id 0");
    List<Obstruction> kept = result.model().obstructions();
    assertEquals(List.of(0L, 1L), kept.stream().map(Obstruction::id).toList());
    assertEquals(keptPlane(result, 1).outline(), kept.get(0).outline());
    assertEquals(2.0, kept.get(0).radiusIn());
    assertEquals("Ring", kept.get(0).shapeType());
    assertEquals(ROOF_3_PLANE_IDS, keptPlaneIds(result));
  }

  @Test
  void negativeObstructionRadiusRejectsTheObstruction() throws IOException {
    ObjectNode doc = roof3();
    site(doc)
        .putArray("obstructions")
        .add(obstruction(doc, 0, 1).put("radius", -2.0))
        .add(obstruction(doc, 1, 2).put("radius", 0.0)); // as roof_2.json's rings

    Result result = read(doc);

    assertRejected(result, "$.siteModel.obstructions[0]", "radius must not be negative, was -2.0");
    assertEquals(List.of(1L), result.model().obstructions().stream().map(Obstruction::id).toList());
  }

  /** A penetration outlined by plane 3's exterior ring (real geometry). */
  private static ObjectNode penetration(ObjectNode doc, long id) {
    ObjectNode penetration = MAPPER.createObjectNode().put("id", id).put("obstructionId", id);
    penetration.set("ring", plane(doc, 0, 3).get("polygon").get("exteriorRing").deepCopy());
    return penetration;
  }

  @Test
  void duplicatePenetrationIdInAPlaneRejectsTheLaterPenetration() throws IOException {
    ObjectNode doc = roof3();
    plane(doc, 0, 1)
        .putArray("penetrations")
        .add(penetration(doc, 7))
        .add(penetration(doc, 8))
        .add(penetration(doc, 7));
    plane(doc, 0, 2).putArray("penetrations").add(penetration(doc, 7)); // keyed per plane

    Result result = read(doc);

    assertRejected(result, planePath(0, 1) + ".penetrations[2]", "duplicate penetration id 7");
    assertEquals(ROOF_3_PLANE_IDS, keptPlaneIds(result));
    assertEquals(
        List.of(7L, 8L),
        keptPlane(result, 1).penetrations().stream().map(RoofModel.Penetration::id).toList());
    assertEquals(7L, keptPlane(result, 1).penetrations().get(0).obstructionId());
    assertEquals(
        keptPlane(result, 3).outline(), keptPlane(result, 1).penetrations().get(0).outline());
    assertEquals(1, keptPlane(result, 2).penetrations().size());
  }

  // ---- 8. misspelt or missing sections --------------------------------------------------------

  @Test
  void misspeltSiteModelRejectsTheModelListingTheKeysFound() throws IOException {
    ObjectNode doc = roof3();
    rename(doc, "siteModel", "site_model");

    Result result = read(doc);

    assertModelRejected(
        result,
        "no siteModel object in the model (keys: id, installationId, site_model, dateCreated,"
            + " version, externalSiteModelSourceId)");
    assertEquals(0, result.buildingsRead()); // nothing to count without the section
    assertEquals(0, result.planesRead());
  }

  /** Stored, an empty model would hide the installation's previous roof as its current one. */
  @Test
  void aModelWhoseEveryBuildingIsRejectedIsRejected() throws IOException {
    ObjectNode doc = roof3();
    rename(building(doc, 0), "mountingPlanes", "mountingPlane");

    Result result = read(doc);

    assertNull(result.model());
    assertEquals("every building was rejected: no roof is left to store", result.reason());
    assertEquals(
        List.of("$.siteModel.buildings[0]"),
        result.rejections().stream().map(Rejection::path).toList());
  }

  @Test
  void buildingWithoutMountingPlanesRejectsOnlyThatBuilding() throws IOException {
    ObjectNode doc = roof3();
    rename(addCopyOfBuilding0(doc), "mountingPlanes", "mountingPlane");

    Result result = read(doc);

    assertRejected(
        result,
        "$.siteModel.buildings[1]",
        "no mountingPlanes array in the building (keys: mountingPlane, isPrimaryBuilding,"
            + " totalRoofArea, polygon)");
    assertEquals(2, result.buildingsRead());
    assertEquals(6, result.planesRead()); // the misspelt array's planes are not found
    assertEquals(ROOF_3_PLANE_IDS, keptPlaneIds(result));
  }

  @Test
  void missingUnitsRejectTheModel() throws IOException {
    ObjectNode doc = roof3();
    site(doc).remove("units");

    Result result = read(doc);

    assertModelRejected(result, "siteModel.units missing: lengths, areas and angles need units");
    assertRoof3Counts(result);
  }

  @Test
  void emptyBuildingsRejectTheModel() throws IOException {
    ObjectNode doc = roof3();
    buildings(doc).removeAll();
    ObjectNode missing = roof3();
    site(missing).remove("buildings");

    Result result = read(doc);

    assertModelRejected(result, "siteModel.buildings is empty");
    assertEquals(0, result.buildingsRead());
    assertModelRejected(
        read(missing),
        "no buildings array in siteModel (keys: units, northVector, headingVector, version,"
            + " obstructions)");
  }

  // ---- 9. identity ---------------------------------------------------------------------------

  @Test
  void missingInstallationIdRejectsTheModel() throws IOException {
    ObjectNode absent = roof3();
    absent.remove("installationId");
    ObjectNode none = roof3();
    none.put("installationId", "None");

    assertModelRejected(read(absent), "installationId missing");
    assertModelRejected(read(none), "installationId missing");
    assertRoof3Counts(read(absent));
  }

  @Test
  void missingOrInvalidDateCreatedRejectsTheModel() throws IOException {
    ObjectNode absent = roof3();
    absent.remove("dateCreated");
    ObjectNode invalid = roof3();
    invalid.put("dateCreated", "yesterday");
    ObjectNode noOffset = roof3();
    noOffset.put("dateCreated", "2021-11-04T20:43:37");

    assertModelRejected(read(absent), "dateCreated missing");
    assertModelRejected(
        read(invalid), "dateCreated is not an ISO-8601 time with offset: yesterday");
    assertModelRejected(
        read(noOffset), "dateCreated is not an ISO-8601 time with offset: 2021-11-04T20:43:37");
  }

  @Test
  void dateCreatedWithAnOffsetIsNormalisedToUtc() throws IOException {
    ObjectNode doc = roof3();
    doc.put("dateCreated", "2021-11-04T22:43:37+02:00");

    Result result = read(doc);

    assertRejected(result);
    assertEquals("2021-11-04T20:43:37Z", result.model().dateCreated());
    assertEquals(
        Instant.parse("2021-11-04T20:43:37Z").toEpochMilli(), result.model().validFromMillis());
    assertEquals(read(roof3()).model(), result.model());
  }

  @Test
  void unknownOrMissingSchemaVersionRejectsTheModel() throws IOException {
    ObjectNode v9 = roof3();
    v9.put("version", "v9");
    ObjectNode none = roof3();
    none.remove("version");
    site(none).remove("version");

    assertModelRejected(read(v9), "schema version v9 unknown: v1, v2 or v3");
    assertModelRejected(read(none), "version missing (v1, v2 or v3)");
  }

  @Test
  void schemaVersionsAreReadInAnyCaseWithOrWithoutV() throws IOException {
    for (var version : Map.of("v1", 1, "V2", 2, "3", 3).entrySet()) {
      ObjectNode doc = roof3();
      doc.put("version", version.getKey());
      Result result = read(doc);
      assertRejected(result);
      assertEquals(version.getValue(), result.model().schemaVersion(), version.getKey());
    }
    ObjectNode onlyInSiteModel = roof3();
    onlyInSiteModel.remove("version");
    site(onlyInSiteModel).put("version", "v2");
    assertEquals(2, read(onlyInSiteModel).model().schemaVersion());
  }

  // ---- 10. rings -----------------------------------------------------------------------------

  @Test
  void ringWithFewerThanThreeEdgesRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    ArrayNode edges = edges(plane(doc, 0, 1));
    edges.remove(3);
    edges.remove(2);

    Result result = read(doc);

    assertRejected(result, planePath(0, 1), "a ring needs at least 3 edges, has 2");
    assertRoof3Counts(result);
    assertEquals(List.of(0L, 2L, 3L, 4L, 5L), keptPlaneIds(result));
  }

  @Test
  void edgeNotStartingWhereThePreviousEndedRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    ObjectNode start = (ObjectNode) edges(plane(doc, 0, 2)).get(2).get("startPoint");
    start.put("x", start.get("x").asDouble() + 1);

    Result result = read(doc);

    assertRejected(result, planePath(0, 2), "edge 2 does not start where edge 1 ends");
    assertEquals(List.of(0L, 1L, 3L, 4L, 5L), keptPlaneIds(result));
  }

  @Test
  void unclosedRingRejectsThePlane() throws IOException {
    ObjectNode doc = roof3();
    ArrayNode edges = edges(plane(doc, 0, 3));
    ObjectNode end = (ObjectNode) edges.get(edges.size() - 1).get("endPoint");
    end.put("y", end.get("y").asDouble() + 1);

    Result result = read(doc);

    assertRejected(
        result, planePath(0, 3), "the ring is not closed: the last edge does not end at the first");
    assertEquals(List.of(0L, 1L, 2L, 4L, 5L), keptPlaneIds(result));
  }

  // ---- 11. not an object ---------------------------------------------------------------------

  @Test
  void aDocumentThatIsNotAnObjectRejectsTheModel() throws IOException {
    ArrayNode array = MAPPER.createArrayNode().add(roof3());

    assertModelRejected(read(array), "a roof model must be a JSON object, found ARRAY");
    assertModelRejected(
        read(IntNode.valueOf(3)), "a roof model must be a JSON object, found NUMBER");
    assertModelRejected(
        read(TextNode.valueOf("roof")), "a roof model must be a JSON object, found STRING");
    assertModelRejected(
        read(NullNode.getInstance()), "a roof model must be a JSON object, found NULL");
    assertEquals(0, read(array).buildingsRead());
  }

  // ---- 12. the real files --------------------------------------------------------------------

  @Test
  void realFilesReadWithoutRejections() throws IOException, URISyntaxException {
    Path dir = Path.of(RoofModelReaderTest.class.getResource("/roofs/templates").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
    assertEquals(
        List.of("roof_3.json", "roof_5.json"),
        files.stream().map(f -> f.getFileName().toString()).toList());
    Map<String, int[]> expected =
        Map.of("roof_3.json", new int[] {1, 6}, "roof_5.json", new int[] {2, 8});
    for (Path file : files) {
      String name = file.getFileName().toString();
      JsonNode doc = MAPPER.readTree(file.toFile());
      int buildings = doc.get("siteModel").get("buildings").size();
      int planes = 0;
      for (JsonNode b : doc.get("siteModel").get("buildings"))
        planes += b.get("mountingPlanes").size();

      Result result = RoofModelReader.read(name, 0, doc);

      assertEquals(List.of(), result.rejections(), name);
      assertNull(result.reason(), name);
      assertEquals(expected.get(name)[0], buildings, name);
      assertEquals(expected.get(name)[1], planes, name);
      assertEquals(buildings, result.buildingsRead(), name);
      assertEquals(planes, result.planesRead(), name);
      assertEquals(buildings, result.model().buildings().size(), name);
      assertEquals(planes, keptPlanes(result).size(), name);
      assertEquals(doc.get("installationId").asLong(), result.model().installationId(), name);
      assertEquals(name, result.model().source());
    }
  }
}
