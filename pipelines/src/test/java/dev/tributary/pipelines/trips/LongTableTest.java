package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LongTableTest {
  /** Counts keys that differ in one part only, past several doublings, as a HashMap would. */
  @Test
  void countsEveryKeyOnceThroughGrowth() {
    LongTable table = new LongTable(2);
    Map<List<Long>, Long> expected = new HashMap<>();
    for (int i = 0; i < 300_000; i++) {
      long k0 = i % 1000 - 500; // negative keys too
      long k1 = (i / 1000) % 7;
      long k2 = i % 3 == 0 ? Long.MIN_VALUE : i % 11;
      int slot = table.slot(k0, k1, k2);
      table.set(slot, 0, table.value(slot, 0) + 1);
      table.set(slot, 1, Math.max(table.value(slot, 1), i));
      expected.merge(List.of(k0, k1, k2), 1L, Long::sum);
    }

    Map<List<Long>, Long> counted = new HashMap<>();
    long total = 0;
    for (int s = 0; s < table.capacity(); s++) {
      if (table.used(s)) {
        counted.put(List.of(table.key(s, 0), table.key(s, 1), table.key(s, 2)), table.value(s, 0));
        total += table.value(s, 0);
      }
    }
    assertEquals(expected, counted);
    assertEquals(expected.size(), table.size());
    assertEquals(300_000, total);

    table.clear();
    assertEquals(0, table.size());
    assertEquals(0, table.value(table.slot(1, 2, 3), 0)); // a new key starts at 0
  }
}
