package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.transforms.RecordException;
import java.util.Locale;
import java.util.Map;

/**
 * A model's {@code siteModel.units}, as factors into the stored units: inches, square feet,
 * degrees. Names are matched ignoring case and surrounding space ({@code "Inch"} in roof_10.json's
 * v1 schema); an area unit names its length ({@code "foot"} means square feet, as the delivered
 * plane areas equal their outlines' areas in square feet).
 */
record Units(double inchesPerLength, double sqftPerArea, boolean radians) {
  private static final Map<String, Double> INCHES =
      Map.ofEntries(
          Map.entry("inch", 1.0),
          Map.entry("inches", 1.0),
          Map.entry("in", 1.0),
          Map.entry("foot", 12.0),
          Map.entry("feet", 12.0),
          Map.entry("ft", 12.0),
          Map.entry("meter", 1 / 0.0254),
          Map.entry("metre", 1 / 0.0254),
          Map.entry("meters", 1 / 0.0254),
          Map.entry("m", 1 / 0.0254),
          Map.entry("centimeter", 1 / 2.54),
          Map.entry("cm", 1 / 2.54),
          Map.entry("millimeter", 1 / 25.4),
          Map.entry("mm", 1 / 25.4));

  static Units of(JsonNode units) throws RecordException {
    if (units == null || !units.isObject()) {
      throw new RecordException("siteModel.units missing: lengths, areas and angles need units");
    }
    double inches = lengthFactor(units, "length");
    double areaInches = lengthFactor(units, "area");
    String angle = name(units, "angle");
    boolean radians =
        switch (angle) {
          case "degree", "degrees", "deg" -> false;
          case "radian", "radians", "rad" -> true;
          default ->
              throw new RecordException(
                  "siteModel.units.angle '" + angle + "' unknown: use degree or radian");
        };
    return new Units(inches, areaInches * areaInches / 144, radians);
  }

  double length(double value) {
    return value * inchesPerLength;
  }

  double area(double value) {
    return value * sqftPerArea;
  }

  double degrees(double angle) {
    return radians ? Math.toDegrees(angle) : angle;
  }

  private static double lengthFactor(JsonNode units, String field) throws RecordException {
    String name = name(units, field);
    String unit = name.startsWith("square ") ? name.substring(7) : name;
    Double factor = INCHES.get(unit);
    if (factor == null) {
      throw new RecordException(
          "siteModel.units." + field + " '" + name + "' unknown: use inch, foot, meter, cm or mm");
    }
    return factor;
  }

  private static String name(JsonNode units, String field) throws RecordException {
    JsonNode value = units.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new RecordException("siteModel.units." + field + " missing");
    }
    return value.asText().trim().toLowerCase(Locale.ROOT);
  }
}
