package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RecordIdsTest {
  private static final String FILE = "file:///data/trips.csv";

  /** Ids are stored in run ledgers: they must not change between versions or with call order. */
  @Test
  void idsStayTheSameWhateverWasHashedBefore() {
    for (int round = 0; round < 2; round++) {
      assertEquals(2059404839145625507L, RecordIds.of(FILE, 0));
      assertEquals(-4820207532567225066L, RecordIds.of("kafka://trips/0", 1234));
      assertEquals(9131841566667198848L, RecordIds.of(new String(FILE), 1234));
      assertEquals(6698679324728925699L, RecordIds.of("", -1));
    }
  }
}
