package dev.tributary.io.http;

import io.github.resilience4j.core.IntervalFunction;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How long a request waits before its next attempt: what the API asked for in {@code Retry-After}
 * (delta seconds or an HTTP-date), else resilience4j's exponential backoff with random jitter
 * (doubling from {@code initial}, each wait drawn within half of it either side), never more than
 * {@code max}. A pure function of the failed attempt, the header and the clock, so tests give it
 * fixed inputs instead of sleeping.
 */
final class Backoff implements Serializable {
  static final double MULTIPLIER = 2;
  static final double JITTER = 0.5;

  private final long initialMillis;
  private final long maxMillis;

  Backoff(long initialMillis, long maxMillis) {
    if (initialMillis < 1) {
      throw new IllegalArgumentException(
          "initial backoff must be at least 1 ms, was " + initialMillis);
    }
    if (maxMillis < initialMillis) {
      throw new IllegalArgumentException(
          "max backoff ("
              + maxMillis
              + " ms) must not be below the initial one ("
              + initialMillis
              + " ms)");
    }
    this.initialMillis = initialMillis;
    this.maxMillis = maxMillis;
  }

  /**
   * Milliseconds to wait after attempt {@code failedAttempt} (1 for the first) failed, its response
   * having sent {@code retryAfter} (null when not, or when there was no response).
   */
  long millis(int failedAttempt, @Nullable String retryAfter, Instant now) {
    if (retryAfter != null) {
      Optional<Duration> asked = retryAfter(retryAfter, now);
      if (asked.isPresent()) {
        return Math.min(asked.get().toMillis(), maxMillis);
      }
    }
    return IntervalFunction.ofExponentialRandomBackoff(initialMillis, MULTIPLIER, JITTER, maxMillis)
        .apply(failedAttempt);
  }

  /**
   * The wait a {@code Retry-After} value asks for at {@code now}: delta seconds ({@code 7}) or an
   * HTTP-date ({@code Wed, 21 Oct 2015 07:28:00 GMT}; a date past is no wait); empty when it is
   * neither.
   */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String trimmed = value.strip();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
      } catch (NumberFormatException tooLong) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE / 1000));
      }
    }
    try {
      Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    } catch (DateTimeParseException notADate) {
      return Optional.empty();
    }
  }

  long initialMillis() {
    return initialMillis;
  }

  long maxMillis() {
    return maxMillis;
  }
}
