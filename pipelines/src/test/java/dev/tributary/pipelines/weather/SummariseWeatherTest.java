package dev.tributary.pipelines.weather;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The derived tables on a stream: early, on-time and late panes, and a late reading's update. */
@ExtendWith(TestPipelineExtension.class)
class SummariseWeatherTest {
  private static final long CITY = 2950159;

  private static TimestampedValue<KV<Long, Reading>> reading(
      String at, double celsius, boolean fresh) {
    Instant time = Instant.parse(at);
    return TimestampedValue.of(
        KV.of(
            CITY,
            new Reading(
                time.getMillis(), time.getMillis() + 60_000, 7200, celsius, 60, 0, 800, fresh)),
        time);
  }

  private static PCollection<String> days(PCollectionTuple derived) {
    return derived
        .get(SummariseWeather.DAILY)
        .apply(
            "DayLines",
            MapElements.into(TypeDescriptors.strings())
                .via(
                    d ->
                        d.getLocalDate()
                            + " "
                            + d.getTiming()
                            + " "
                            + d.getReadings()
                            + " "
                            + d.getMeanC()));
  }

  @Test
  void aDayIsUpdatedEarlyClosedOnTimeAndReopenedByALateReading(TestPipeline pipeline) {
    // Berlin in summer (+02:00): 2025-06-15 is 2025-06-14T22:00Z to 2025-06-15T22:00Z.
    TestStream<KV<Long, Reading>> stream =
        TestStream.create(KvCoder.of(VarLongCoder.of(), Reading.CODER))
            .advanceWatermarkTo(Instant.parse("2025-06-15T07:00:00Z"))
            .addElements(
                reading("2025-06-14T22:30:00Z", 14, true), // 00:30 local: the 15th, not the 14th
                reading("2025-06-15T09:00:00Z", 20, true))
            .advanceProcessingTime(Duration.standardMinutes(2))
            .addElements(reading("2025-06-15T09:00:00Z", 20, true)) // a repeated poll
            .advanceWatermarkTo(Instant.parse("2025-06-17T00:00:00Z"))
            .addElements(reading("2025-06-15T15:00:00Z", 26, true)) // late, within the lateness
            .advanceWatermarkToInfinity();
    PCollectionTuple derived =
        pipeline
            .apply(stream)
            .apply(new SummariseWeather(5, Duration.standardDays(2), Duration.standardMinutes(1)));
    PAssert.that(days(derived))
        .containsInAnyOrder(
            "2025-06-15 EARLY 2 17.0", "2025-06-15 ON_TIME 2 17.0", "2025-06-15 LATE 3 20.0");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void readingsReadBackAloneMakeNoRow(TestPipeline pipeline) {
    PCollectionTuple derived =
        pipeline
            .apply(
                Create.timestamped(
                        reading("2025-06-14T09:00:00Z", 12, false),
                        reading("2025-06-15T09:00:00Z", 18, false),
                        reading("2025-06-15T09:10:00Z", 20, true))
                    .withCoder(KvCoder.of(VarLongCoder.of(), Reading.CODER)))
            .apply(new SummariseWeather(2, Duration.standardDays(2), null));
    PAssert.that(days(derived)).containsInAnyOrder("2025-06-15 ON_TIME 2 19.0");
    PAssert.that(
            derived
                .get(SummariseWeather.HOURLY)
                .apply(
                    "HourLines",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            h ->
                                h.getHourStart()
                                    + " "
                                    + h.getMeanC()
                                    + " "
                                    + h.getMovingMeanC()
                                    + " "
                                    + h.getHoursPresent()
                                    + " "
                                    + h.getComplete())))
        .containsInAnyOrder("2025-06-15T09:00:00.000Z 19.0 19.0 1 false");
    pipeline.run().waitUntilFinish();
  }
}
