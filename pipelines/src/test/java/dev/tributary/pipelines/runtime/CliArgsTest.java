package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The question CLIs' option values. */
class CliArgsTest {
  @Test
  void daysAreCheckedStrictly() {
    assertEquals(LocalDate.of(2025, 10, 26), CliArgs.date("--from", "2025-10-26"));
    assertEquals(null, CliArgs.date("--from", null));
    assertThrows(UsageException.class, () -> CliArgs.date("--from", "2025-02-30"));
    assertThrows(UsageException.class, () -> CliArgs.date("--to", "26.10.2025"));
  }
}
