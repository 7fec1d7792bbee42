package dev.tributary.pipelines.trips;

import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.kafka.KafkaJsonSink;
import dev.tributary.io.kafka.KafkaLines;
import dev.tributary.io.postgres.DeadLetterSink;
import dev.tributary.io.status.CountRead;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceLine;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.window.SplitLate;
import dev.tributary.transforms.window.WindowedCount;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
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

  static void build(
      Pipeline pipeline, TripsOptions options, String jdbcUrl, long runId, int groupingId) {
    WindowedCount<GeoBucketKey> weekly = weeklyCount(options);
    SplitLate<SourceLine> late =
        SplitLate.before(
            weekly,
            SourceLine::getSource,
            (line, reason) -> DeadLetter.of(line, SplitLate.STEP, reason));
    PCollectionTuple split =
        pipeline
            .apply("ReadTripsKafka", read(options))
            .apply("CountRead", CountRead.<SourceLine>into(jdbcUrl, runId))
            .apply(late);
    TripsPipeline.Graph graph = TripsPipeline.buildGraph(split.get(late.onTimeTag()), options);

    graph.trips.apply("WriteTrips", TripsSink.writeAndFold(jdbcUrl, runId, groupingId));
    PCollection<TripWindowCount> panes =
        graph
            .trips
            .apply("GroupKeys", Keys.create())
            .apply("CountTripsPerWeek", weekly)
            .apply(
                "ToWindowCounts",
                MapElements.into(TypeDescriptor.of(TripWindowCount.class))
                    .via(TripWindowCount::of));
    panes.apply("WriteWindowCounts", TripWindowSink.of(jdbcUrl, groupingId));
    if (!options.getWindowCountsTopic().isEmpty()) {
      panes.apply(
          "PublishWindowCounts",
          KafkaJsonSink.to(
              options.getBootstrapServers(),
              options.getWindowCountsTopic(),
              TripWindowCount::groupId));
    }
    // Records of a topic have offsets, not line numbers: nothing to resolve.
    PCollectionList.of(graph.deadLetters)
        .and(split.get(DeadLetters.TAG))
        .apply("AllDeadLetters", Flatten.pCollections())
        .apply("WriteDeadLetters", DeadLetterSink.of(jdbcUrl, TripsPipeline.NAME, runId));
  }

  private static KafkaLines read(TripsOptions options) {
    KafkaLines read =
        KafkaLines.read(options.getBootstrapServers(), options.getTopic())
            .withConsumerGroup(options.getConsumerGroup())
            .withEventTime(EventTime.csvColumn(Trip.COLUMNS, "datetime"))
            .withMaxOutOfOrder(Duration.standardSeconds(options.getMaxOutOfOrderSeconds()));
    return options.getMaxRecords() > 0 ? read.withMaxRecords(options.getMaxRecords()) : read;
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
