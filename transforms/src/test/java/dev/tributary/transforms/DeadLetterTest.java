package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeadLetterTest {
  @Test
  void keepsTheWholeSourceRecordWithLineStillUnresolved() {
    DeadLetter letter =
        DeadLetter.of(
            SourceRecord.of(Location.of("rides.csv", 120), "r1,x", "id,name"),
            "parse",
            "missing name");

    assertEquals(
        DeadLetter.of(Location.of("rides.csv", 120), 0, "parse", "missing name", "r1,x"), letter);
  }

  @Test
  void withLineResolvesOnlyTheLine() {
    DeadLetter letter = DeadLetter.of(Location.of("rides.csv", 120), 0, "clean", "bad", "r1,x");

    assertEquals(
        DeadLetter.of(Location.of("rides.csv", 120), 3, "clean", "bad", "r1,x"),
        letter.withLine(3));
  }
}
