package dev.tributary.transforms.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.IncompatibleWindowException;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.NonMergingWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowMappingFn;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Calendar days in each element's own UTC offset: an element's local date is the UTC date of its
 * timestamp plus its offset ({@code offsetSeconds} east of UTC, which may change with daylight
 * saving).
 *
 * <p>The window of local date D depends on D alone, so all of a local day's elements share one
 * window even when the offset changes within the day: it is {@code [D 00:00Z - 14 h, D+1 00:00Z +
 * 12 h)}, the 50 hours that hold every instant whose local date is D at some real offset (-12 h to
 * +14 h). Windows of consecutive days overlap, but each element falls in exactly one; a day's
 * on-time pane fires when the watermark passes D+1 12:00Z. {@link #dayOf} gives D back.
 *
 * <p>Not a {@link org.apache.beam.sdk.transforms.windowing.PartitioningWindowFn}: the window
 * depends on the element, not on its timestamp alone, so {@link SplitLate} cannot go before it.
 */
public final class LocalDays<T> extends NonMergingWindowFn<T, IntervalWindow> {
  private static final Duration BEFORE_UTC_DAY = Duration.standardHours(14);
  private static final Duration AFTER_UTC_DAY = Duration.standardHours(12);
  private static final Duration DAY = Duration.standardDays(1);

  private final SerializableFunction<T, Integer> offsetSeconds;

  LocalDays(SerializableFunction<T, Integer> offsetSeconds) {
    this.offsetSeconds = requireNonNull(offsetSeconds, "offsetSeconds");
  }

  /** The local date D of a window that starts at {@code windowStart}. */
  public static LocalDate dayOf(Instant windowStart) {
    long midnight = windowStart.plus(BEFORE_UTC_DAY).getMillis();
    if (Math.floorMod(midnight, DAY.getMillis()) != 0) {
      throw new IllegalArgumentException(windowStart + " does not start a local-day window");
    }
    return LocalDate.ofEpochDay(midnight / DAY.getMillis());
  }

  /** The local date of a pane's window. */
  public static LocalDate dayOf(WindowPane<?> pane) {
    return dayOf(pane.getWindowStart());
  }

  @Override
  public Collection<IntervalWindow> assignWindows(AssignContext c) {
    Integer offset = offsetSeconds.apply(c.element());
    if (offset == null
        || offset < -AFTER_UTC_DAY.getStandardSeconds()
        || offset > BEFORE_UTC_DAY.getStandardSeconds()) {
      throw new IllegalArgumentException(
          "UTC offset of "
              + offset
              + " s (of the element at "
              + c.timestamp()
              + ") is not between -12 h and +14 h");
    }
    long localDay = Math.floorDiv(c.timestamp().getMillis() + offset * 1000L, DAY.getMillis());
    Instant midnight = new Instant(localDay * DAY.getMillis());
    return List.of(
        new IntervalWindow(midnight.minus(BEFORE_UTC_DAY), midnight.plus(DAY).plus(AFTER_UTC_DAY)));
  }

  /** Whatever the offsets, a local date has one window: all local days are compatible. */
  @Override
  public boolean isCompatible(WindowFn<?, ?> other) {
    return other instanceof LocalDays;
  }

  @Override
  public void verifyCompatibility(WindowFn<?, ?> other) throws IncompatibleWindowException {
    if (!isCompatible(other)) {
      throw new IncompatibleWindowException(other, "only local days are compatible with them");
    }
  }

  @Override
  public Coder<IntervalWindow> windowCoder() {
    return IntervalWindow.getCoder();
  }

  @Override
  public WindowMappingFn<IntervalWindow> getDefaultWindowMappingFn() {
    throw new UnsupportedOperationException("LocalDays is not a side input window");
  }

  @Override
  public boolean assignsToOneWindow() {
    return true;
  }
}
