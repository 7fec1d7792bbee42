package dev.tributary.pipelines.weather;

import dev.tributary.pipelines.runtime.IsoDurations;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.window.LocalDays;
import dev.tributary.transforms.window.Unwindowed;
import dev.tributary.transforms.window.WindowPane;
import dev.tributary.transforms.window.WindowedCombine;
import dev.tributary.transforms.window.Windows;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The derived tables from readings per city ({@link Reading}s timestamped with their time): the
 * {@link #DAILY} summary per local day ({@link Windows#localDays}: the day of the reading's own
 * offset, so a day stays one across a change to or from daylight saving) and the {@link #HOURLY}
 * moving average ({@link Windows#sliding}: {@code movingHours} hours every hour), both through
 * {@link WindowedCombine} with {@link LatestReadings}, the same code on a file of stored answers
 * and on a stream. A window whose readings were all read back from the store, none fetched by this
 * run, is left out: the store has it already.
 */
final class SummariseWeather extends PTransform<PCollection<KV<Long, Reading>>, PCollectionTuple> {
  static final TupleTag<DailySummary> DAILY = new TupleTag<>("daily") {};
  static final TupleTag<HourlyTemperature> HOURLY = new TupleTag<>("hourly") {};

  private static final Duration HOUR = Duration.standardHours(1);

  /** The allowed lateness of a batch: Beam caps a window's end plus this at the end of time. */
  private static final Duration ALL_OF_TIME = Duration.standardDays(1_000 * 365);

  private final int movingHours;
  private final Duration allowedLateness;
  private final @Nullable Duration updateEvery;

  /**
   * {@code updateEvery}: in a stream, how often an open day or hour is written as it stands, late
   * readings within {@code allowedLateness} updating it again; null: a batch, each day and hour
   * written once, when it expires (give the batch an allowed lateness to the end of time).
   */
  SummariseWeather(int movingHours, Duration allowedLateness, @Nullable Duration updateEvery) {
    if (movingHours < 1 || movingHours > 24) {
      throw new IllegalArgumentException(
          "--movingAverageHours must be between 1 and 24, was " + movingHours);
    }
    this.movingHours = movingHours;
    this.allowedLateness = allowedLateness;
    this.updateEvery = updateEvery;
  }

  /**
   * As the run's options say: a stream updates open windows every {@code --updateEvery} and takes
   * late readings within {@code --allowedLateness}; a batch has no late reading, so every window
   * waits for all of them (a reading's time is its dt, behind the fetch that stamped the answer,
   * and behind the watermark that stamp set).
   */
  static SummariseWeather of(WeatherOptions options) {
    boolean streaming = options.as(StreamingOptions.class).isStreaming();
    return new SummariseWeather(
        options.getMovingAverageHours(),
        streaming
            ? IsoDurations.positive(options.getAllowedLateness(), "--allowedLateness")
            : ALL_OF_TIME,
        streaming ? IsoDurations.positive(options.getUpdateEvery(), "--updateEvery") : null);
  }

  /** {@code observations} as readings per city, {@code fresh} if this run fetched them. */
  static PCollection<KV<Long, Reading>> readings(
      String name, PCollection<Observation> observations, boolean fresh) {
    return observations
        .apply(
            "To" + name + "Readings",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptor.of(Reading.class)))
                .via(o -> KV.of(o.getCityId(), Reading.of(o, fresh))))
        .setCoder(KvCoder.of(VarLongCoder.of(), Reading.CODER));
  }

  @Override
  public PCollectionTuple expand(PCollection<KV<Long, Reading>> readings) {
    WindowedCombine<Long, Reading, List<Reading>> days =
        configured(
            WindowedCombine.perKey(
                Windows.<KV<Long, Reading>>localDays(r -> r.getValue().utcOffsetSeconds()),
                new LatestReadings()));
    WindowedCombine<Long, Reading, List<Reading>> hours =
        configured(
            WindowedCombine.perKey(
                Windows.sliding(Duration.standardHours(movingHours), HOUR), new LatestReadings()));
    PCollection<DailySummary> daily =
        readings
            .apply("CombineDays", days)
            .apply("SummariseDays", ParDo.of(new DailyFn()))
            .setCoder(Coders.of(readings.getPipeline(), DailySummary.class))
            .apply("UnwindowDays", Unwindowed.of());
    PCollection<HourlyTemperature> hourly =
        readings
            .apply("CombineHours", hours)
            .apply("AverageHours", ParDo.of(new HourlyFn(movingHours)))
            .setCoder(Coders.of(readings.getPipeline(), HourlyTemperature.class))
            .apply("UnwindowHours", Unwindowed.of());
    return PCollectionTuple.of(DAILY, daily).and(HOURLY, hourly);
  }

  private WindowedCombine<Long, Reading, List<Reading>> configured(
      WindowedCombine<Long, Reading, List<Reading>> combine) {
    WindowedCombine<Long, Reading, List<Reading>> late =
        combine.withAllowedLateness(allowedLateness);
    return updateEvery == null ? late.withOnePane() : late.withEarlyFirings(updateEvery);
  }

  private static boolean fetched(List<Reading> readings) {
    return readings.stream().anyMatch(Reading::fresh);
  }

  private static final class DailyFn
      extends DoFn<KV<Long, WindowPane<List<Reading>>>, DailySummary> {
    @ProcessElement
    public void process(
        @Element KV<Long, WindowPane<List<Reading>>> day, OutputReceiver<DailySummary> out) {
      WindowPane<List<Reading>> pane = day.getValue();
      if (fetched(pane.getValue())) {
        out.output(
            DailySummary.of(
                day.getKey(),
                LocalDays.dayOf(pane.getWindowStart()).toString(),
                pane.getValue(),
                pane.getTiming(),
                pane.getPaneIndex()));
      }
    }
  }

  private static final class HourlyFn
      extends DoFn<KV<Long, WindowPane<List<Reading>>>, HourlyTemperature> {
    private final int movingHours;

    HourlyFn(int movingHours) {
      this.movingHours = movingHours;
    }

    @ProcessElement
    public void process(
        @Element KV<Long, WindowPane<List<Reading>>> hours, OutputReceiver<HourlyTemperature> out) {
      WindowPane<List<Reading>> pane = hours.getValue();
      if (!fetched(pane.getValue())) {
        return;
      }
      HourlyTemperature row =
          HourlyTemperature.of(
              hours.getKey(),
              pane.getWindowEnd(),
              movingHours,
              pane.getValue(),
              pane.getTiming(),
              pane.getPaneIndex());
      if (row != null) {
        out.output(row);
      }
    }
  }
}
