package dev.tributary.io.sinks;

import dev.tributary.io.bigquery.BigQuerySinkOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where a pipeline that can write BigQuery stores its records and dead letters: PostgreSQL,
 * BigQuery or both. The run record and its counts are always PostgreSQL's ({@code ops}).
 */
public interface SinkOptions extends BigQuerySinkOptions {
  /** The stores; the names are the option's values. */
  enum Sink {
    postgres,
    bigquery,
    both;

    public boolean postgres() {
      return this != bigquery;
    }

    public boolean bigQuery() {
      return this != postgres;
    }
  }

  @Description(
      "postgres (the model, aggregates and dead letters), bigquery (tables for analysts,"
          + " infra/sql/bigquery) or both. The run record and its counts stay in PostgreSQL.")
  @Default.Enum("postgres")
  Sink getSink();

  void setSink(Sink value);
}
