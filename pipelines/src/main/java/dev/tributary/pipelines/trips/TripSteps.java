package dev.tributary.pipelines.trips;

import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.geo.GeoBucket;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.parse.ParseCsv;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;

/**
 * The trips graph between a source of lines and the sinks: parse, clean and bucket. Everything but
 * IO, so tests feed it {@code Create.of(...)}; a bulk load runs the same parser and bucket inside
 * its writer ({@link TripsBulkRows#fromLines}).
 */
final class TripSteps {
  private TripSteps() {}

  /** Bucketed trips and the dead letters of the lines that are not trips. */
  record Graph(PCollection<KV<GeoBucketKey, Trip>> trips, PCollection<DeadLetter> deadLetters) {}

  static Graph apply(PCollection<SourceRecord> lines, TripsOptions options) {
    ParseCsv<Trip> parse = parse(options);
    PCollectionTuple parsed = lines.apply("ParseAndCleanTrips", parse);
    PCollection<KV<GeoBucketKey, Trip>> bucketed =
        parsed.get(parse.parsedTag()).apply("BucketTrips", bucket(options));
    return new Graph(bucketed, parsed.get(DeadLetters.TAG));
  }

  /** Parses and cleans lines into trips; cleaning runs inside the parser's DoFn, one step. */
  static ParseCsv<Trip> parse(TripsOptions options) {
    return ParseCsv.of(Trip.class, Trip.COLUMNS, Trip::fromCsv)
        .withCleaning(TripRules.clean(options));
  }

  /** Keys each trip by its similar-trips bucket: region, origin and destination cell, time. */
  static GeoBucket<Trip> bucket(TripsOptions options) {
    return GeoBucket.of(
            Trip::getRegion, Trip::getOrigin, Trip::getDestination, Trip::getStartedAtMillis)
        .withGrid(TripRules.grid(options))
        .withTimeBucket(Duration.standardMinutes(options.getTimeBucketMinutes()));
  }
}
