package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DeadLetterTest {
  @Test
  void keepsTheWholeSourceLineWithLineStillUnresolved() {
    DeadLetter letter =
        DeadLetter.of(SourceLine.of("rides.csv", 120, "r1,x", "id,name"), "parse", "missing name");

    assertEquals(DeadLetter.of("rides.csv", 120, 0, "parse", "missing name", "r1,x"), letter);
  }

  @Test
  void withLineResolvesOnlyTheLine() {
    DeadLetter letter = DeadLetter.of("rides.csv", 120, 0, "clean", "bad", "r1,x");

    assertEquals(DeadLetter.of("rides.csv", 120, 3, "clean", "bad", "r1,x"), letter.withLine(3));
  }
}
