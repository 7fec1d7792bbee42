package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class WindowedCountTest {
  private static final Duration TEN_MINUTES = Duration.standardMinutes(10);
  private static final Duration FIVE_MINUTES = Duration.standardMinutes(5);

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static Instant at(String utc) {
    return Instant.parse(utc);
  }

  private static TimestampedValue<String> event(String key, String utc) {
    return TimestampedValue.of(key, at(utc));
  }

  private static PCollection<String> events(
      TestPipeline pipeline, List<TimestampedValue<String>> events) {
    return pipeline.apply(Create.timestamped(events).withCoder(StringUtf8Coder.of()));
  }

  /** The first pane of a window. */
  private static KV<String, WindowPane<Long>> result(
      String key, String start, String end, long count, String timing) {
    return result(key, start, end, count, timing, 0);
  }

  private static KV<String, WindowPane<Long>> result(
      String key, String start, String end, long count, String timing, long paneIndex) {
    return KV.of(key, WindowPane.of(at(start), at(end), count, count, timing, paneIndex));
  }

  @Test
  void isoWeeksStartOnMondayMidnightUtc(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Long>>> counts =
        events(
                pipeline,
                List.of(
                    event("Praha", "2018-05-27T23:59:59Z"),
                    event("Praha", "2018-05-28T00:00:00Z"),
                    event("Praha", "2018-05-30T12:00:00Z"),
                    event("Praha", "2018-06-03T23:59:59.999Z"),
                    event("Praha", "2018-06-04T00:00:00Z"),
                    event("Brno", "2018-05-29T08:00:00Z")))
            .apply(WindowedCount.isoWeeks());

    PAssert.that(counts)
        .containsInAnyOrder(
            result("Praha", "2018-05-21T00:00:00Z", "2018-05-28T00:00:00Z", 1, "ON_TIME"),
            result("Praha", "2018-05-28T00:00:00Z", "2018-06-04T00:00:00Z", 3, "ON_TIME"),
            result("Praha", "2018-06-04T00:00:00Z", "2018-06-11T00:00:00Z", 1, "ON_TIME"),
            result("Brno", "2018-05-28T00:00:00Z", "2018-06-04T00:00:00Z", 1, "ON_TIME"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyIsoWeekWindowStartsOnAMonday(TestPipeline pipeline) {
    List<TimestampedValue<String>> days = new ArrayList<>();
    for (int day = 0; day < 400; day += 3) {
      days.add(
          TimestampedValue.of("k", at("2017-12-01T13:00:00Z").plus(Duration.standardDays(day))));
    }
    PCollection<KV<String, WindowPane<Long>>> counts =
        events(pipeline, days).apply(WindowedCount.isoWeeks());

    PAssert.that(counts)
        .satisfies(
            results -> {
              for (KV<String, WindowPane<Long>> kv : results) {
                OffsetDateTime start =
                    java.time.Instant.ofEpochMilli(kv.getValue().getWindowStart().getMillis())
                        .atOffset(ZoneOffset.UTC);
                assertEquals(DayOfWeek.MONDAY, start.getDayOfWeek(), start.toString());
                assertEquals(0, start.toLocalTime().toSecondOfDay(), start.toString());
                assertEquals(
                    Duration.standardDays(7),
                    new Duration(kv.getValue().getWindowStart(), kv.getValue().getWindowEnd()));
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void fixedWindowsCountPerKey(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Long>>> counts =
        events(
                pipeline,
                List.of(
                    event("a", "2018-05-28T09:00:00Z"),
                    event("a", "2018-05-28T09:59:59.999Z"),
                    event("a", "2018-05-28T10:00:00Z"),
                    event("b", "2018-05-28T09:30:00Z")))
            .apply(WindowedCount.fixed(Duration.standardHours(1)));

    PAssert.that(counts)
        .containsInAnyOrder(
            result("a", "2018-05-28T09:00:00Z", "2018-05-28T10:00:00Z", 2, "ON_TIME"),
            result("a", "2018-05-28T10:00:00Z", "2018-05-28T11:00:00Z", 1, "ON_TIME"),
            result("b", "2018-05-28T09:00:00Z", "2018-05-28T10:00:00Z", 1, "ON_TIME"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void slidingWindowsCountAnElementInEveryWindowItFallsIn(TestPipeline pipeline) {
    PCollection<KV<String, WindowPane<Long>>> counts =
        events(
                pipeline,
                List.of(event("a", "2018-05-28T00:07:00Z"), event("a", "2018-05-28T00:12:00Z")))
            .apply(WindowedCount.sliding(TEN_MINUTES, FIVE_MINUTES));

    PAssert.that(counts)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 1, "ON_TIME"),
            result("a", "2018-05-28T00:05:00Z", "2018-05-28T00:15:00Z", 2, "ON_TIME"),
            result("a", "2018-05-28T00:10:00Z", "2018-05-28T00:20:00Z", 1, "ON_TIME"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void lateElementWithinAllowedLatenessGivesALatePaneWithTheAccumulatedCount(
      TestPipeline pipeline) {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .advanceWatermarkTo(at("2018-05-28T00:00:00Z"))
            .addElements(event("a", "2018-05-28T00:01:00Z"), event("a", "2018-05-28T00:02:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:11:00Z"))
            .addElements(event("a", "2018-05-28T00:03:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:30:00Z"))
            .addElements(event("a", "2018-05-28T00:04:00Z"))
            .advanceWatermarkToInfinity();
    IntervalWindow window = new IntervalWindow(at("2018-05-28T00:00:00Z"), TEN_MINUTES);

    PCollection<KV<String, WindowPane<Long>>> counts =
        pipeline
            .apply(stream)
            .apply(WindowedCount.<String>fixed(TEN_MINUTES).withAllowedLateness(FIVE_MINUTES));

    PAssert.that(counts)
        .inOnTimePane(window)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 2, "ON_TIME"));
    PAssert.that(counts)
        .inLatePane(window)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 3, "LATE", 1));
    PAssert.that(counts)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 2, "ON_TIME"),
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 3, "LATE", 1));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withoutAllowedLatenessALateElementIsDropped(TestPipeline pipeline) {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .advanceWatermarkTo(at("2018-05-28T00:00:00Z"))
            .addElements(event("a", "2018-05-28T00:01:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:11:00Z"))
            .addElements(event("a", "2018-05-28T00:02:00Z"))
            .advanceWatermarkToInfinity();

    PCollection<KV<String, WindowPane<Long>>> counts =
        pipeline.apply(stream).apply(WindowedCount.<String>fixed(TEN_MINUTES));

    PAssert.that(counts)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 1, "ON_TIME"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void earlyFiringsGiveProvisionalCountsBeforeTheOnTimePane(TestPipeline pipeline) {
    TestStream<String> stream =
        TestStream.create(StringUtf8Coder.of())
            .advanceWatermarkTo(at("2018-05-28T00:00:00Z"))
            .addElements(event("a", "2018-05-28T00:01:00Z"))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(event("a", "2018-05-28T00:02:00Z"))
            .advanceWatermarkTo(at("2018-05-28T00:11:00Z"))
            .advanceWatermarkToInfinity();
    IntervalWindow window = new IntervalWindow(at("2018-05-28T00:00:00Z"), TEN_MINUTES);

    PCollection<KV<String, WindowPane<Long>>> counts =
        pipeline
            .apply(stream)
            .apply(
                WindowedCount.<String>fixed(TEN_MINUTES)
                    .withEarlyFirings(Duration.standardMinutes(1)));

    PAssert.that(counts)
        .inEarlyPane(window)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 1, "EARLY"));
    PAssert.that(counts)
        .inOnTimePane(window)
        .containsInAnyOrder(
            result("a", "2018-05-28T00:00:00Z", "2018-05-28T00:10:00Z", 2, "ON_TIME", 1));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsNegativeAllowedLateness() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedCount.<String>fixed(TEN_MINUTES).withAllowedLateness(Duration.millis(-1)));
    assertEquals(
        FIVE_MINUTES,
        WindowedCount.<String>fixed(TEN_MINUTES)
            .withAllowedLateness(FIVE_MINUTES)
            .allowedLateness());
  }

  @Test
  void rejectsNonPositiveEarlyFiringInterval() {
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedCount.<String>isoWeeks().withEarlyFirings(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedCount.<String>isoWeeks().withEarlyFirings(null));
  }

  @Test
  void refusesWindowsThatAreNotPositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowedCount.fixed(Duration.ZERO));
    assertEquals("window size must be positive, was PT0S", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WindowedCount.fixed(null));
    assertThrows(
        IllegalArgumentException.class,
        () -> WindowedCount.sliding(TEN_MINUTES, Duration.millis(-1)));
    assertThrows(IllegalArgumentException.class, () -> WindowedCount.sliding(null, TEN_MINUTES));
  }

  @Test
  void withMethodsKeepTheWindows() {
    WindowedCount<String> weeks = WindowedCount.isoWeeks();
    WindowedCount<String> configured =
        weeks.withAllowedLateness(FIVE_MINUTES).withEarlyFirings(TEN_MINUTES);

    assertEquals(weeks.windowFn(), configured.windowFn());
    assertEquals(Duration.ZERO, weeks.allowedLateness());
    assertEquals(FIVE_MINUTES, configured.allowedLateness());
  }
}
