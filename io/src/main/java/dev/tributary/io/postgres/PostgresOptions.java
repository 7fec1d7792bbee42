package dev.tributary.io.postgres;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Where a pipeline's PostgreSQL lives. */
public interface PostgresOptions extends PipelineOptions {
  String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/tributary";
  String JDBC_URL_ENV = "TRIBUTARY_JDBC_URL";

  @Description(
      "JDBC URL of the PostgreSQL database, e.g. jdbc:postgresql://127.0.0.1:5432/tributary?user=postgres."
          + " Default: $TRIBUTARY_JDBC_URL, else "
          + DEFAULT_JDBC_URL
          + " (user postgres unless the URL names one).")
  @Default.InstanceFactory(JdbcUrlFactory.class)
  String getJdbcUrl();

  void setJdbcUrl(String value);

  @Description(
      "Records the bulk sinks commit per transaction, at most: a chunk's rows and its counts in the"
          + " run's ledger commit together (roofs commits 500 models at most).")
  @Default.Long(CopyMergeSink.DEFAULT_ROWS_PER_TRANSACTION)
  long getRowsPerTransaction();

  void setRowsPerTransaction(long value);

  /** $TRIBUTARY_JDBC_URL when set, else the local default. */
  class JdbcUrlFactory implements DefaultValueFactory<String> {
    @Override
    public String create(PipelineOptions options) {
      String fromEnv = System.getenv(JDBC_URL_ENV);
      return fromEnv == null || fromEnv.isBlank() ? DEFAULT_JDBC_URL : fromEnv;
    }
  }
}
