package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Parses timestamps written {@code yyyy-MM-dd HH:mm:ss} (a {@code T} instead of the space, a
 * fraction of seconds and a trailing {@code Z} also accepted) into epoch milliseconds. The wall
 * time is taken as given, with no zone shift, and stored as if UTC. Hand-rolled for the hot path: a
 * {@code DateTimeFormatter} per row costs more than the rest of the parse.
 */
public final class Timestamps {
  /** Days from 0000-01-01 to 1970-01-01, as in LocalDate. */
  private static final long DAYS_0000_TO_1970 = 719_528L;

  private Timestamps() {}

  public static long parseMillis(String s) throws RecordException {
    int n = s.length();
    if (n > 0 && (s.charAt(n - 1) == 'Z' || s.charAt(n - 1) == 'z')) {
      n--;
    }
    if (n < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      throw new RecordException("unparseable timestamp '" + s + "' (expected yyyy-MM-dd HH:mm:ss)");
    }
    int nanos = 0;
    if (n > 19) {
      if (s.charAt(19) != '.' || n == 20 || n > 29) {
        throw new RecordException("unparseable timestamp '" + s + "' (bad fraction of seconds)");
      }
      int fraction = digits(s, 20, n);
      nanos = fraction * (int) Math.pow(10, 9 - (n - 20));
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    if (month >= 1
        && month <= 12
        && day >= 1
        && day <= 28
        && hour < 24
        && minute < 60
        && second < 60) {
      // A day every month has: the arithmetic of LocalDate.toEpochDay, without building one.
      long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
      return seconds * 1_000L + nanos / 1_000_000;
    }
    try {
      return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();
    } catch (DateTimeException e) {
      throw new RecordException("impossible timestamp '" + s + "': " + e.getMessage());
    }
  }

  /** Days from 1970-01-01 to a valid date of a year 0 to 9999, as LocalDate counts them. */
  private static long epochDay(long year, int month, int day) {
    long days = 365 * year + (year + 3) / 4 - (year + 99) / 100 + (year + 399) / 400;
    days += (367 * month - 362) / 12 + day - 1;
    if (month > 2) {
      boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
      days -= leap ? 1 : 2;
    }
    return days - DAYS_0000_TO_1970;
  }

  private static int digits(String s, int from, int to) throws RecordException {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        throw new RecordException("unparseable timestamp '" + s + "' (non-digit '" + c + "')");
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
