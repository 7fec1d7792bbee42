package dev.tributary.io.sources;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.kafka.EventTime;
import dev.tributary.io.postgres.StagedQuery;
import java.io.Serializable;
import java.util.List;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * What a pipeline reads, whichever source it comes from: CSV lines (a header in each file, unless
 * {@link #withoutHeader}; a topic's records in the same column order, without one) or JSON
 * documents, from which files, topic, API requests or staged records, with the event time a topic's
 * records carry in their payload, or files watched as they arrive. {@link Sources} reads it as
 * {@link SourceOptions} say.
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
    String filesOption,
    @Nullable String topic,
    @Nullable EventTime eventTime,
    @Nullable HttpRequests requests,
    @Nullable StagedQuery staged,
    @Nullable Watched watched,
    boolean header)
    implements Serializable {
  private static final String INPUT_OPTION = "--input";

  /** A folder watched for new files: how often, and which of the new ones to read. */
  public record Watched(
      Duration every, PTransform<PCollection<Metadata>, PCollection<Metadata>> select)
      implements Serializable {}

  /** CSV records with {@code columns}; {@code name} names the read step ("ReadTripsCsv"). */
  public static Input csv(String name, List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a CSV input needs its expected columns");
    }
    return new Input(
        requireNonNull(name, "name"),
        List.copyOf(columns),
        null,
        INPUT_OPTION,
        null,
        null,
        null,
        null,
        null,
        true);
  }

  /** JSON documents: one object per file, an array of them, JSON Lines, or one per record. */
  public static Input json(String name) {
    return new Input(
        requireNonNull(name, "name"), null, null, INPUT_OPTION, null, null, null, null, null, true);
  }

  /** The files to read with {@code --source=file}: a path or glob, given by {@code --input}. */
  public Input files(String pattern) {
    return files(pattern, INPUT_OPTION);
  }

  /**
   * The files to read: a path or glob given by {@code option}, which a mistake in it names (a
   * second input of a job, say {@code --catalogue}).
   */
  public Input files(String pattern, String option) {
    return new Input(
        name,
        columns,
        requireNonNull(pattern, "pattern"),
        requireNonNull(option, "option"),
        topic,
        eventTime,
        requests,
        staged,
        watched,
        header);
  }

  /** The topic to read with {@code --source=kafka}, its records' event time in their payload. */
  public Input topic(String topic, EventTime eventTime) {
    return new Input(
        name,
        columns,
        files,
        filesOption,
        requireNonNull(topic, "topic"),
        requireNonNull(eventTime, "eventTime"),
        requests,
        staged,
        watched,
        header);
  }

  /** The API requests to fetch with {@code --source=http}: each answer is a record. */
  public Input requests(HttpRequests requests) {
    return new Input(
        name,
        columns,
        files,
        filesOption,
        topic,
        eventTime,
        requireNonNull(requests, "requests"),
        staged,
        watched,
        header);
  }

  /**
   * The records kept in PostgreSQL to read with {@code --source=staged}: what an earlier run stored
   * as it came (an API's answers), read again instead of the source.
   */
  public Input staged(StagedQuery query) {
    return new Input(
        name,
        columns,
        files,
        filesOption,
        topic,
        eventTime,
        requests,
        requireNonNull(query, "query"),
        watched,
        header);
  }

  /**
   * Its {@link #files} watched, a stream: every {@code every} the files the pattern names that were
   * not there before, those {@code select} passes read once each, until the job is stopped.
   */
  public Input watched(
      Duration every, PTransform<PCollection<Metadata>, PCollection<Metadata>> select) {
    if (!isCsv()) {
      throw new IllegalArgumentException(name + ": only CSV files are watched");
    }
    return new Input(
        name,
        columns,
        files,
        filesOption,
        topic,
        eventTime,
        requests,
        staged,
        new Watched(requireNonNull(every, "every"), requireNonNull(select, "select")),
        header);
  }

  /**
   * CSV files without a header line (a published data set such as car.data): every line is a
   * record, its values in the order of the columns.
   */
  public Input withoutHeader() {
    if (!isCsv()) {
      throw new IllegalArgumentException(name + ": only CSV files have a header to go without");
    }
    return new Input(
        name, columns, files, filesOption, topic, eventTime, requests, staged, watched, false);
  }

  boolean isCsv() {
    return columns != null;
  }
}
