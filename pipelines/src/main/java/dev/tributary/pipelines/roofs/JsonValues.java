package dev.tributary.pipelines.roofs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.transforms.RecordException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads the loosely typed values of the geometry feeds: numbers that arrive as JSON strings ({@code
 * "18.39"} in roof_2.json), and missing values written as {@code null}, {@code "None"} or {@code
 * "none"} (roof_2.json, roof_10.json). Anything else that is not the expected type is a rejection
 * naming the field and the value.
 */
final class JsonValues {
  private static final Set<String> MISSING = Set.of("", "none", "null", "n/a", "nan");

  private JsonValues() {}

  /** True when {@code node} holds no value: absent, JSON null, or a "None"-like string. */
  static boolean missing(@Nullable JsonNode node) {
    return node == null
        || node.isNull()
        || node.isMissingNode()
        || (node.isTextual() && MISSING.contains(node.asText().trim().toLowerCase(Locale.ROOT)));
  }

  static @Nullable Double number(JsonNode parent, String field) throws RecordException {
    JsonNode node = parent.get(field);
    if (missing(node)) {
      return null;
    }
    double value = Double.NaN;
    if (node.isNumber()) {
      value = node.doubleValue();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException e) {
        // NaN: rejected below
      }
    }
    if (!Double.isFinite(value)) {
      throw new RecordException(field + " is not a finite number: " + node);
    }
    return value;
  }

  static double requiredNumber(JsonNode parent, String field) throws RecordException {
    Double value = number(parent, field);
    if (value == null) {
      throw new RecordException(field + " missing");
    }
    return value;
  }

  static @Nullable Long integer(JsonNode parent, String field) throws RecordException {
    Double value = number(parent, field);
    if (value == null) {
      return null;
    }
    if (value != Math.rint(value) || Math.abs(value) > (1L << 53)) {
      throw new RecordException(field + " is not a whole number: " + parent.get(field));
    }
    return value.longValue();
  }

  static long requiredInteger(JsonNode parent, String field) throws RecordException {
    Long value = integer(parent, field);
    if (value == null) {
      throw new RecordException(field + " missing");
    }
    return value;
  }

  static @Nullable String text(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    return missing(node) || node.isContainerNode() ? null : node.asText().trim();
  }

  static boolean bool(JsonNode parent, String field) throws RecordException {
    JsonNode node = parent.get(field);
    if (missing(node)) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    String text = node.asText().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new RecordException(field + " is not true or false: " + node);
  }

  /** An {x, y, z} object; null when missing. */
  static @Nullable Vec3 vector(JsonNode parent, String field) throws RecordException {
    JsonNode node = parent.get(field);
    if (missing(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw new RecordException(field + " is not an {x, y, z} object: " + node);
    }
    try {
      return new Vec3(
          requiredNumber(node, "x"), requiredNumber(node, "y"), requiredNumber(node, "z"));
    } catch (RecordException e) {
      throw new RecordException(field + "." + e.getMessage());
    }
  }

  /** The object at {@code field}, or a rejection listing the keys there are (catches typos). */
  static JsonNode object(JsonNode parent, String field, String where) throws RecordException {
    return section(parent, field, where, "object", JsonNode::isObject);
  }

  /** The array at {@code field}, or a rejection listing the keys there are (catches typos). */
  static JsonNode array(JsonNode parent, String field, String where) throws RecordException {
    return section(parent, field, where, "array", JsonNode::isArray);
  }

  private static JsonNode section(
      JsonNode parent, String field, String where, String kind, Predicate<JsonNode> isKind)
      throws RecordException {
    JsonNode node = parent.get(field);
    if (node == null || !isKind.test(node)) {
      throw new RecordException(
          "no " + field + " " + kind + " in " + where + " (" + describe(parent, node) + ")");
    }
    return node;
  }

  /** An array that may be absent or null ("no obstructions"). */
  static @Nullable JsonNode optionalArray(JsonNode parent, String field) throws RecordException {
    JsonNode node = parent.get(field);
    if (missing(node)) {
      return null;
    }
    if (!node.isArray()) {
      throw new RecordException(field + " is not an array: " + abbreviate(node));
    }
    return node;
  }

  private static String describe(JsonNode parent, @Nullable JsonNode found) {
    if (found != null) {
      return "found " + abbreviate(found);
    }
    StringJoiner keys = new StringJoiner(", ", "keys: ", "");
    for (Iterator<String> names = parent.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    return keys.toString();
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
