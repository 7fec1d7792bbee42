package dev.tributary.transforms.window;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.WindowFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Counts elements per key per event-time window: a {@link WindowedCombine} of {@link
 * Count#combineFn} with each element as its own key, with the same trigger and accumulating panes.
 * Each pane's value is the window's whole count so far (and equals its {@link
 * WindowPane#getInputs}).
 *
 * <pre>{@code
 * PCollection<KV<String, WindowPane<Long>>> counts =
 *     regions.apply("CountTripsPerWeek", WindowedCount.<String>isoWeeks());
 * }</pre>
 */
@AutoValue
public abstract class WindowedCount<K>
    extends PTransform<PCollection<K>, PCollection<KV<K, WindowPane<Long>>>> {
  abstract Windows<Object> windows();

  abstract WindowedCombine<K, Void, Long> combine();

  /** Fixed windows of {@code size}, aligned to the epoch. */
  public static <K> WindowedCount<K> fixed(Duration size) {
    return of(Windows.fixed(size));
  }

  /**
   * Windows of {@code size} starting every {@code period}; an element counts in each it falls in.
   */
  public static <K> WindowedCount<K> sliding(Duration size, Duration period) {
    return of(Windows.sliding(size, period));
  }

  /** ISO weeks: Monday 00:00 to the next Monday 00:00, wall time as given. */
  public static <K> WindowedCount<K> isoWeeks() {
    return of(Windows.isoWeeks());
  }

  private static <K> WindowedCount<K> of(Windows<Object> windows) {
    return of(windows, WindowedCombine.perKey(windows, Count.combineFn()));
  }

  private static <K> WindowedCount<K> of(
      Windows<Object> windows, WindowedCombine<K, Void, Long> combine) {
    return new AutoValue_WindowedCount<>(windows, combine);
  }

  /** The windows counted in; {@link SplitLate} uses the same ones to tell what is too late. */
  public WindowFn<Object, ?> windowFn() {
    return windows().windowFn();
  }

  public Duration allowedLateness() {
    return combine().allowedLateness();
  }

  /** See {@link WindowedCombine#withAllowedLateness}. */
  public WindowedCount<K> withAllowedLateness(Duration lateness) {
    return of(windows(), combine().withAllowedLateness(lateness));
  }

  /** See {@link WindowedCombine#withEarlyFirings}. */
  public WindowedCount<K> withEarlyFirings(Duration interval) {
    return of(windows(), combine().withEarlyFirings(interval));
  }

  @Override
  public PCollection<KV<K, WindowPane<Long>>> expand(PCollection<K> input) {
    return input
        .apply("KeyBySelf", ParDo.of(new KeyBySelfFn<K>()))
        .setCoder(KvCoder.of(input.getCoder(), VoidCoder.of()))
        .apply("Count", combine());
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder.delegate(combine());
  }

  /** The element is the key; no value to shuffle. */
  private static final class KeyBySelfFn<K> extends DoFn<K, KV<K, Void>> {
    @ProcessElement
    public void process(@Element K element, OutputReceiver<KV<K, Void>> out) {
      out.output(KV.of(element, null));
    }
  }
}
