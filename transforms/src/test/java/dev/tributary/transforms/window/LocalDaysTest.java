package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Collection;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The elements here are their own UTC offsets, in seconds. */
class LocalDaysTest {
  private static final int HOUR = 3600;
  private static final LocalDays<Integer> DAYS = new LocalDays<>(offset -> offset);

  private static IntervalWindow assign(String utc, Integer offsetSeconds) {
    Instant timestamp = Instant.parse(utc);
    Collection<IntervalWindow> windows =
        DAYS.assignWindows(
            DAYS.new AssignContext() {
              @Override
              public Integer element() {
                return offsetSeconds;
              }

              @Override
              public Instant timestamp() {
                return timestamp;
              }

              @Override
              public BoundedWindow window() {
                throw new UnsupportedOperationException();
              }
            });
    assertEquals(1, windows.size());
    IntervalWindow window = windows.iterator().next();
    assertTrue(window.start().isBefore(timestamp.plus(1)) && window.end().isAfter(timestamp));
    return window;
  }

  private static LocalDate day(String utc, Integer offsetSeconds) {
    return LocalDays.dayOf(assign(utc, offsetSeconds).start());
  }

  /** 01:00 and 23:30 local at +02:00 are 23:00Z the day before and 21:30Z the same day. */
  @Test
  void aLocalDayCrossesUtcMidnight() {
    IntervalWindow window = assign("2025-06-13T23:00:00Z", 2 * HOUR);

    assertEquals(window, assign("2025-06-14T21:30:00Z", 2 * HOUR));
    assertEquals(LocalDate.parse("2025-06-14"), LocalDays.dayOf(window.start()));
    assertEquals(Instant.parse("2025-06-13T10:00:00Z"), window.start());
    assertEquals(Instant.parse("2025-06-15T12:00:00Z"), window.end());
  }

  /** Europe/Berlin on 2025-10-26: 01:30 local at +02:00, then 03:30 local at +01:00. */
  @Test
  void anOffsetChangeWithinADayKeepsItsWindow() {
    IntervalWindow summerTime = assign("2025-10-25T23:30:00Z", 2 * HOUR);
    IntervalWindow winterTime = assign("2025-10-26T02:30:00Z", HOUR);

    assertEquals(summerTime, winterTime);
    assertEquals(LocalDate.parse("2025-10-26"), LocalDays.dayOf(winterTime.start()));
  }

  @Test
  void theOffsetMovesTheDateEitherWay() {
    // 21:00 local at -05:00 is 02:00Z the next day; 03:00Z is still the day before in New York.
    assertEquals(LocalDate.parse("2025-06-14"), day("2025-06-15T02:00:00Z", -5 * HOUR));
    assertEquals(LocalDate.parse("2025-06-13"), day("2025-06-14T03:00:00Z", -5 * HOUR));
    // 20:00Z is 05:00 local the next day in Tokyo.
    assertEquals(LocalDate.parse("2025-06-15"), day("2025-06-14T20:00:00Z", 9 * HOUR));
    assertEquals(LocalDate.parse("2025-06-14"), day("2025-06-14T20:00:00Z", 0));
  }

  /** A day's first instant at +14:00 and its last at -12:00 are its window's bounds. */
  @Test
  void theWindowHoldsTheDayAtEveryRealOffset() {
    IntervalWindow earliest = assign("2025-06-13T10:00:00Z", 14 * HOUR);
    IntervalWindow latest = assign("2025-06-15T11:59:59.999Z", -12 * HOUR);

    assertEquals(earliest, latest);
    assertEquals(Instant.parse("2025-06-13T10:00:00Z"), earliest.start());
    assertEquals(Instant.parse("2025-06-15T11:59:59.999Z"), latest.maxTimestamp());
    assertEquals(LocalDate.parse("2025-06-14"), LocalDays.dayOf(earliest.start()));
  }

  @Test
  void refusesAnOffsetNoPlaceHas() {
    IllegalArgumentException tooFarEast =
        assertThrows(
            IllegalArgumentException.class, () -> assign("2025-06-14T00:00:00Z", 14 * HOUR + 1));
    assertTrue(tooFarEast.getMessage().contains("50401"), tooFarEast.getMessage());
    IllegalArgumentException tooFarWest =
        assertThrows(
            IllegalArgumentException.class, () -> assign("2025-06-14T00:00:00Z", -13 * HOUR));
    assertTrue(tooFarWest.getMessage().contains("-46800"), tooFarWest.getMessage());
    assertThrows(IllegalArgumentException.class, () -> assign("2025-06-14T00:00:00Z", null));
  }

  @Test
  void dayOfRefusesAnInstantThatStartsNoLocalDay() {
    assertThrows(
        IllegalArgumentException.class,
        () -> LocalDays.dayOf(Instant.parse("2025-06-14T00:00:00Z")));
    assertEquals(
        LocalDate.parse("1969-12-31"), LocalDays.dayOf(Instant.parse("1969-12-30T10:00:00Z")));
  }

  @Test
  void allLocalDaysAreCompatibleAndNothingElseIs() {
    assertTrue(DAYS.isCompatible(new LocalDays<String>(s -> 0)));
    assertFalse(DAYS.isCompatible(FixedWindows.of(Duration.standardDays(1))));
    assertEquals(IntervalWindow.getCoder(), DAYS.windowCoder());
    assertThrows(UnsupportedOperationException.class, DAYS::getDefaultWindowMappingFn);
  }
}
