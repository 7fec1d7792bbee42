package dev.tributary.pipelines.trips;

import dev.tributary.io.kafka.KafkaJsonSink;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.window.SplitLate;
import dev.tributary.transforms.window.WindowedCount;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * What the trips job adds on a Kafka stream ({@code --source=kafka}), around the same parse, clean,
 * bucket and trips sink as the file job.
 *
 * <ul>
 *   <li>Event time is the trip's {@code datetime}; the watermark trails the latest one of each
 *       partition by {@code --maxOutOfOrderSeconds} ({@link dev.tributary.io.kafka.KafkaLines}).
 *   <li>Weekly counts per similar-trips group ({@link WindowedCount#isoWeeks}): a pane when the
 *       watermark passes the end of the week (ON_TIME), provisional panes every {@code
 *       --earlyFiringSeconds} before (EARLY), one per late trip within {@code
 *       --allowedLatenessMinutes} after (LATE). Panes <em>accumulate</em>: each carries the week's
 *       whole count, so the sink overwrites the row and a window firing many times (or a retried
 *       write) stays correct. Discarding panes would need additive upserts, which a retry would
 *       double.
 *   <li>Trips later than that are dead letters (step {@code window}, {@link SplitLate}), neither
 *       stored nor counted, so the trips tables and the weekly counts always agree.
 * </ul>
 */
final class TripsStream {
  private final WindowedCount<GeoBucketKey> weekly;

  TripsStream(TripsOptions options) {
    WindowedCount<GeoBucketKey> count =
        WindowedCount.<GeoBucketKey>isoWeeks()
            .withAllowedLateness(Duration.standardMinutes(options.getAllowedLatenessMinutes()));
    this.weekly =
        options.getEarlyFiringSeconds() > 0
            ? count.withEarlyFirings(Duration.standardSeconds(options.getEarlyFiringSeconds()))
            : count;
  }

  /** The records still in time for their week; the late ones go to the dead letters. */
  PCollection<SourceRecord> inTime(PCollection<SourceRecord> records, JobContext context) {
    SplitLate<SourceRecord> late =
        SplitLate.before(
            weekly,
            record -> record.getLocation().getSource(),
            (record, reason) -> DeadLetter.of(record, Steps.WINDOW, reason));
    PCollectionTuple split = records.apply(late);
    context.reject(split.get(DeadLetters.TAG));
    return split.get(late.onTimeTag());
  }

  /** Counts each group's trips per ISO week into trip_window_counts (and a topic, if named). */
  void countWeekly(
      PCollection<KV<GeoBucketKey, Trip>> trips, TripsOptions options, JobContext context) {
    PCollection<TripWindowCount> panes =
        trips
            .apply("GroupKeys", Keys.create())
            .apply("CountTripsPerWeek", weekly)
            .apply(
                "ToWindowCounts",
                MapElements.into(TypeDescriptor.of(TripWindowCount.class))
                    .via(TripWindowCount::of));
    if (options.getSink().postgres()) {
      context.write(
          "WriteWindowCounts",
          panes,
          TripWindowSink.of(
              options.getJdbcUrl(),
              options.getGrid(),
              options.getTimeBucketMinutes(),
              context.ledger().runId()));
    }
    if (!options.getWindowCountsTopic().isEmpty()) {
      panes.apply(
          "PublishWindowCounts",
          KafkaJsonSink.to(
              options.getBootstrapServers(),
              options.getWindowCountsTopic(),
              TripWindowCount::groupId));
    }
  }
}
