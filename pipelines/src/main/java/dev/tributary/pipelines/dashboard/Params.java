package dev.tributary.pipelines.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A page's query parameters ({@code ?from=2021-01-01&to=2021-03-31}), each read with a fallback.
 */
public final class Params {
  /** A parameter the page cannot use; its message is the one line the page shows. */
  public static final class BadParameter extends IllegalArgumentException {
    BadParameter(String message) {
      super(message);
    }
  }

  private final Map<String, String> values;

  private Params(Map<String, String> values) {
    this.values = values;
  }

  /** The parameters of a raw query string (null or empty for none); a blank value is no value. */
  public static Params of(String rawQuery) {
    Map<String, String> values = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1)).trim();
        if (!value.isEmpty()) {
          values.put(name, value);
        }
      }
    }
    return new Params(values);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** The value of {@code name}, else {@code fallback}. */
  public String text(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The day {@code name} gives (YYYY-MM-DD), else {@code fallback}. */
  public LocalDate date(String name, LocalDate fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(v);
    } catch (DateTimeParseException e) {
      throw new BadParameter(name + " must be a day YYYY-MM-DD, was '" + v + "'");
    }
  }

  /** Days from one to another, both included. */
  public record Days(LocalDate from, LocalDate to) {}

  /** The days of {@code from} and {@code to}, else the fallbacks; from after to is a mistake. */
  public Days days(LocalDate from, LocalDate to) {
    Days days = new Days(date("from", from), date("to", to));
    if (days.from().isAfter(days.to())) {
      throw new BadParameter("from (" + days.from() + ") is after to (" + days.to() + ")");
    }
    return days;
  }
}
