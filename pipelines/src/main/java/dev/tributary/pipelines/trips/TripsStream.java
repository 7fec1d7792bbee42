package dev.tributary.pipelines.trips;

import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.kafka.KafkaJsonSink;
import dev.tributary.io.kafka.KafkaLines;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.window.SplitLate;
import dev.tributary.transforms.window.WindowedCount;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * The streaming half of the trips job ({@code --source=kafka}): the same parse, clean, bucket and
 * trips sink as the file job, plus what only a stream needs.
 *
 * <ul>
 *   <li>Event time is the trip's {@code datetime}; the watermark trails the latest one of each
 *       partition by {@code --maxOutOfOrderSeconds} ({@link KafkaLines}).
 *   <li>Weekly counts per similar-trips group ({@link WindowedCount#isoWeeks}): a pane when the
 *       watermark passes the end of the week (ON_TIME), provisional panes every {@code
 *       --earlyFiringSeconds} before (EARLY), one per late trip within {@code
 *       --allowedLatenessMinutes} after (LATE). Panes <em>accumulate</em>: each carries the week's
 *       whole count, so the sink overwrites the row and a window firing many times (or a retried
 *       write) stays correct. Discarding panes would need additive upserts, which a retry would
 *       double.
 *   <li>Trips later than that are dead letters (step {@code window}, {@link SplitLate}), neither
 *       stored nor counted, so the trips tables and the weekly counts always agree.
 *   <li>Each chunk of new trips is folded into the aggregates at once, so they are current while
 *       the stream runs.
 * </ul>
 */
final class TripsStream {
  private TripsStream() {}

  static void build(Pipeline pipeline, TripsOptions options, TripsPipeline.Target target) {
    WindowedCount<GeoBucketKey> weekly = weeklyCount(options);
    SplitLate<SourceRecord> late =
        SplitLate.before(
            weekly,
            record -> record.getLocation().getSource(),
            (line, reason) -> DeadLetter.of(line, Steps.WINDOW, reason));
    PCollectionTuple split =
        TripsOutputs.countRead(pipeline.apply("ReadTripsKafka", read(options)), target).apply(late);
    TripsPipeline.Graph graph = TripsPipeline.buildGraph(split.get(late.onTimeTag()), options);

    PCollection<TripWindowCount> panes =
        graph
            .trips
            .apply("GroupKeys", Keys.create())
            .apply("CountTripsPerWeek", weekly)
            .apply(
                "ToWindowCounts",
                MapElements.into(TypeDescriptor.of(TripWindowCount.class))
                    .via(TripWindowCount::of));
    if (target.postgres()) {
      panes.apply(
          "WriteWindowCounts",
          TripWindowSink.of(target.jdbcUrl(), target.groupingId(), target.runId()));
    }
    if (!options.getWindowCountsTopic().isEmpty()) {
      panes.apply(
          "PublishWindowCounts",
          KafkaJsonSink.to(
              options.getBootstrapServers(),
              options.getWindowCountsTopic(),
              TripWindowCount::groupId));
    }
    TripsOutputs.write(
        graph.trips, List.of(graph.deadLetters, split.get(DeadLetters.TAG)), options, target);
  }

  private static KafkaLines read(TripsOptions options) {
    return KafkaLines.read(options, options.getTopic())
        .withEventTime(EventTime.csvColumn(Trip.COLUMNS, "datetime"));
  }

  static WindowedCount<GeoBucketKey> weeklyCount(TripsOptions options) {
    WindowedCount<GeoBucketKey> weekly =
        WindowedCount.<GeoBucketKey>isoWeeks()
            .withAllowedLateness(Duration.standardMinutes(options.getAllowedLatenessMinutes()));
    return options.getEarlyFiringSeconds() > 0
        ? weekly.withEarlyFirings(Duration.standardSeconds(options.getEarlyFiringSeconds()))
        : weekly;
  }
}
