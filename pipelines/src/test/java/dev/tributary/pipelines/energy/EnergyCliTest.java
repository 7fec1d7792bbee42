package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** EnergyCli's CSV records and option values, without a database. */
class EnergyCliTest {
  @Test
  void csvQuotesOnlyWhatRfc4180Needs() {
    assertEquals("day,12.500,t\n", EnergyCli.csvLine(Arrays.asList("day", "12.500", "t")));
    // NULL is an empty field, as psql --csv prints it.
    assertEquals("a,,c\n", EnergyCli.csvLine(Arrays.asList("a", null, "c")));
    assertEquals(",\n", EnergyCli.csvLine(Arrays.asList(null, null)));
    assertEquals(
        "\"Biomass, solid\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n",
        EnergyCli.csvLine(Arrays.asList("Biomass, solid", "say \"hi\"", "two\nlines", "cr\r")));
    assertEquals(" spaced ,x\n", EnergyCli.csvLine(Arrays.asList(" spaced ", "x")));
  }

  @Test
  void optionValuesAreCheckedStrictly() {
    assertEquals(LocalDate.of(2025, 10, 26), EnergyCli.date("--from", "2025-10-26"));
    assertEquals(null, EnergyCli.date("--from", null));
    assertThrows(UsageException.class, () -> EnergyCli.date("--from", "2025-02-30"));
    assertThrows(UsageException.class, () -> EnergyCli.date("--to", "26.10.2025"));
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
