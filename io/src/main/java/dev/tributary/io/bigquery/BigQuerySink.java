package dev.tributary.io.bigquery;

import static java.util.Objects.requireNonNull;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TimePartitioning;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.Steps;
import java.util.List;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
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
public final class BigQuerySink<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  /** How often a stream commits its rows (Storage Write API) or starts a load job. */
  private static final Duration STREAMING_COMMIT = Duration.standardSeconds(10);

  private final String table;
  private final BigQuerySinkOptions options;
  private final @Nullable String partitionField;
  private final List<String> clustering;

  private BigQuerySink(
      String table,
      BigQuerySinkOptions options,
      @Nullable String partitionField,
      List<String> clustering) {
    this.table = table;
    this.options = options;
    this.partitionField = partitionField;
    this.clustering = clustering;
  }

  /** Table {@code table} of {@code --bigQueryDataset}. */
  public static <T> BigQuerySink<T> to(String table, BigQuerySinkOptions options) {
    return new BigQuerySink<>(
        requireNonNull(table, "table"), requireNonNull(options, "options"), null, List.of());
  }

  /** One partition per day of {@code field}, a timestamp of the record. */
  public BigQuerySink<T> withDayPartitioning(String field) {
    return new BigQuerySink<>(table, options, requireNonNull(field, "field"), clustering);
  }

  /** Clustered by up to four {@code fields}, the columns analysts filter on first. */
  public BigQuerySink<T> withClustering(String... fields) {
    return new BigQuerySink<>(table, options, partitionField, List.of(fields));
  }

  /** {@code [project:]dataset.table}. */
  private String tableSpec() {
    return options.getBigQueryDataset() + "." + table;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> rows) {
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
    if (partitionField != null) {
      write =
          write.withTimePartitioning(
              new TimePartitioning().setType("DAY").setField(partitionField));
    }
    if (!clustering.isEmpty()) {
      write = write.withClustering(new Clustering().setFields(clustering));
    }
    if (options.as(StreamingOptions.class).isStreaming()) {
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
    if (!storageApi) {
      return rows.getPipeline()
          .apply("NoRefusedRows", Create.empty(Coders.of(rows.getPipeline(), DeadLetter.class)));
    }
    String source = "bigquery:" + tableSpec();
    return result
        .getFailedStorageApiInserts()
        .apply(
            "RefusedRows",
            MapElements.into(TypeDescriptor.of(DeadLetter.class))
                .via((BigQueryStorageApiInsertError e) -> refused(source, e)))
        .setCoder(Coders.of(rows.getPipeline(), DeadLetter.class));
  }

  private static DeadLetter refused(String source, BigQueryStorageApiInsertError error) {
    return DeadLetter.of(
        Location.none(source),
        0,
        Steps.BIGQUERY,
        String.valueOf(error.getErrorMessage()),
        String.valueOf(error.getRow()));
  }
}
