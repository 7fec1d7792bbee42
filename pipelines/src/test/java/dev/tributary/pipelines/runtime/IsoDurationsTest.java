package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

class IsoDurationsTest {
  @Test
  void timesAndPeriods() {
    assertEquals(Duration.standardMinutes(10), IsoDurations.positive("PT10M", "--interval"));
    assertEquals(Duration.standardDays(2), IsoDurations.positive("P2D", "--allowedLateness"));
    assertEquals(Duration.standardDays(30), IsoDurations.positive("P1M", "--every"));
  }

  @Test
  void aBadOrEmptyDurationIsOneLine() {
    assertEquals(
        "--interval must be an ISO-8601 duration such as PT10M or P1D, was '10 minutes'",
        assertThrows(UsageException.class, () -> IsoDurations.positive("10 minutes", "--interval"))
            .getMessage());
    assertEquals(
        "--interval must be positive, was 'PT0S'",
        assertThrows(UsageException.class, () -> IsoDurations.positive("PT0S", "--interval"))
            .getMessage());
  }
}
