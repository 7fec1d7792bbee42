package dev.tributary.io.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Energy-Charts' reading of {@code start}/{@code end} (spec v1.5) and its time grid, kept in one
 * place because this is where clients go wrong: a day means local midnight to 23:59 in the
 * country's or zone's time zone (DST days have 92 or 100 quarter-hours), a stamp labels the start
 * of its interval in UTC, and the spacing changes with the period.
 */
final class EnergyChartsTime {
  private static final Pattern DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern UNIX = Pattern.compile("-?\\d{1,12}");
  private static final long HOUR = 3600;
  private static final long QUARTER = 900;

  /** The instants a request asks for, both ends included. */
  record Range(Instant from, Instant to) {}

  /** A start or end none of the three formats reads; answered 422 like FastAPI's validation. */
  static final class BadTime extends Exception {
    private final String param;

    BadTime(String param, String value) {
      super(
          "Value error, '"
              + value
              + "' is neither a day (YYYY-MM-DD), an ISO 8601 timestamp"
              + " nor unix seconds");
      this.param = param;
    }

    Reply reply() {
      return EnergyChartsReplay.validationError(param, getMessage(), "value_error");
    }
  }

  private EnergyChartsTime() {}

  /**
   * The request's range: a day is 00:00 to 23:59 local; a missing end is the start again (so one
   * day for a day); a missing start is today, local, at the request's now.
   */
  static Range range(ReplayRequest request, ZoneId zone) throws BadTime {
    String start = request.param("start", "");
    if (start.isEmpty()) {
      start = LocalDate.ofInstant(request.now(), zone).toString();
    }
    String end = request.param("end", "");
    return new Range(
        instant("start", start, zone, false),
        instant("end", end.isEmpty() ? start : end, zone, true));
  }

  /** The local day the request's start names, for faults; empty when it cannot be read. */
  static Optional<LocalDate> day(ReplayRequest request, ZoneId zone) {
    try {
      return Optional.of(LocalDate.ofInstant(range(request, zone).from(), zone));
    } catch (BadTime e) {
      return Optional.empty();
    }
  }

  private static Instant instant(String param, String value, ZoneId zone, boolean end)
      throws BadTime {
    try {
      if (DAY.matcher(value).matches()) {
        LocalDate day = LocalDate.parse(value);
        return end
            ? day.plusDays(1).atStartOfDay(zone).toInstant().minusSeconds(60)
            : day.atStartOfDay(zone).toInstant();
      }
      if (UNIX.matcher(value).matches()) {
        return Instant.ofEpochSecond(Long.parseLong(value));
      }
      try {
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeException noOffset) { // the time zone indicator is optional: local then

        return LocalDateTime.parse(value).atZone(zone).toInstant();
      }
    } catch (DateTimeException e) {
      throw new BadTime(param, value);
    }
  }

  /**
   * The starts of the intervals in {@code range} that have begun by {@code now}: hourly before
   * {@code quarterHoursFrom}, every 15 minutes from it (an hour boundary: a range across it mixes
   * both, as the data does).
   */
  static List<Instant> slots(Range range, Instant quarterHoursFrom, Instant now) {
    long switchAt = quarterHoursFrom.getEpochSecond();
    long from = range.from().getEpochSecond();
    long to = Math.min(range.to().getEpochSecond(), now.getEpochSecond());
    long step = from < switchAt ? HOUR : QUARTER;
    List<Instant> slots = new ArrayList<>();
    for (long t = Math.floorDiv(from + step - 1, step) * step;
        t <= to;
        t += t < switchAt ? HOUR : QUARTER) {
      slots.add(Instant.ofEpochSecond(t));
    }
    return slots;
  }
}
