package dev.tributary.pipelines.energy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The timestamps of an answer, what each value of a series is aligned with: {@code unix_seconds}
 * (interval starts, UTC) with each interval's length, or the periods of {@code time}. A stamp that
 * is missing, not a whole number or repeated has a {@link #problem}; its values are rejected.
 *
 * <p>An interval lasts until the next stamp: 900 s or 3600 s, both within one answer when it spans
 * the day-ahead market's change to quarter-hours (2025-10-01). Where the next stamp is further (a
 * gap) the spacing before it says, the last lasts as long as the one before; a lone stamp is taken
 * as a quarter-hour.
 */
final class Stamps {
  private static final int QUARTER_HOUR = 900;

  private final String what;
  private final Instant[] starts;
  private final int[] seconds;
  private final String[] labels;
  private final String[] problems;

  /** The distinct interval starts, sorted (periods have none). */
  private long[] valid = new long[0];

  private Stamps(String what, int size) {
    this.what = what;
    this.starts = new Instant[size];
    this.seconds = new int[size];
    this.labels = new String[size];
    this.problems = new String[size];
  }

  static Stamps of(@Nullable JsonNode unixSeconds) {
    int size = unixSeconds != null && unixSeconds.isArray() ? unixSeconds.size() : 0;
    Stamps stamps = new Stamps("unix_seconds", size);
    Map<Long, Integer> seen = new HashMap<>();
    long[] valid = new long[size];
    int validCount = 0;
    for (int i = 0; i < size; i++) {
      JsonNode stamp = unixSeconds.get(i);
      if (!stamp.isIntegralNumber() || !stamp.canConvertToLong()) {
        stamps.problems[i] = "unix_seconds[" + i + "] is not a whole number of seconds: " + stamp;
        continue;
      }
      long s = stamp.longValue();
      stamps.starts[i] = Instant.ofEpochSecond(s);
      stamps.labels[i] = stamps.starts[i].toString();
      Integer first = seen.putIfAbsent(s, i);
      if (first != null) {
        stamps.problems[i] =
            String.format(
                "unix_seconds[%d] repeats unix_seconds[%d] (%s)", i, first, stamps.labels[i]);
      } else {
        valid[validCount++] = s;
      }
    }
    long[] sorted = Arrays.copyOf(valid, validCount);
    Arrays.sort(sorted);
    stamps.valid = sorted;
    int[] lengths = lengths(sorted);
    for (int i = 0; i < size; i++) {
      if (stamps.starts[i] != null) {
        long s = stamps.starts[i].getMillis() / 1000;
        stamps.seconds[i] = lengths[Arrays.binarySearch(sorted, s)];
      }
    }
    return stamps;
  }

  /**
   * Each interval's length: the smaller spacing to a neighbour (a gap after or before it is not its
   * length), the last one as long as the one before it.
   */
  private static int[] lengths(long[] sorted) {
    int n = sorted.length;
    int[] lengths = new int[n];
    for (int k = 0; k < n; k++) {
      if (n == 1) {
        lengths[k] = QUARTER_HOUR;
      } else if (k == n - 1) {
        lengths[k] = lengths[k - 1];
      } else if (k == 0) {
        lengths[k] = (int) (sorted[1] - sorted[0]);
      } else {
        lengths[k] = (int) Math.min(sorted[k + 1] - sorted[k], sorted[k] - sorted[k - 1]);
      }
    }
    return lengths;
  }

  static Stamps ofPeriods(@Nullable JsonNode time, ZoneId zone) {
    int size = time != null && time.isArray() ? time.size() : 0;
    Stamps stamps = new Stamps("periods", size);
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < size; i++) {
      String label = time.get(i).asText("");
      LocalDate start = ResponseReader.periodStart(label);
      Integer first = seen.putIfAbsent(label, i);
      if (start == null) {
        stamps.problems[i] = "time[" + i + "] is neither a year nor MM.YYYY: " + time.get(i);
      } else if (first != null) {
        stamps.problems[i] = String.format("time[%d] repeats time[%d] (%s)", i, first, label);
      } else {
        stamps.starts[i] =
            Instant.ofEpochMilli(start.atStartOfDay(zone).toInstant().toEpochMilli());
        stamps.labels[i] = label;
      }
    }
    return stamps;
  }

  /** The earliest interval start, or null when there is none (periods: none). */
  @Nullable Instant first() {
    return valid.length > 0 ? Instant.ofEpochSecond(valid[0]) : null;
  }

  /** The latest interval start, or null. */
  @Nullable Instant last() {
    return valid.length > 0 ? Instant.ofEpochSecond(valid[valid.length - 1]) : null;
  }

  int size() {
    return starts.length;
  }

  /** What the stamps are called in a rejection: {@code unix_seconds}, {@code periods}. */
  String what() {
    return what;
  }

  Instant start(int i) {
    return starts[i];
  }

  int seconds(int i) {
    return seconds[i];
  }

  String label(int i) {
    return labels[i];
  }

  /** Why the values at {@code i} cannot be placed, or null. */
  @Nullable String problem(int i) {
    return problems[i];
  }
}
