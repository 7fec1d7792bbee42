package dev.tributary.transforms.window;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.Coders;
import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Counts elements per key per event-time window; one transform for a bounded file and an unbounded
 * stream. Elements must carry their event time as their timestamp (files: from a field; Kafka: from
 * the record's own timestamp field).
 *
 * <p>Trigger: a pane when the watermark passes the end of the window, optional early panes every
 * {@code earlyFiringInterval} of processing time, and a late pane for each late element within the
 * allowed lateness. Panes <em>accumulate</em>, so every pane carries the window's whole count so
 * far and a sink that upserts on (key, window), keeping the highest pane index, is correct however
 * often a window fires. On a bounded input the watermark jumps to the end once, so each window
 * yields exactly one on-time pane.
 *
 * <pre>{@code
 * PCollection<KV<String, WindowedCount.Result>> counts =
 *     regions.apply("CountTripsPerWeek", WindowedCount.<String>isoWeeks());
 * }</pre>
 */
@AutoValue
public abstract class WindowedCount<K>
    extends PTransform<PCollection<K>, PCollection<KV<K, WindowedCount.Result>>> {
  /** Monday 00:00: the Unix epoch was a Thursday, so weeks start 4 days after it. */
  private static final Duration ISO_WEEK_OFFSET = Duration.standardDays(4);

  private static final Duration WEEK = Duration.standardDays(7);

  /** None: an element behind the watermark is dropped until {@link #withAllowedLateness}. */
  private static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ZERO;

  /** The windows counted in; {@link SplitLate} uses the same ones to tell what is too late. */
  public abstract WindowFn<Object, ?> windowFn();

  public abstract Duration allowedLateness();

  /** The windows in words, for the display data. */
  abstract String description();

  abstract @Nullable Duration earlyFiringInterval();

  abstract Builder<K> toBuilder();

  /** Fixed windows of {@code size}, aligned to the epoch. */
  public static <K> WindowedCount<K> fixed(Duration size) {
    return of(FixedWindows.of(positive(size, "window size")), "fixed " + size);
  }

  /**
   * Windows of {@code size} starting every {@code period}; an element counts in each it falls in.
   */
  public static <K> WindowedCount<K> sliding(Duration size, Duration period) {
    return of(
        SlidingWindows.of(positive(size, "window size")).every(positive(period, "window period")),
        "sliding " + size + " every " + period);
  }

  /** ISO weeks: Monday 00:00 to the next Monday 00:00, wall time as given. */
  public static <K> WindowedCount<K> isoWeeks() {
    return of(FixedWindows.of(WEEK).withOffset(ISO_WEEK_OFFSET), "ISO weeks");
  }

  private static <K> WindowedCount<K> of(WindowFn<Object, ?> windowFn, String description) {
    return new AutoValue_WindowedCount.Builder<K>()
        .setWindowFn(windowFn)
        .setDescription(description)
        .setAllowedLateness(DEFAULT_ALLOWED_LATENESS)
        .build();
  }

  /**
   * Counts elements up to {@code lateness} behind the watermark in a late pane; later ones are
   * dropped by Beam, so put {@link SplitLate} upstream to dead-letter them instead.
   */
  public WindowedCount<K> withAllowedLateness(Duration lateness) {
    if (lateness == null || lateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "allowed lateness must be zero or positive, was " + lateness);
    }
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /**
   * Emits a provisional pane every {@code interval} of processing time before the window closes.
   */
  public WindowedCount<K> withEarlyFirings(Duration interval) {
    return toBuilder().setEarlyFiringInterval(positive(interval, "early firing interval")).build();
  }

  private static Duration positive(@Nullable Duration duration, String what) {
    if (duration == null || !duration.isLongerThan(Duration.ZERO)) {
      throw new IllegalArgumentException(what + " must be positive, was " + duration);
    }
    return duration;
  }

  @Override
  public PCollection<KV<K, Result>> expand(PCollection<K> input) {
    AfterWatermark.AfterWatermarkEarlyAndLate onTimeAndLate =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    Trigger trigger =
        earlyFiringInterval() == null
            ? onTimeAndLate
            : onTimeAndLate.withEarlyFirings(
                AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiringInterval()));
    @SuppressWarnings("unchecked")
    WindowFn<K, ?> fn = (WindowFn<K, ?>) (WindowFn<?, ?>) windowFn();
    return input
        .apply(
            "Window",
            Window.<K>into(fn)
                .triggering(trigger)
                .withAllowedLateness(allowedLateness())
                .accumulatingFiredPanes())
        .apply("Count", Count.perElement())
        .apply("AttachWindow", ParDo.of(new AttachWindowFn<K>()))
        .setCoder(KvCoder.of(input.getCoder(), Coders.of(input.getPipeline(), Result.class)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("windows", description()))
        .add(DisplayData.item("allowedLateness", allowedLateness()))
        .addIfNotNull(DisplayData.item("earlyFiringInterval", earlyFiringInterval()));
  }

  @AutoValue.Builder
  abstract static class Builder<K> {
    abstract Builder<K> setWindowFn(WindowFn<Object, ?> windowFn);

    abstract Builder<K> setAllowedLateness(Duration allowedLateness);

    abstract Builder<K> setDescription(String description);

    abstract Builder<K> setEarlyFiringInterval(Duration earlyFiringInterval);

    abstract WindowedCount<K> build();
  }

  /** The count of one key in one window, as of one pane. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Result implements Serializable {
    public abstract Instant getWindowStart();

    public abstract Instant getWindowEnd();

    public abstract long getCount();

    /** EARLY, ON_TIME or LATE: how final this count is. */
    public abstract String getTiming();

    /**
     * 0 for a window's first pane, then 1, 2, ...: a sink keeps the pane with the highest index, so
     * a pane that overtakes a later one on the way to the database cannot roll a count back.
     */
    public abstract long getPaneIndex();

    public static Result of(
        Instant windowStart, Instant windowEnd, long count, String timing, long paneIndex) {
      return new AutoValue_WindowedCount_Result(windowStart, windowEnd, count, timing, paneIndex);
    }
  }

  static final class AttachWindowFn<K> extends DoFn<KV<K, Long>, KV<K, Result>> {
    @ProcessElement
    public void process(
        @Element KV<K, Long> count,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<KV<K, Result>> out) {
      if (count.getValue() == 0) {
        // No element, no pane: Beam 2.70's FlinkRunner fires an empty extra ON_TIME pane when a
        // window with allowed lateness is garbage-collected in the step that closed it.
        return;
      }
      out.output(
          KV.of(
              count.getKey(),
              Result.of(
                  window.start(), window.end(), count.getValue(), timing(pane), pane.getIndex())));
    }

    /**
     * A batch runner fires each window once, with everything, and may not say when (UNKNOWN): that
     * count is final, as an on-time pane's is.
     */
    static String timing(PaneInfo pane) {
      return pane.getTiming() == PaneInfo.Timing.UNKNOWN
          ? PaneInfo.Timing.ON_TIME.name()
          : pane.getTiming().name();
    }
  }
}
