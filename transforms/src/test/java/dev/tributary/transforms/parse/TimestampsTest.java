package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.RecordException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {
  private static final long MAY_28_09_03_40 = 1_527_498_220_000L;

  private static void assertRejected(String text) {
    RecordException e = assertThrows(RecordException.class, () -> Timestamps.parseMillis(text));
    assertTrue(
        e.getMessage().contains("'" + text + "'"), "reason quotes the input: " + e.getMessage());
  }

  @Test
  void takesWallTimeAsUtcWithoutZoneShift() throws RecordException {
    assertEquals(MAY_28_09_03_40, Timestamps.parseMillis("2018-05-28 09:03:40"));
    assertEquals(
        LocalDateTime.of(2018, 5, 28, 9, 3, 40).toInstant(ZoneOffset.UTC).toEpochMilli(),
        Timestamps.parseMillis("2018-05-28 09:03:40"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2018-05-28T09:03:40",
        "2018-05-28 09:03:40Z",
        "2018-05-28T09:03:40Z",
        "2018-05-28T09:03:40z"
      })
  void acceptsTSeparatorAndZulu(String text) throws RecordException {
    assertEquals(MAY_28_09_03_40, Timestamps.parseMillis(text));
  }

  @Test
  void keepsMillisecondsOfAFraction() throws RecordException {
    assertEquals(MAY_28_09_03_40 + 500, Timestamps.parseMillis("2018-05-28 09:03:40.5"));
    assertEquals(MAY_28_09_03_40 + 123, Timestamps.parseMillis("2018-05-28 09:03:40.123"));
    assertEquals(MAY_28_09_03_40 + 123, Timestamps.parseMillis("2018-05-28T09:03:40.123456789Z"));
  }

  @Test
  void parsesEpochAndBeforeIt() throws RecordException {
    assertEquals(0, Timestamps.parseMillis("1970-01-01 00:00:00"));
    assertEquals(-1000, Timestamps.parseMillis("1969-12-31 23:59:59"));
  }

  @Test
  void agreesWithLocalDateTimeOnEveryDayOfCommonLeapAndCenturyYears() throws RecordException {
    for (int year : new int[] {0, 1, 4, 1900, 1969, 1970, 2000, 2016, 2018, 2100, 9999}) {
      for (LocalDate day = LocalDate.of(year, 1, 1); day.getYear() == year; day = day.plusDays(1)) {
        String text =
            String.format(
                "%04d-%02d-%02d 23:59:58.25", year, day.getMonthValue(), day.getDayOfMonth());
        long expected = day.atTime(23, 59, 58).toInstant(ZoneOffset.UTC).toEpochMilli() + 250;
        assertEquals(expected, Timestamps.parseMillis(text), text);
      }
    }
  }

  @Test
  void acceptsFebruary29OfALeapYear() throws RecordException {
    assertEquals(1_456_704_000_000L, Timestamps.parseMillis("2016-02-29 00:00:00"));
  }

  @Test
  void rejectsFebruary29OfACommonYear() {
    assertRejected("2018-02-29 00:00:00");
  }

  @Test
  void rejectsMonth13() {
    assertRejected("2018-13-01 00:00:00");
  }

  @Test
  void rejectsHour25AndMinute60() {
    assertRejected("2018-05-28 25:00:00");
    assertRejected("2018-05-28 24:00:00");
    assertRejected("2018-05-28 09:60:00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "garbage",
        "2018-05-28",
        "2018/05/28 09:03:40",
        "2018-05-28 09:03",
        "28-05-2018 09:03:40",
        "2018-05-28 09:03:4x",
        "2018-05-28 09:03:40.",
        "2018-05-28 09:03:40.1234567890",
        "2018-05-28 09:03:40+02:00",
        "2018-05-28 09:03:40 ",
        "2018-5-28 09:03:40",
        "Z"
      })
  void rejectsGarbage(String text) {
    assertRejected(text);
  }
}
