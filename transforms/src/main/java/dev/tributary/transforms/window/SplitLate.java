package dev.tributary.transforms.window;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.PartitioningWindowFn;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Sends the records that a downstream {@link WindowedCombine} (or {@link WindowedCount}) would drop
 * as too late to the dead-letter output instead: Beam silently drops an element whose window ended
 * more than the allowed lateness before the watermark, and offers no side output for it.
 *
 * <p>How: a keyed step reads its input watermark (an event-time timer's current time; the timer
 * itself is never set) and compares it with the end of the record's window plus the allowed
 * lateness, the very test Beam applies. Watermarks only grow along a pipeline, so any record that
 * passes here is still in time at the window downstream: nothing is both aggregated and
 * dead-lettered, nothing is lost. It must run before anything that reorders or shuffles records by
 * event time, right after the source is best. Records are keyed by {@code keyFn} (e.g. the source
 * partition) only to give the step the state it needs; use a key with as many values as the source
 * has parallel readers.
 *
 * <pre>{@code
 * WindowedCount<GeoBucketKey> weekly = WindowedCount.<GeoBucketKey>isoWeeks().withAllowedLateness(day);
 * SplitLate<SourceRecord> late = SplitLate.before(weekly, SourceRecord::getSource,
 *     (line, reason) -> DeadLetter.of(line, Steps.WINDOW, reason));
 * PCollectionTuple split = lines.apply(late);
 * split.get(late.onTimeTag()) ... ; split.get(DeadLetters.TAG) ...
 * }</pre>
 */
@AutoValue
public abstract class SplitLate<T> extends PTransform<PCollection<T>, PCollectionTuple> {
  abstract PartitioningWindowFn<?, ?> windowFn();

  abstract Duration allowedLateness();

  abstract SerializableFunction<T, String> keyFn();

  abstract SerializableBiFunction<T, String, DeadLetter> toDeadLetter();

  /**
   * Splits off what {@code count} would drop; {@code toDeadLetter} turns a record and a reason into
   * a dead letter naming step {@link dev.tributary.transforms.Steps#WINDOW}. Fixed windows (and ISO
   * weeks) only: with sliding windows a record can be late for one window and in time for the next.
   */
  public static <T> SplitLate<T> before(
      WindowedCount<?> count,
      SerializableFunction<T, String> keyFn,
      SerializableBiFunction<T, String, DeadLetter> toDeadLetter) {
    return before(requireNonNull(count, "count").combine(), keyFn, toDeadLetter);
  }

  /**
   * Splits off what {@code combine} would drop, as {@link #before(WindowedCount,
   * SerializableFunction, SerializableBiFunction)} does; not before {@link LocalDays} either, whose
   * window depends on more than the timestamp.
   */
  public static <T> SplitLate<T> before(
      WindowedCombine<?, ?, ?> combine,
      SerializableFunction<T, String> keyFn,
      SerializableBiFunction<T, String, DeadLetter> toDeadLetter) {
    WindowFn<?, ?> windows = requireNonNull(combine, "combine").windows().windowFn();
    if (!(windows instanceof PartitioningWindowFn)) {
      throw new IllegalArgumentException(
          "late records can only be split off before fixed windows, not " + windows);
    }
    return new AutoValue_SplitLate<>(
        (PartitioningWindowFn<?, ?>) windows,
        combine.allowedLateness(),
        requireNonNull(keyFn, "keyFn"),
        requireNonNull(toDeadLetter, "toDeadLetter"));
  }

  /**
   * The records still in time, with their timestamps. A fixed id: every {@code SplitLate} has an
   * equal tag.
   */
  public TupleTag<T> onTimeTag() {
    return new TupleTag<>("onTime");
  }

  @Override
  public PCollectionTuple expand(PCollection<T> records) {
    TupleTag<T> onTimeTag = onTimeTag();
    return DeadLetters.parDo(
        records.apply("KeyForState", WithKeys.of(keyFn()).withKeyType(TypeDescriptors.strings())),
        new SplitFn<>(windowFn(), allowedLateness(), toDeadLetter(), onTimeTag),
        onTimeTag,
        records.getCoder());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("windowFn", windowFn().getClass()))
        .add(DisplayData.item("allowedLateness", allowedLateness()));
  }

  private static final class SplitFn<T> extends DoFn<KV<String, T>, T> {
    private final PartitioningWindowFn<?, ?> windowFn;
    private final Duration allowedLateness;
    private final SerializableBiFunction<T, String, DeadLetter> toDeadLetter;
    private final TupleTag<T> onTimeTag;

    /** Never set: declared only because a timer is how a DoFn reads its input watermark. */
    @TimerId("watermark")
    private final TimerSpec watermarkSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    SplitFn(
        PartitioningWindowFn<?, ?> windowFn,
        Duration allowedLateness,
        SerializableBiFunction<T, String, DeadLetter> toDeadLetter,
        TupleTag<T> onTimeTag) {
      this.windowFn = windowFn;
      this.allowedLateness = allowedLateness;
      this.toDeadLetter = toDeadLetter;
      this.onTimeTag = onTimeTag;
    }

    @ProcessElement
    public void process(
        @Element KV<String, T> keyed,
        @Timestamp Instant timestamp,
        @TimerId("watermark") Timer watermark,
        MultiOutputReceiver out) {
      Instant inputWatermark = watermark.getCurrentRelativeTime();
      BoundedWindow window = windowFn.assignWindow(timestamp);
      Instant closed = window.maxTimestamp().plus(allowedLateness);
      if (closed.isBefore(inputWatermark)) {
        out.get(DeadLetters.TAG)
            .output(
                toDeadLetter.apply(
                    keyed.getValue(),
                    "late: event time "
                        + timestamp
                        + " falls in window "
                        + window
                        + ", closed when the watermark passed its end plus the allowed lateness of "
                        + allowedLateness
                        + " (watermark now "
                        + inputWatermark
                        + ")"));
      } else {
        out.get(onTimeTag).output(keyed.getValue());
      }
    }

    @OnTimer("watermark")
    public void onWatermark() {}
  }
}
