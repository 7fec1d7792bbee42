package dev.tributary.io.bigquery;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Where and how a pipeline writes BigQuery tables for analysts. */
public interface BigQuerySinkOptions extends PipelineOptions {
  /** How rows reach BigQuery. */
  enum WriteMethod {
    /**
     * Exactly-once Storage Write API: rows visible within seconds, failed rows reported per row.
     */
    STORAGE_WRITE_API,
    /**
     * Batch load jobs through files in --tempLocation: free of streaming charges, all or nothing.
     */
    FILE_LOADS
  }

  @Description("BigQuery dataset, [project:]dataset; the project defaults to --project.")
  @Default.String("tributary")
  String getBigQueryDataset();

  void setBigQueryDataset(String value);

  @Description("STORAGE_WRITE_API or FILE_LOADS (load jobs through --tempLocation).")
  @Default.Enum("STORAGE_WRITE_API")
  WriteMethod getBigQueryWriteMethod();

  void setBigQueryWriteMethod(WriteMethod value);

  @Description("CREATE_IF_NEEDED (tables from infra/sql/bigquery's schema) or CREATE_NEVER.")
  @Default.Enum("CREATE_IF_NEEDED")
  CreateDisposition getBigQueryCreateDisposition();

  void setBigQueryCreateDisposition(CreateDisposition value);

  @Description("WRITE_APPEND, WRITE_TRUNCATE or WRITE_EMPTY.")
  @Default.Enum("WRITE_APPEND")
  WriteDisposition getBigQueryWriteDisposition();

  void setBigQueryWriteDisposition(WriteDisposition value);

  @Description(
      "Check when the job is built that the dataset exists (one BigQuery API call); false skips"
          + " it, e.g. to translate a job with no network.")
  @Default.Boolean(true)
  boolean getBigQueryValidate();

  void setBigQueryValidate(boolean value);

  /** Beam's fake BigQuery services in tests; null writes to the real service. */
  @Hidden
  @JsonIgnore
  @Nullable BigQueryServices getBigQueryServices();

  void setBigQueryServices(@Nullable BigQueryServices value);
}
