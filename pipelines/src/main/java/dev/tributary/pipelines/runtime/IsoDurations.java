package dev.tributary.pipelines.runtime;

import dev.tributary.io.UsageException;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.joda.time.Duration;

/** Options that are ISO-8601 durations ({@code PT10M}, {@code P1D}, {@code P1M}), checked. */
public final class IsoDurations {
  private IsoDurations() {}

  /**
   * {@code value} of {@code option} as a positive duration: a time ({@code PT15M}) or a period
   * ({@code P1D}, {@code P1M}: a month taken as 30 days, a year as 365); else one clear line.
   */
  public static Duration positive(String value, String option) {
    java.time.Duration duration;
    try {
      if (value.contains("T")) {
        duration = java.time.Duration.parse(value);
      } else {
        Period period = Period.parse(value);
        duration =
            java.time.Duration.ofDays(
                period.getYears() * 365L + period.getMonths() * 30L + period.getDays());
      }
    } catch (DateTimeParseException e) {
      throw new UsageException(
          option + " must be an ISO-8601 duration such as PT10M or P1D, was '" + value + "'");
    }
    if (duration.isZero() || duration.isNegative()) {
      throw new UsageException(option + " must be positive, was '" + value + "'");
    }
    return Duration.millis(duration.toMillis());
  }
}
