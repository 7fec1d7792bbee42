package dev.tributary.pipelines.car;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CarRulesTest {
  private static final List<String> GOOD =
      List.of("vhigh", "high", "5more", "more", "big", "high", "vgood");

  @Test
  void aRowOfAllowedValuesPasses() {
    assertTrue(CarRules.violations(GOOD).isEmpty());
  }

  @Test
  void eachAttributesBadValueIsNamed() {
    for (int i = 0; i < GOOD.size(); i++) {
      List<String> row = new ArrayList<>(GOOD);
      row.set(i, "v-high");
      List<String> reasons = CarRules.violations(row);
      assertEquals(1, reasons.size(), row.toString());
      assertTrue(
          reasons.get(0).startsWith(CarRules.COLUMNS.get(i) + " 'v-high' is not one of"),
          reasons.get(0));
    }
  }

  @Test
  void everyBadValueIsListed() {
    assertEquals(
        2, CarRules.violations(List.of("x", "high", "4", "4", "huge", "high", "acc")).size());
  }

  @Test
  void aShortRowIsOneReason() {
    assertEquals(
        List.of("expected 7 values (buying,maint,doors,persons,lug_boot,safety,class), got 6"),
        CarRules.violations(GOOD.subList(0, 6)));
  }
}
