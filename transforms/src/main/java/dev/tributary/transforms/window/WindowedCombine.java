package dev.tributary.transforms.window;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Combine.CombineFn;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Never;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Trigger;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Combines the values of each key per event-time window with a {@link CombineFn}; one transform for
 * a bounded file and an unbounded stream. Elements must carry their event time as their timestamp
 * (files: from a field; Kafka: from the record's own timestamp field).
 *
 * <p>Trigger: a pane when the watermark passes the end of the window, optional early panes every
 * {@code earlyFiringInterval} of processing time, and a late pane for each late element within the
 * allowed lateness. Panes <em>accumulate</em>, so every pane carries the aggregate of the window's
 * whole input so far and a sink that upserts on (key, window), keeping the highest pane index, is
 * correct however often a window fires. On a bounded input the watermark jumps to the end once, so
 * each window yields exactly one on-time pane.
 *
 * <pre>{@code
 * PCollection<KV<String, WindowPane<Double>>> hourly =
 *     temperatures.apply(
 *         "MeanPerHour", WindowedCombine.perKey(Windows.fixed(Duration.standardHours(1)), Mean.of()));
 * }</pre>
 */
@AutoValue
public abstract class WindowedCombine<K, InputT, OutputT>
    extends PTransform<PCollection<KV<K, InputT>>, PCollection<KV<K, WindowPane<OutputT>>>> {
  /** None: an element behind the watermark is dropped until {@link #withAllowedLateness}. */
  private static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ZERO;

  public abstract Windows<? super KV<K, InputT>> windows();

  abstract CombineFn<? super InputT, ?, OutputT> fn();

  public abstract Duration allowedLateness();

  abstract @Nullable Duration earlyFiringInterval();

  abstract @Nullable Coder<OutputT> outputCoder();

  abstract boolean onePane();

  abstract Builder<K, InputT, OutputT> toBuilder();

  public static <K, InputT, OutputT> WindowedCombine<K, InputT, OutputT> perKey(
      Windows<? super KV<K, InputT>> windows, CombineFn<? super InputT, ?, OutputT> fn) {
    return new AutoValue_WindowedCombine.Builder<K, InputT, OutputT>()
        .setWindows(requireNonNull(windows, "windows"))
        .setFn(requireNonNull(fn, "fn"))
        .setAllowedLateness(DEFAULT_ALLOWED_LATENESS)
        .setOnePane(false)
        .build();
  }

  /**
   * Combines elements up to {@code lateness} behind the watermark into a late pane; later ones are
   * dropped by Beam, so put {@link SplitLate} upstream to dead-letter them instead.
   */
  public WindowedCombine<K, InputT, OutputT> withAllowedLateness(Duration lateness) {
    if (lateness == null || lateness.isShorterThan(Duration.ZERO)) {
      throw new IllegalArgumentException(
          "allowed lateness must be zero or positive, was " + lateness);
    }
    return toBuilder().setAllowedLateness(lateness).build();
  }

  /**
   * Emits a provisional pane every {@code interval} of processing time before the window closes.
   */
  public WindowedCombine<K, InputT, OutputT> withEarlyFirings(Duration interval) {
    if (onePane()) {
      throw new IllegalArgumentException("one pane per window leaves no room for early firings");
    }
    return toBuilder()
        .setEarlyFiringInterval(Windows.positive(interval, "early firing interval"))
        .build();
  }

  /**
   * One pane per window, when it expires (its end plus the allowed lateness): for a bounded input
   * whose elements are stamped behind its watermark (a reading's time, older than the fetch that
   * stamped its record), on which every late element would fire the window once more. With an
   * allowed lateness to the end of time, each window fires once, at the end of the input.
   */
  public WindowedCombine<K, InputT, OutputT> withOnePane() {
    if (earlyFiringInterval() != null) {
      throw new IllegalArgumentException("one pane per window leaves no room for early firings");
    }
    return toBuilder().setOnePane(true).build();
  }

  /** The coder of the combined values, when the CombineFn cannot tell (default: it does). */
  public WindowedCombine<K, InputT, OutputT> withOutputCoder(Coder<OutputT> outputCoder) {
    return toBuilder().setOutputCoder(requireNonNull(outputCoder, "outputCoder")).build();
  }

  @Override
  public PCollection<KV<K, WindowPane<OutputT>>> expand(PCollection<KV<K, InputT>> input) {
    if (!(input.getCoder() instanceof KvCoder)) {
      throw new IllegalArgumentException(
          "WindowedCombine needs a KvCoder, got " + input.getCoder());
    }
    KvCoder<K, InputT> inputCoder = (KvCoder<K, InputT>) input.getCoder();
    CountingFn<InputT, ?, OutputT> counting = CountingFn.of(fn());
    Coder<OutputT> outputCoder =
        outputCoder(counting, input.getPipeline().getCoderRegistry(), inputCoder.getValueCoder());
    return input
        .apply(
            "Window",
            Window.<KV<K, InputT>>into(windows().windowFn())
                .triggering(trigger())
                .withAllowedLateness(allowedLateness())
                .accumulatingFiredPanes())
        .apply("Combine", Combine.perKey(counting))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), KvCoder.of(VarLongCoder.of(), outputCoder)))
        .apply("AttachWindow", ParDo.of(new AttachWindowFn<>()))
        .setCoder(KvCoder.of(inputCoder.getKeyCoder(), WindowPane.coder(outputCoder)));
  }

  private Trigger trigger() {
    if (onePane()) {
      return Never.ever();
    }
    AfterWatermark.AfterWatermarkEarlyAndLate onTimeAndLate =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    return earlyFiringInterval() == null
        ? onTimeAndLate
        : onTimeAndLate.withEarlyFirings(
            AfterProcessingTime.pastFirstElementInPane().plusDelayOf(earlyFiringInterval()));
  }

  private Coder<OutputT> outputCoder(
      CountingFn<InputT, ?, OutputT> counting, CoderRegistry registry, Coder<InputT> valueCoder) {
    if (outputCoder() != null) {
      return outputCoder();
    }
    try {
      return counting.outputCoder(registry, valueCoder);
    } catch (CannotProvideCoderException e) {
      throw new IllegalStateException(
          fn().getClass().getName() + " names no output coder; pass one to withOutputCoder", e);
    }
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("windows", windows().description()))
        .add(DisplayData.item("allowedLateness", allowedLateness()))
        .addIfNotNull(DisplayData.item("earlyFiringInterval", earlyFiringInterval()))
        .add(DisplayData.item("onePane", onePane()))
        .add(DisplayData.item("combineFn", fn().getClass()));
  }

  @AutoValue.Builder
  abstract static class Builder<K, InputT, OutputT> {
    abstract Builder<K, InputT, OutputT> setWindows(Windows<? super KV<K, InputT>> windows);

    abstract Builder<K, InputT, OutputT> setFn(CombineFn<? super InputT, ?, OutputT> fn);

    abstract Builder<K, InputT, OutputT> setAllowedLateness(Duration allowedLateness);

    abstract Builder<K, InputT, OutputT> setEarlyFiringInterval(Duration earlyFiringInterval);

    abstract Builder<K, InputT, OutputT> setOutputCoder(Coder<OutputT> outputCoder);

    abstract Builder<K, InputT, OutputT> setOnePane(boolean onePane);

    abstract WindowedCombine<K, InputT, OutputT> build();
  }

  static final class AttachWindowFn<K, OutputT>
      extends DoFn<KV<K, KV<Long, OutputT>>, KV<K, WindowPane<OutputT>>> {
    @ProcessElement
    public void process(
        @Element KV<K, KV<Long, OutputT>> combined,
        IntervalWindow window,
        PaneInfo pane,
        OutputReceiver<KV<K, WindowPane<OutputT>>> out) {
      long inputs = combined.getValue().getKey();
      if (inputs == 0) {
        // No element, no pane: Beam 2.70's FlinkRunner fires an empty extra ON_TIME pane when a
        // window with allowed lateness is garbage-collected in the step that closed it.
        return;
      }
      out.output(
          KV.of(
              combined.getKey(),
              WindowPane.of(
                  window.start(),
                  window.end(),
                  combined.getValue().getValue(),
                  inputs,
                  timing(pane),
                  pane.getIndex())));
    }

    /**
     * A batch runner fires each window once, with everything, and may not say when (UNKNOWN): that
     * pane is final, as an on-time pane is.
     */
    static String timing(PaneInfo pane) {
      return pane.getTiming() == PaneInfo.Timing.UNKNOWN
          ? PaneInfo.Timing.ON_TIME.name()
          : pane.getTiming().name();
    }
  }
}
