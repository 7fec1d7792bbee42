package dev.tributary.io.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TallyTest {
  /** The tally keeps its last level at hand; counts must still land on the level they name. */
  @Test
  void countsLandOnTheirLevelWhateverWasCountedBefore() {
    Tally tally = new Tally();
    tally.add(Counting.Role.READ, "rows", 3);
    tally.add(Counting.Role.WRITTEN, "planes", 2);
    tally.add(Counting.Role.REJECTED, "rows", 1);
    tally.merged("planes", 1, 1);
    assertEquals(
        "{\"rows\":{\"read\":3,\"written\":0,\"inserted\":0,\"updated\":0,\"rejected\":1},"
            + "\"planes\":{\"read\":0,\"written\":2,\"inserted\":1,\"updated\":1,\"rejected\":0}}",
        tally.toJson());

    tally.clear();
    tally.add(Counting.Role.WRITTEN, "planes", 5);
    assertEquals(
        "{\"planes\":{\"read\":0,\"written\":5,\"inserted\":0,\"updated\":0,\"rejected\":0}}",
        tally.toJson());
  }
}
