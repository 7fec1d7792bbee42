package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.coders.BigEndianLongCoder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Mean;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class WindowedCombineTest {
  private static final Duration TEN_MINUTES = Duration.standardMinutes(10);
  private static final Duration FIVE_MINUTES = Duration.standardMinutes(5);
  private static final KvCoder<String, Long> LONGS =
      KvCoder.of(StringUtf8Coder.of(), VarLongCoder.of());

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static <V> TimestampedValue<KV<String, V>> event(String key, V value, String utc) {
    return TimestampedValue.of(KV.of(key, value), at(utc));
  }

  private static <V> KV<String, WindowPane<V>> pane(
      String key, String start, V value, long inputs, String timing, long paneIndex) {
    return KV.of(
        key,
        WindowPane.of(at(start), at(start).plus(TEN_MINUTES), value, inputs, timing, paneIndex));
  }

  @Test
  void meanPerKeyInFixedWindowsIsOneOnTimePaneEach(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Double>>> means =
        pipeline
            .apply(
                Create.timestamped(
                        event("Praha", 10.0, "2025-06-14T09:01:00Z"),
                        event("Praha", 13.0, "2025-06-14T09:09:59.999Z"),
                        event("Praha", 20.0, "2025-06-14T09:10:00Z"),
                        event("Brno", 7.5, "2025-06-14T09:05:00Z"))
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), DoubleCoder.of())))
            .apply(WindowedCombine.perKey(Windows.fixed(TEN_MINUTES), Mean.of()));

    PAssert.that(means)
        .containsInAnyOrder(
            pane("Praha", "2025-06-14T09:00:00Z", 11.5, 2, "ON_TIME", 0),
            pane("Praha", "2025-06-14T09:10:00Z", 20.0, 1, "ON_TIME", 0),
            pane("Brno", "2025-06-14T09:00:00Z", 7.5, 1, "ON_TIME", 0));
    assertEquals(
        KvCoder.of(StringUtf8Coder.of(), WindowPane.coder(DoubleCoder.of())), means.getCoder());
    pipeline.run().waitUntilFinish();
  }

  /**
   * Window [00:00, 00:10), lateness 5 min: an early pane after a minute of processing time, the
   * on-time pane at watermark 00:11, a late pane for 00:03 (within the lateness), and nothing for
   * 00:04 at watermark 00:30 (beyond it).
   */
  @Test
  void earlyOnTimeAndLatePanesAccumulateAndTooLateIsDropped(TestPipeline pipeline) {
    TestStream<KV<String, Long>> stream =
        TestStream.create(LONGS)
            .advanceWatermarkTo(at("2018-05-28T00:00:00Z"))
            .addElements(event("a", 1L, "2018-05-28T00:01:00Z"))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(event("a", 2L, "2018-05-28T00:02:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:11:00Z"))
            .addElements(event("a", 4L, "2018-05-28T00:03:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:30:00Z"))
            .addElements(event("a", 8L, "2018-05-28T00:04:00Z"))
            .advanceWatermarkToInfinity();
    IntervalWindow window = new IntervalWindow(at("2018-05-28T00:00:00Z"), TEN_MINUTES);

    PCollection<KV<String, WindowPane<Long>>> sums =
        pipeline
            .apply(stream)
            .apply(
                WindowedCombine.<String, Long, Long>perKey(
                        Windows.fixed(TEN_MINUTES), Sum.ofLongs())
                    .withAllowedLateness(FIVE_MINUTES)
                    .withEarlyFirings(Duration.standardMinutes(1)));

    PAssert.that(sums)
        .inEarlyPane(window)
        .containsInAnyOrder(pane("a", "2018-05-28T00:00:00Z", 1L, 1, "EARLY", 0));
    PAssert.that(sums)
        .inOnTimePane(window)
        .containsInAnyOrder(pane("a", "2018-05-28T00:00:00Z", 3L, 2, "ON_TIME", 1));
    PAssert.that(sums)
        .containsInAnyOrder(
            pane("a", "2018-05-28T00:00:00Z", 1L, 1, "EARLY", 0),
            pane("a", "2018-05-28T00:00:00Z", 3L, 2, "ON_TIME", 1),
            pane("a", "2018-05-28T00:00:00Z", 7L, 3, "LATE", 2));
    pipeline.run().waitUntilFinish();
  }

  /** Europe/Berlin leaves summer time at 03:00 local on 2025-10-26: one day, one window. */
  @Test
  void localDaysKeepADayTogetherAcrossAnOffsetChange(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Integer>>> perDay =
        pipeline
            .apply(
                Create.timestamped(
                        event("Berlin", 7200, "2025-10-25T23:30:00Z"), // 01:30 local, +02:00
                        event("Berlin", 3600, "2025-10-26T02:30:00Z"), // 03:30 local, +01:00
                        event("Berlin", 3600, "2025-10-26T23:30:00Z")) // 00:30 local, next day
                    .withCoder(KvCoder.of(StringUtf8Coder.of(), VarIntCoder.of())))
            .apply(
                WindowedCombine.perKey(
                    Windows.<KV<String, Integer>>localDays(KV::getValue), Sum.ofIntegers()));

    PAssert.that(perDay)
        .satisfies(
            panes -> {
              Map<LocalDate, WindowPane<Integer>> byDay = new HashMap<>();
              panes.forEach(kv -> byDay.put(LocalDays.dayOf(kv.getValue()), kv.getValue()));
              assertEquals(
                  List.of(LocalDate.parse("2025-10-26"), LocalDate.parse("2025-10-27")),
                  byDay.keySet().stream().sorted().collect(Collectors.toList()));
              WindowPane<Integer> day = byDay.get(LocalDate.parse("2025-10-26"));
              assertEquals(2, day.getInputs());
              assertEquals(10800, day.getValue());
              assertEquals(at("2025-10-25T10:00:00Z"), day.getWindowStart());
              assertEquals(at("2025-10-27T12:00:00Z"), day.getWindowEnd());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void theOutputCoderCanBeNamed(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Long>>> counts =
        pipeline
            .apply(Create.timestamped(event("a", 1L, "2018-05-28T00:01:00Z")).withCoder(LONGS))
            .apply(
                WindowedCombine.<String, Long, Long>perKey(
                        Windows.fixed(TEN_MINUTES), Count.combineFn())
                    .withOutputCoder(BigEndianLongCoder.of()));

    assertEquals(
        KvCoder.of(StringUtf8Coder.of(), WindowPane.coder(BigEndianLongCoder.of())),
        counts.getCoder());
    PAssert.that(counts).containsInAnyOrder(pane("a", "2018-05-28T00:00:00Z", 1L, 1, "ON_TIME", 0));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesBadArguments() {
    assertThrows(
        NullPointerException.class,
        () -> WindowedCombine.<String, Long, Long>perKey(Windows.fixed(TEN_MINUTES), null));
    assertThrows(
        NullPointerException.class,
        () -> WindowedCombine.<String, Long, Long>perKey(null, Sum.ofLongs()));
    WindowedCombine<String, Long, Long> sum =
        WindowedCombine.perKey(Windows.fixed(TEN_MINUTES), Sum.ofLongs());
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class, () -> sum.withAllowedLateness(Duration.millis(-1)));
    assertEquals("allowed lateness must be zero or positive, was PT-0.001S", negative.getMessage());
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> sum.withEarlyFirings(Duration.ZERO));
    assertEquals("early firing interval must be positive, was PT0S", zero.getMessage());
    assertThrows(NullPointerException.class, () -> sum.withOutputCoder(null));
  }

  @Test
  void withMethodsKeepTheRest() {
    WindowedCombine<String, Long, Long> sum =
        WindowedCombine.perKey(Windows.isoWeeks(), Sum.ofLongs());
    WindowedCombine<String, Long, Long> configured =
        sum.withAllowedLateness(FIVE_MINUTES).withEarlyFirings(TEN_MINUTES);

    assertEquals(sum.windows(), configured.windows());
    assertEquals(Duration.ZERO, sum.allowedLateness());
    assertEquals(FIVE_MINUTES, configured.allowedLateness());
  }

  @Test
  void displayDataNamesTheWindowsAndTheCombineFn() {
    Map<String, Object> items =
        DisplayData.from(
                WindowedCombine.<String, Long, Long>perKey(Windows.isoWeeks(), Sum.ofLongs())
                    .withEarlyFirings(TEN_MINUTES))
            .items()
            .stream()
            .collect(Collectors.toMap(DisplayData.Item::getKey, DisplayData.Item::getValue));

    assertEquals("ISO weeks", items.get("windows"));
    assertEquals(Sum.ofLongs().getClass().getName(), items.get("combineFn"));
    assertEquals(TEN_MINUTES.getMillis(), items.get("earlyFiringInterval"));
  }

  /** Flink's batch runner fires each window once and calls its timing UNKNOWN: final, on time. */
  @Test
  void aBatchPaneOfUnknownTimingIsOnTime() {
    assertEquals(
        "ON_TIME",
        WindowedCombine.AttachWindowFn.timing(
            PaneInfo.createPane(true, true, PaneInfo.Timing.UNKNOWN, 0, 0)));
    assertEquals(
        "EARLY",
        WindowedCombine.AttachWindowFn.timing(
            PaneInfo.createPane(true, false, PaneInfo.Timing.EARLY, 0, 0)));
  }

  @Test
  void onePanePerWindowWaitsForTheLastOfElementsBehindTheWatermark(TestPipeline pipeline) {
    // Two bundles stamped behind the watermark: late firings would write the window twice.
    TestStream<KV<String, Long>> stream =
        TestStream.create(LONGS)
            .advanceWatermarkTo(at("2025-06-14T12:00:00Z"))
            .addElements(event("Praha", 2L, "2025-06-14T09:01:00Z"))
            .addElements(event("Praha", 3L, "2025-06-14T09:02:00Z"))
            .advanceWatermarkToInfinity();
    PCollection<KV<String, WindowPane<Long>>> sums =
        pipeline
            .apply(stream)
            .apply(
                WindowedCombine.<String, Long, Long>perKey(
                        Windows.fixed(TEN_MINUTES), Sum.ofLongs())
                    .withAllowedLateness(Duration.standardDays(1))
                    .withOnePane());

    PAssert.that(sums)
        .satisfies(
            panes -> {
              List<KV<String, WindowPane<Long>>> all = new java.util.ArrayList<>();
              panes.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              WindowPane<Long> only = all.get(0).getValue();
              assertEquals(0, only.getPaneIndex());
              assertEquals(5L, only.getValue());
              assertEquals(2, only.getInputs());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void onePaneLeavesNoRoomForEarlyFirings() {
    WindowedCombine<String, Long, Long> combine =
        WindowedCombine.perKey(Windows.fixed(TEN_MINUTES), Sum.ofLongs());
    assertThrows(
        IllegalArgumentException.class, () -> combine.withOnePane().withEarlyFirings(FIVE_MINUTES));
    assertThrows(
        IllegalArgumentException.class, () -> combine.withEarlyFirings(FIVE_MINUTES).withOnePane());
  }
}
