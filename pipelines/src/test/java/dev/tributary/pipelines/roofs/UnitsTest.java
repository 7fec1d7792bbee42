package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.transforms.RecordException;
import org.junit.jupiter.api.Test;

/** {@code siteModel.units} as factors into inches, square feet and degrees. */
class UnitsTest {
  /** Inches, square feet, degrees: what the model stores, so no conversion at all. */
  private static final Units STORED = new Units(1, 1, false);

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static ObjectNode units(String length, String angle, String area) {
    return MAPPER.createObjectNode().put("length", length).put("angle", angle).put("area", area);
  }

  private static String rejection(ObjectNode units) {
    return assertThrows(RecordException.class, () -> Units.of(units)).getMessage();
  }

  @Test
  void inchDegreeFootAreTheStoredUnits() throws RecordException {
    Units units = Units.of(units("inch", "degree", "foot"));
    assertEquals(STORED, units);
    assertEquals(12.5, units.length(12.5));
    assertEquals(12.5, units.area(12.5));
    assertEquals(12.5, units.degrees(12.5));
  }

  @Test
  void namesAreMatchedIgnoringCaseAndSpace() throws RecordException {
    assertEquals(STORED, Units.of(units("Inch", "Degree", "Foot"))); // roof_10.json
    assertEquals(STORED, Units.of(units(" INCHES ", "deg", "square feet")));
  }

  @Test
  void radiansConvertToDegrees() throws RecordException {
    Units units = Units.of(units("inch", "Radian", "foot"));
    assertTrue(units.radians());
    assertEquals(180.0, units.degrees(Math.PI), 1e-12);
    assertEquals(360.0, units.degrees(2 * Math.PI)); // exactly: a full circle is kept as north
    assertFalse(Units.of(units("inch", "degrees", "foot")).radians());
  }

  @Test
  void metresConvertToInchesAndSquareFeet() throws RecordException {
    Units metres = Units.of(units("meter", "degree", "square meter"));
    assertEquals(39.37007874015748, metres.length(1), 1e-12); // 1 / 0.0254
    assertEquals(10.763910416709722, metres.area(1), 1e-12); // 1 / 0.09290304
    assertEquals(metres, Units.of(units("m", "degree", "metre")));
  }

  @Test
  void otherLengthsConvertToo() throws RecordException {
    assertEquals(12, Units.of(units("ft", "degree", "foot")).length(1));
    assertEquals(1 / 2.54, Units.of(units("cm", "degree", "foot")).length(1), 1e-15);
    assertEquals(1 / 25.4, Units.of(units("mm", "degree", "foot")).length(1), 1e-15);
    assertEquals(1 / 144.0, Units.of(units("inch", "degree", "inch")).area(1), 1e-15);
  }

  @Test
  void unknownUnitsAreRejected() {
    assertEquals(
        "siteModel.units.length 'furlong' unknown: use inch, foot, meter, cm or mm",
        rejection(units("Furlong", "degree", "foot")));
    assertEquals(
        "siteModel.units.area 'acre' unknown: use inch, foot, meter, cm or mm",
        rejection(units("inch", "degree", "acre")));
    assertEquals(
        "siteModel.units.angle 'gradian' unknown: use degree or radian",
        rejection(units("inch", "gradian", "foot")));
  }

  @Test
  void missingUnitsAreRejected() {
    assertEquals(
        "siteModel.units missing: lengths, areas and angles need units",
        assertThrows(RecordException.class, () -> Units.of(null)).getMessage());
    assertEquals(
        "siteModel.units missing: lengths, areas and angles need units",
        assertThrows(RecordException.class, () -> Units.of(TextNode.valueOf("None"))).getMessage());
    ObjectNode noAngle = units("inch", "degree", "foot");
    noAngle.remove("angle");
    assertEquals("siteModel.units.angle missing", rejection(noAngle));
    assertEquals("siteModel.units.length missing", rejection(units(" ", "degree", "foot")));
    ObjectNode numericArea = units("inch", "degree", "foot").put("area", 1);
    assertEquals("siteModel.units.area missing", rejection(numericArea));
  }
}
