package dev.tributary.pipelines.applications;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date of birth in one of the four ways applicants write it: {@code YYYY/MM/DD}, {@code
 * YYYY-MM-DD}, {@code MM/DD/YYYY} (slashes with the year last: the month comes first) and {@code
 * DD-MM-YYYY} (dashes with the year last: the day comes first); the date, or why there is none.
 */
record Birthday(LocalDate date, String problem) {
  private static final Pattern YEAR_FIRST = Pattern.compile("(\\d{4})([/-])(\\d{2})\\2(\\d{2})");
  private static final Pattern YEAR_LAST = Pattern.compile("(\\d{2})([/-])(\\d{2})\\2(\\d{4})");

  /** The earliest plausible birthday. */
  static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);

  /** {@code text} read; a date after {@code today} or before 1900 is implausible. */
  static Birthday of(String text, LocalDate today) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      return new Birthday(null, "date_of_birth missing");
    }
    int year;
    int month;
    int day;
    Matcher m = YEAR_FIRST.matcher(s);
    if (m.matches()) {
      year = Integer.parseInt(m.group(1));
      month = Integer.parseInt(m.group(3));
      day = Integer.parseInt(m.group(4));
    } else if ((m = YEAR_LAST.matcher(s)).matches()) {
      year = Integer.parseInt(m.group(4));
      boolean monthFirst = m.group(2).equals("/");
      month = Integer.parseInt(monthFirst ? m.group(1) : m.group(3));
      day = Integer.parseInt(monthFirst ? m.group(3) : m.group(1));
    } else {
      return new Birthday(
          null,
          "date_of_birth '"
              + s
              + "' is none of YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY (month first), DD-MM-YYYY (day"
              + " first)");
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return new Birthday(null, "date_of_birth '" + s + "' is no date: " + e.getMessage());
    }
    if (date.isBefore(EARLIEST) || date.isAfter(today)) {
      return new Birthday(
          null,
          "date_of_birth '" + s + "' is implausible: before " + EARLIEST + " or after " + today);
    }
    return new Birthday(date, null);
  }
}
