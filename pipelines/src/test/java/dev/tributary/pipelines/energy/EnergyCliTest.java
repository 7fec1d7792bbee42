package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import org.junit.jupiter.api.Test;

/** EnergyCli's option values, without a database. */
class EnergyCliTest {
  @Test
  void optionValuesAreCheckedStrictly() {
    assertEquals("Europe/Berlin", EnergyCli.zone("Europe/Berlin").getId());
    assertEquals("UTC", EnergyCli.zone("UTC").getId());
    assertThrows(UsageException.class, () -> EnergyCli.zone("Berlin"));
    // PostgreSQL reads offsets the POSIX way round: not taken.
    assertThrows(UsageException.class, () -> EnergyCli.zone("+02:00"));
    assertThrows(UsageException.class, () -> EnergyCli.zone("GMT+2"));
    assertEquals(0.5, EnergyCli.number("--threshold", "0.5"));
    assertEquals(0.0, EnergyCli.number("--min-expected-mw", "0"));
    assertThrows(UsageException.class, () -> EnergyCli.number("--threshold", "-0.1"));
    assertThrows(UsageException.class, () -> EnergyCli.number("--threshold", "NaN"));
    assertThrows(UsageException.class, () -> EnergyCli.number("--threshold", "half"));
  }
}
