package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.Steps;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class SplitLateTest {
  private static final Duration TEN_MINUTES = Duration.standardMinutes(10);
  private static final WindowedCount<String> COUNT =
      WindowedCount.<String>fixed(TEN_MINUTES).withAllowedLateness(Duration.standardMinutes(5));

  private static TimestampedValue<String> event(String utc) {
    return TimestampedValue.of(utc, Instant.parse(utc));
  }

  private static DeadLetter deadLetter(String record, String reason) {
    return DeadLetter.of(Location.of("test", 0), 0, Steps.WINDOW, reason, record);
  }

  private static SplitLate<String> split() {
    return SplitLate.before(COUNT, record -> "partition-0", SplitLateTest::deadLetter);
  }

  /**
   * Window [00:00, 00:10), lateness 5 min: 00:03 arrives at watermark 00:11 (late, still counted),
   * 00:04 at 00:30 (too late: Beam would drop it).
   */
  private static TestStream<String> stream() {
    return TestStream.create(StringUtf8Coder.of())
        .advanceWatermarkTo(Instant.parse("2018-05-28T00:00:00Z"))
        .addElements(event("2018-05-28T00:01:00Z"), event("2018-05-28T00:02:00Z"))
        .advanceWatermarkTo(Instant.parse("2018-05-28T00:11:00Z"))
        .addElements(event("2018-05-28T00:03:00Z"))
        .advanceWatermarkTo(Instant.parse("2018-05-28T00:30:00Z"))
        .addElements(event("2018-05-28T00:04:00Z"))
        .advanceWatermarkToInfinity();
  }

  @Test
  void deadLettersWhatTheWindowWouldDropAndPassesTheRest(TestPipeline pipeline) {
    SplitLate<String> split = split();
    PCollectionTuple out = pipeline.apply(stream()).apply(split);

    PAssert.that(out.get(split.onTimeTag()))
        .containsInAnyOrder("2018-05-28T00:01:00Z", "2018-05-28T00:02:00Z", "2018-05-28T00:03:00Z");
    PAssert.that(out.get(DeadLetters.TAG))
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size());
              DeadLetter late = all.get(0);
              assertEquals("2018-05-28T00:04:00Z", late.getRaw());
              assertEquals(Steps.WINDOW, late.getStep());
              assertTrue(
                  late.getReason()
                      .startsWith(
                          "late: event time 2018-05-28T00:04:00.000Z falls in"
                              + " window [2018-05-28T00:00:00.000Z..2018-05-28T00:10:00.000Z)"),
                  late.getReason());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  /** What passes is counted: the late pane holds all 3 records that were in time. */
  @Test
  void everyRecordIsCountedOrDeadLettered(TestPipeline pipeline) {
    SplitLate<String> split = split();
    PCollectionTuple out = pipeline.apply(stream()).apply(split);
    PCollection<KV<String, WindowPane<Long>>> counts =
        out.get(split.onTimeTag())
            .apply(MapElements.into(TypeDescriptors.strings()).via(record -> "a"))
            .apply(COUNT);

    PAssert.that(counts)
        .inLatePane(new IntervalWindow(Instant.parse("2018-05-28T00:00:00Z"), TEN_MINUTES))
        .containsInAnyOrder(
            KV.of(
                "a",
                WindowPane.of(
                    Instant.parse("2018-05-28T00:00:00Z"),
                    Instant.parse("2018-05-28T00:10:00Z"),
                    3L,
                    3,
                    "LATE",
                    1)));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void splitsBeforeAWindowedCombineAsBeforeACount(TestPipeline pipeline) {
    WindowedCombine<String, Long, Long> sum =
        WindowedCombine.<String, Long, Long>perKey(Windows.fixed(TEN_MINUTES), Sum.ofLongs())
            .withAllowedLateness(Duration.standardMinutes(5));
    SplitLate<String> split = SplitLate.before(sum, record -> "p", SplitLateTest::deadLetter);
    PCollectionTuple out = pipeline.apply(stream()).apply(split);

    PAssert.that(out.get(split.onTimeTag()))
        .containsInAnyOrder("2018-05-28T00:01:00Z", "2018-05-28T00:02:00Z", "2018-05-28T00:03:00Z");
    PAssert.that(
            out.get(DeadLetters.TAG)
                .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getRaw)))
        .containsInAnyOrder("2018-05-28T00:04:00Z");
    pipeline.run().waitUntilFinish();
  }

  /** A local day's window depends on the element's offset, not on its timestamp alone. */
  @Test
  void refusesLocalDays() {
    WindowedCombine<String, Integer, Long> perDay =
        WindowedCombine.perKey(
            Windows.<KV<String, Integer>>localDays(KV::getValue), Count.combineFn());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SplitLate.before(perDay, record -> "k", SplitLateTest::deadLetter));
    assertTrue(
        e.getMessage().startsWith("late records can only be split off before fixed windows"),
        e.getMessage());
  }

  @Test
  void refusesSlidingWindows() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SplitLate.<String>before(
                WindowedCount.<String>sliding(TEN_MINUTES, Duration.standardMinutes(5)),
                record -> "k",
                (record, reason) ->
                    DeadLetter.of(Location.of("t", 0), 0, Steps.WINDOW, reason, record)));
  }

  @Test
  void onTimeTagIsTheSameForEverySplitLate() {
    SplitLate<String> other =
        SplitLate.before(
            WindowedCount.<String>isoWeeks(),
            record -> record,
            (record, reason) ->
                DeadLetter.of(Location.of("t", 0), 0, Steps.WINDOW, reason, record));

    assertEquals(split().onTimeTag(), other.onTimeTag());
  }

  @Test
  void refusesNullArguments() {
    assertThrows(
        NullPointerException.class,
        () ->
            SplitLate.<String>before(
                (WindowedCount<?>) null, record -> "k", (record, reason) -> null));
    assertThrows(
        NullPointerException.class,
        () ->
            SplitLate.<String>before(
                (WindowedCombine<?, ?, ?>) null, record -> "k", (record, reason) -> null));
    assertThrows(
        NullPointerException.class,
        () -> SplitLate.<String>before(COUNT, null, (record, reason) -> null));
    assertThrows(NullPointerException.class, () -> SplitLate.<String>before(COUNT, r -> "k", null));
  }
}
