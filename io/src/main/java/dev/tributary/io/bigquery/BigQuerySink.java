package dev.tributary.io.bigquery;

import static java.util.Objects.requireNonNull;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TimePartitioning;
import com.google.auto.value.AutoValue;
import dev.tributary.io.runs.CountRecords;
import dev.tributary.io.runs.Counting;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.Steps;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Writes schema'd records to a BigQuery table with {@code BigQueryIO}, the table's columns being
 * the record's Beam schema (the same schema a Postgres sink encodes), partitioned by day on a
 * timestamp field and clustered, as {@link BigQuerySinkOptions} say. Returns the rows BigQuery
 * refused as dead letters (step {@code bigquery}, the error as reason, the row as raw): with the
 * Storage Write API every refused row comes back; a load job ({@code FILE_LOADS}) fails as a whole
 * instead, so there is nothing to return.
 *
 * <pre>{@code
 * PCollection<DeadLetter> refused = rows.apply(
 *     BigQuerySink.<TripRow>to("trips", options).withDayPartitioning("startedAt").withClustering("region"));
 * }</pre>
 */
@AutoValue
public abstract class BigQuerySink<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  /** How often a stream commits its rows (Storage Write API) or starts a load job. */
  private static final Duration STREAMING_COMMIT = Duration.standardSeconds(10);

  abstract String table();

  abstract BigQuerySinkOptions options();

  abstract @Nullable String partitionField();

  abstract List<String> clustering();

  abstract @Nullable Counting<T> counting();

  abstract Builder<T> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setTable(String table);

    abstract Builder<T> setOptions(BigQuerySinkOptions options);

    abstract Builder<T> setPartitionField(String field);

    abstract Builder<T> setClustering(List<String> fields);

    abstract Builder<T> setCounting(Counting<T> counting);

    abstract BigQuerySink<T> build();
  }

  /** Table {@code table} of {@code --bigQueryDataset}. */
  public static <T> BigQuerySink<T> to(String table, BigQuerySinkOptions options) {
    return new AutoValue_BigQuerySink.Builder<T>()
        .setTable(requireNonNull(table, "table"))
        .setOptions(requireNonNull(options, "options"))
        .setClustering(List.of())
        .build();
  }

  /** One partition per day of {@code field}, a timestamp of the record. */
  public BigQuerySink<T> withDayPartitioning(String field) {
    return toBuilder().setPartitionField(requireNonNull(field, "field")).build();
  }

  /** Clustered by up to four {@code fields}, the columns analysts filter on first. */
  public BigQuerySink<T> withClustering(String... fields) {
    if (fields.length > 4) {
      throw new IllegalArgumentException(
          "BigQuery clusters by at most 4 fields, got " + fields.length);
    }
    return toBuilder().setClustering(List.of(fields)).build();
  }

  /**
   * BigQuery is the run's store for these records: count them into the run's ledger once BigQuery
   * has them, and rows it refuses as rejected instead.
   */
  public BigQuerySink<T> withCounting(Counting<T> counting) {
    return toBuilder().setCounting(requireNonNull(counting, "counting")).build();
  }

  /** {@code [project:]dataset.table}. */
  private String tableSpec() {
    return options().getBigQueryDataset() + "." + table();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> rows) {
    BigQuerySinkOptions options = options();
    Counting<T> counting = counting();
    boolean storageApi =
        options.getBigQueryWriteMethod() == BigQuerySinkOptions.WriteMethod.STORAGE_WRITE_API;
    BigQueryIO.Write<T> write =
        BigQueryIO.<T>write()
            .to(tableSpec())
            .useBeamSchema()
            .withMethod(
                storageApi
                    ? BigQueryIO.Write.Method.STORAGE_WRITE_API
                    : BigQueryIO.Write.Method.FILE_LOADS)
            .withCreateDisposition(options.getBigQueryCreateDisposition())
            .withWriteDisposition(options.getBigQueryWriteDisposition());
    if (partitionField() != null) {
      write =
          write.withTimePartitioning(
              new TimePartitioning().setType("DAY").setField(partitionField()));
    }
    if (!clustering().isEmpty()) {
      write = write.withClustering(new Clustering().setFields(clustering()));
    }
    boolean streaming = options.as(StreamingOptions.class).isStreaming();
    if (streaming) {
      write = write.withTriggeringFrequency(STREAMING_COMMIT);
      write = storageApi ? write.withAutoSharding() : write.withNumFileShards(1);
    }
    if (options.getBigQueryServices() != null) {
      write = write.withTestServices(options.getBigQueryServices());
    }
    if (!options.getBigQueryValidate() || options.getBigQueryServices() != null) {
      write = write.withoutValidation();
    }
    WriteResult result = rows.apply("WriteBigQuery", write);
    Coder<DeadLetter> letterCoder = Coders.of(rows.getPipeline(), DeadLetter.class);
    if (counting != null) {
      // Counted once the write steps are done: after the load jobs, or the Storage Write API's
      // appends; a stream's global window never ends, so there rows count as they are handed over.
      PCollection<T> written =
          streaming
              ? rows
              : rows.apply(
                  "AfterWrite",
                  Wait.on(
                      storageApi
                          ? result.getFailedStorageApiInserts()
                          : result.getSuccessfulTableLoads()));
      written.apply("CountWritten", CountRecords.of(counting));
    }
    if (!storageApi) {
      // A load job refuses nothing row by row; the empty collection ends when the loads do.
      return result
          .getSuccessfulTableLoads()
          .apply("NoRefusedRows", ParDo.of(new NothingFn<>()))
          .setCoder(letterCoder);
    }
    String source = "bigquery:" + tableSpec();
    boolean counted = counting != null;
    PCollection<DeadLetter> refused =
        result
            .getFailedStorageApiInserts()
            .apply(
                "RefusedRows",
                MapElements.into(TypeDescriptor.of(DeadLetter.class))
                    .via((BigQueryStorageApiInsertError e) -> refused(source, e, counted)))
            .setCoder(letterCoder);
    return counted
        ? refused.apply("CountRefused", CountRecords.refused(counting.refusals()))
        : refused;
  }

  /** Outputs nothing: a signal that completes with its input. */
  private static final class NothingFn<I> extends DoFn<I, DeadLetter> {
    @ProcessElement
    public void process() {}
  }

  /**
   * A row BigQuery refused, as a dead letter: a rejection of the run where BigQuery is its store,
   * nothing where it keeps a copy (the run's own store has the record).
   */
  private static DeadLetter refused(
      String source, BigQueryStorageApiInsertError error, boolean counted) {
    DeadLetter letter =
        DeadLetter.of(
            Location.none(source),
            0,
            Steps.BIGQUERY,
            String.valueOf(error.getErrorMessage()),
            String.valueOf(error.getRow()));
    return counted ? letter : letter.withCounts(Map.of());
  }
}
