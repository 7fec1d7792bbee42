package dev.tributary.io.sources;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.postgres.StagedQuery;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a pipeline reads, whichever source it comes from: CSV lines (a header in each file; a
 * topic's records in the same column order, without one) or JSON documents, from which files,
 * topic, API requests or staged records, with the event time a topic's records carry in their
 * payload. {@link Sources} reads it as {@link SourceOptions} say.
 *
 * <pre>{@code
 * Input.csv("Trips", Trip.COLUMNS)
 *     .files(options.getInput())
 *     .topic(options.getTopic(), EventTime.csvColumn(Trip.COLUMNS, "datetime"));
 * Input.json("Power").requests(HttpRequests.of(probeUrl, backfill).every(every, requestsAt));
 * }</pre>
 */
public record Input(
    String name,
    @Nullable List<String> columns,
    @Nullable String files,
    @Nullable String topic,
    @Nullable EventTime eventTime,
    @Nullable HttpRequests requests,
    @Nullable StagedQuery staged)
    implements Serializable {

  /** CSV records with {@code columns}; {@code name} names the read step ("ReadTripsCsv"). */
  public static Input csv(String name, List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a CSV input needs its expected columns");
    }
    return new Input(
        requireNonNull(name, "name"), List.copyOf(columns), null, null, null, null, null);
  }

  /** JSON documents: one object per file, an array of them, JSON Lines, or one per record. */
  public static Input json(String name) {
    return new Input(requireNonNull(name, "name"), null, null, null, null, null, null);
  }

  /** The files to read with {@code --source=file}: a path or glob. */
  public Input files(String pattern) {
    return new Input(
        name, columns, requireNonNull(pattern, "pattern"), topic, eventTime, requests, staged);
  }

  /** The topic to read with {@code --source=kafka}, its records' event time in their payload. */
  public Input topic(String topic, EventTime eventTime) {
    return new Input(
        name,
        columns,
        files,
        requireNonNull(topic, "topic"),
        requireNonNull(eventTime, "eventTime"),
        requests,
        staged);
  }

  /** The API requests to fetch with {@code --source=http}: each answer is a record. */
  public Input requests(HttpRequests requests) {
    return new Input(
        name, columns, files, topic, eventTime, requireNonNull(requests, "requests"), staged);
  }

  /**
   * The records kept in PostgreSQL to read with {@code --source=staged}: what an earlier run stored
   * as it came (an API's answers), read again instead of the source.
   */
  public Input staged(StagedQuery query) {
    return new Input(
        name, columns, files, topic, eventTime, requests, requireNonNull(query, "query"));
  }

  boolean isCsv() {
    return columns != null;
  }
}
