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
    try {
      return LocalDateTime.of(
              digits(s, 0, 4),
              digits(s, 5, 7),
              digits(s, 8, 10),
              digits(s, 11, 13),
              digits(s, 14, 16),
              digits(s, 17, 19),
              nanos)
          .toInstant(ZoneOffset.UTC)
          .toEpochMilli();
    } catch (DateTimeException e) {
      throw new RecordException("impossible timestamp '" + s + "': " + e.getMessage());
    }
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
