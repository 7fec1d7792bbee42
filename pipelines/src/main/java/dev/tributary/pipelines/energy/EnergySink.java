package dev.tributary.pipelines.energy;

import dev.tributary.io.bigquery.BigQuerySink;
import dev.tributary.io.bigquery.BigQuerySinkOptions;
import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Where the energy job writes: the answers as received and the three datasets, each an upsert by
 * its natural key (insert new, update changed, leave unchanged; the triggers of {@code
 * energy.changes} keep what an update replaced), counted per dataset in the run's ledger. The run
 * and the fetch are written with a change but are no change themselves; of two fetches of one key
 * the later wins, in one chunk and across chunks.
 *
 * <p>With {@code --sink=bigquery|both} the three datasets are also appended to BigQuery ({@code
 * energy_public_power}, {@code energy_prices}, {@code energy_installed_power} of
 * infra/sql/bigquery/tables.sql; their {@code _latest} views hold each key's last fetch); the
 * answers as received and the checks stay in PostgreSQL with the run's record.
 */
final class EnergySink {
  private static final String LATER_FETCH = "t.fetched_at <= EXCLUDED.fetched_at";

  private EnergySink() {}

  static UpsertSink<RawResponse> raw(Ledger ledger) {
    return UpsertSink.answersAsReceived(ledger, "energy.raw_responses", RawResponse::id);
  }

  static UpsertSink<PowerValue> publicPower(Ledger ledger) {
    return values(
            UpsertSink.<PowerValue>into(ledger.jdbcUrl(), Dataset.PUBLIC_POWER.table)
                .withKeys("country", "interval_start", "series"),
            ledger)
        .withCounting(level(ledger, Dataset.PUBLIC_POWER).written("public_power", PowerValue::id));
  }

  static UpsertSink<PriceValue> prices(Ledger ledger) {
    return values(
            UpsertSink.<PriceValue>into(ledger.jdbcUrl(), Dataset.PRICE.table)
                .withKeys("bzn", "interval_start"),
            ledger)
        .withCounting(level(ledger, Dataset.PRICE).written("prices", PriceValue::id));
  }

  static UpsertSink<InstalledValue> installedPower(Ledger ledger) {
    return values(
            UpsertSink.<InstalledValue>into(ledger.jdbcUrl(), Dataset.INSTALLED_POWER.table)
                .withKeys("country", "time_step", "measure", "series", "period_start"),
            ledger)
        .withCounting(
            level(ledger, Dataset.INSTALLED_POWER).written("installed_power", InstalledValue::id));
  }

  /**
   * The run's checks, one row per dataset, check and day of fetching (a stream's panes update it).
   */
  static UpsertSink<QualityCheck> qualityChecks(Ledger ledger) {
    return UpsertSink.<QualityCheck>into(ledger.jdbcUrl(), "energy.quality_checks")
        .withKeys("run_id", "dataset", "check_name", "window_start")
        .withValue("run_id", "?", ledger.runId())
        .withTimestamp("checked_at");
  }

  static BigQuerySink<PowerValue> publicPowerBigQuery(
      BigQuerySinkOptions options, Ledger ledger, boolean counted) {
    return bigQuery(
        BigQuerySink.<PowerValue>to("energy_public_power", options)
            .withDayPartitioning("interval_start")
            .withClustering("country", "series"),
        ledger,
        Dataset.PUBLIC_POWER,
        counted,
        PowerValue::id);
  }

  static BigQuerySink<PriceValue> pricesBigQuery(
      BigQuerySinkOptions options, Ledger ledger, boolean counted) {
    return bigQuery(
        BigQuerySink.<PriceValue>to("energy_prices", options)
            .withDayPartitioning("interval_start")
            .withClustering("bzn"),
        ledger,
        Dataset.PRICE,
        counted,
        PriceValue::id);
  }

  /** Not partitioned: a few thousand rows over decades would be as many tiny partitions. */
  static BigQuerySink<InstalledValue> installedPowerBigQuery(
      BigQuerySinkOptions options, Ledger ledger, boolean counted) {
    return bigQuery(
        BigQuerySink.<InstalledValue>to("energy_installed_power", options)
            .withClustering("country", "time_step", "series"),
        ledger,
        Dataset.INSTALLED_POWER,
        counted,
        InstalledValue::id);
  }

  /** Counted as the dataset's writes when BigQuery is the run's only store of it. */
  private static <T> BigQuerySink<T> bigQuery(
      BigQuerySink<T> sink,
      Ledger ledger,
      Dataset dataset,
      boolean counted,
      SerializableFunction<T, Long> id) {
    return counted
        ? sink.withCounting(level(ledger, dataset).written(dataset.key + " in BigQuery", id))
        : sink;
  }

  private static <T> UpsertSink<T> values(UpsertSink<T> sink, Ledger ledger) {
    return sink.withValue("run_id", "?", ledger.runId())
        .withUncompared("fetched_at", "run_id")
        .withTimestamp("changed_at")
        .withPreference("fetched_at DESC")
        .withUpdateCondition(LATER_FETCH);
  }

  /** The run's ledger for a dataset's level. */
  static Ledger level(Ledger ledger, Dataset dataset) {
    return new Ledger(ledger.jdbcUrl(), ledger.runId(), dataset.key);
  }
}
