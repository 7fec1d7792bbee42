package dev.tributary.transforms.window;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The event-time windows a {@link WindowedCombine} aggregates in, with a description in words for
 * the display data. {@link SplitLate} uses the same ones to tell what is too late.
 */
@AutoValue
public abstract class Windows<T> implements Serializable {
  /** Monday 00:00: the Unix epoch was a Thursday, so weeks start 4 days after it. */
  private static final Duration ISO_WEEK_OFFSET = Duration.standardDays(4);

  private static final Duration WEEK = Duration.standardDays(7);

  public abstract WindowFn<T, ?> windowFn();

  public abstract String description();

  /** Fixed windows of {@code size}, aligned to the epoch. */
  public static Windows<Object> fixed(Duration size) {
    return of(FixedWindows.of(positive(size, "window size")), "fixed " + size);
  }

  /** Windows of {@code size} starting every {@code period}; an element falls in each it spans. */
  public static Windows<Object> sliding(Duration size, Duration period) {
    return of(
        SlidingWindows.of(positive(size, "window size")).every(positive(period, "window period")),
        "sliding " + size + " every " + period);
  }

  /** ISO weeks: Monday 00:00 to the next Monday 00:00, wall time as given. */
  public static Windows<Object> isoWeeks() {
    return of(FixedWindows.of(WEEK).withOffset(ISO_WEEK_OFFSET), "ISO weeks");
  }

  /**
   * Calendar days in each element's own UTC offset, {@code offsetSeconds} east of UTC (e.g.
   * OpenWeatherMap's {@code timezone}, which changes with daylight saving): see {@link LocalDays}.
   */
  public static <T> Windows<T> localDays(SerializableFunction<T, Integer> offsetSeconds) {
    return of(new LocalDays<>(offsetSeconds), "local days");
  }

  private static <T> Windows<T> of(WindowFn<T, ?> windowFn, String description) {
    return new AutoValue_Windows<>(windowFn, description);
  }

  /** One message for every duration that must be positive. */
  static Duration positive(@Nullable Duration duration, String what) {
    if (duration == null || !duration.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    return duration;
  }
}
