package dev.tributary.pipelines;

import dev.tributary.transforms.window.WindowPane;
import dev.tributary.transforms.window.WindowedCount;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * WindowedCount on the FlinkRunner in streaming mode. With an allowed lateness, Beam 2.70's Flink
 * runner fires a second, empty ON_TIME pane when a window is garbage-collected in the same
 * watermark step that closed it; WindowedCount (its WindowedCombine) must not pass that empty pane
 * on.
 */
class WindowedCountOnFlinkIT {
  private static final Instant WEEK = Instant.parse("2018-05-07T00:00:00Z");

  @Test
  void eachWindowGivesOneOnTimePaneWithItsCount() {
    Pipeline pipeline =
        Pipeline.create(
            PipelineOptionsFactory.fromArgs(
                    "--runner=FlinkRunner", "--flinkMaster=[local]", "--streaming=true")
                .create());
    TestStream<String> events =
        TestStream.create(StringUtf8Coder.of())
            .addElements(
                TimestampedValue.of("Prague", Instant.parse("2018-05-07T08:00:00Z")),
                TimestampedValue.of("Prague", Instant.parse("2018-05-08T08:00:00Z")),
                TimestampedValue.of("Turin", Instant.parse("2018-05-08T09:00:00Z")))
            .advanceWatermarkToInfinity();

    PAssert.that(
            pipeline
                .apply(events)
                .apply(
                    WindowedCount.<String>isoWeeks()
                        .withAllowedLateness(Duration.standardHours(1))))
        .containsInAnyOrder(
            KV.of(
                "Prague",
                WindowPane.of(WEEK, WEEK.plus(Duration.standardDays(7)), 2L, 2, "ON_TIME", 0)),
            KV.of(
                "Turin",
                WindowPane.of(WEEK, WEEK.plus(Duration.standardDays(7)), 1L, 1, "ON_TIME", 0)));
    pipeline.run().waitUntilFinish();
  }
}
