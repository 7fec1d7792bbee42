package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wait between attempts, from fixed inputs: no request, no sleep. */
class FetchBackoffTest {
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final Backoff backoff = new Backoff(500, 30_000);

  @Test
  void waitsDoubleFromTheInitialWithJitterOfHalfEitherSide() {
    long[] bases = {500, 1000, 2000, 4000, 8000, 16000};
    for (int attempt = 1; attempt <= bases.length; attempt++) {
      long base = bases[attempt - 1];
      Set<Long> drawn = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        long wait = backoff.millis(attempt, null, NOW);
        assertTrue(
            wait >= base / 2 && wait <= base * 3 / 2 + 1,
            "attempt " + attempt + ": " + wait + " ms, not within half of " + base);
        drawn.add(wait);
      }
      assertTrue(drawn.size() > 10, "attempt " + attempt + " is not jittered: " + drawn);
    }
  }

  @Test
  void waitsAreCappedAtTheMax() {
    for (int attempt = 7; attempt <= 40; attempt++) {
      long wait = backoff.millis(attempt, null, NOW);
      assertTrue(wait <= 30_000, "attempt " + attempt + ": " + wait);
    }
    assertEquals(30_000, backoff.millis(12, null, NOW), "2^11 × 500 ms less half is over the cap");
  }

  @Test
  void retryAfterInSecondsIsTheWaitUpToTheMax() {
    assertEquals(7_000, backoff.millis(1, "7", NOW));
    assertEquals(7_000, backoff.millis(4, " 7 ", NOW), "whatever the attempt");
    assertEquals(0, backoff.millis(1, "0", NOW));
    assertEquals(30_000, backoff.millis(1, "120", NOW), "capped");
    assertEquals(30_000, backoff.millis(1, "99999999999999999999999", NOW), "capped, not thrown");
  }

  @Test
  void retryAfterAsAnHttpDateIsTheTimeUntilItByTheGivenClock() {
    String in12s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atZone(ZoneOffset.UTC));
    assertEquals("Sat, 1 Mar 2025 12:00:12 GMT", in12s);
    assertEquals(12_000, backoff.millis(1, in12s, NOW));
    assertEquals(12_000, backoff.millis(1, "Sat, 01 Mar 2025 12:00:12 GMT", NOW), "IMF-fixdate");
    assertEquals(2_000, backoff.millis(1, in12s, NOW.plusSeconds(10)), "the clock moved on");
    assertEquals(0, backoff.millis(1, "Sat, 01 Mar 2025 11:59:00 GMT", NOW), "a date past");
    assertEquals(30_000, backoff.millis(1, "Sat, 01 Mar 2025 13:00:00 GMT", NOW), "capped");
    assertEquals(Optional.of(Duration.ofSeconds(12)), Backoff.retryAfter(in12s, NOW));
  }

  @Test
  void aRetryAfterThatIsNeitherFallsBackToTheExponentialWait() {
    assertEquals(Optional.empty(), Backoff.retryAfter("soon", NOW));
    assertEquals(Optional.empty(), Backoff.retryAfter("-5", NOW));
    assertEquals(Optional.empty(), Backoff.retryAfter("", NOW));
    for (String header : new String[] {"soon", "-5", "1.5", ""}) {
      long wait = backoff.millis(1, header, NOW);
      assertTrue(wait >= 250 && wait <= 751, header + ": " + wait);
    }
  }

  @Test
  void settingsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(100, 99));
    assertEquals(1, new Backoff(1, 1).millis(30, null, NOW));
  }
}
