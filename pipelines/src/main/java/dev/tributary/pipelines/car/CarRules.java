package dev.tributary.pipelines.car;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attribute values {@code car.names} (§7) allows, in car.data's column order (it has no
 * header); a row breaking them becomes a dead letter naming every bad value, not the first.
 * car.names spells three values with a hyphen ({@code v-high}, {@code 5-more}, {@code v-good}) that
 * every row of car.data writes without one: the rows' spelling is the one checked.
 */
final class CarRules {
  /** Column → allowed values, in the file's order; the last column is the acceptability class. */
  static final Map<String, List<String>> VALUES = values();

  static final List<String> COLUMNS = List.copyOf(VALUES.keySet());

  private CarRules() {}

  private static Map<String, List<String>> values() {
    Map<String, List<String>> values = new LinkedHashMap<>();
    values.put("buying", List.of("vhigh", "high", "med", "low"));
    values.put("maint", List.of("vhigh", "high", "med", "low"));
    values.put("doors", List.of("2", "3", "4", "5more"));
    values.put("persons", List.of("2", "4", "more"));
    values.put("lug_boot", List.of("small", "med", "big"));
    values.put("safety", List.of("low", "med", "high"));
    values.put("class", List.of("unacc", "acc", "good", "vgood"));
    return values;
  }

  /** Why {@code fields} is not a car row; empty when it is. */
  static List<String> violations(List<String> fields) {
    if (fields.size() != COLUMNS.size()) {
      return List.of(
          "expected "
              + COLUMNS.size()
              + " values ("
              + String.join(",", COLUMNS)
              + "), got "
              + fields.size());
    }
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      String column = COLUMNS.get(i);
      if (!VALUES.get(column).contains(fields.get(i))) {
        reasons.add(column + " '" + fields.get(i) + "' is not one of " + VALUES.get(column));
      }
    }
    return reasons;
  }
}
