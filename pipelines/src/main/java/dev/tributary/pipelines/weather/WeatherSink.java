package dev.tributary.pipelines.weather;

import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;

/**
 * Where the weather job writes, each an upsert by natural key: the answers as received, the
 * readings (counted in the run's ledger; the trigger of {@code weather.observation_changes} keeps
 * what an update replaced) and the two derived tables. Of two fetches of one reading the later
 * wins; of two panes of one day or hour of a run, the later. A derived row changes with its values,
 * not with how its pane fired: a batch's one pane may come ON_TIME or LATE as the runner's
 * watermark happens to stand, and the same values must not count as a change.
 */
final class WeatherSink {
  private static final String LATER_FETCH = "t.fetched_at <= EXCLUDED.fetched_at";

  /** A pane of this run replaces an earlier one of this run; another run's is replaced anyway. */
  private static final String LATER_PANE =
      "t.run_id <> EXCLUDED.run_id OR t.pane_index <= EXCLUDED.pane_index";

  private WeatherSink() {}

  static UpsertSink<RawAnswer> raw(Ledger ledger) {
    return UpsertSink.<RawAnswer>into(ledger.jdbcUrl(), "weather.raw_responses")
        .withKeys("city_id", "observed_at")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("fetched_at", "run_id", "request")
        .withTimestamp("stored_at")
        .withPreference("fetched_at DESC")
        .withUpdateCondition(LATER_FETCH);
  }

  static UpsertSink<Observation> observations(Ledger ledger) {
    return UpsertSink.<Observation>into(ledger.jdbcUrl(), "weather.observations")
        .withKeys("city_id", "observed_at")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("fetched_at", "run_id", "units_requested")
        .withTimestamp("changed_at")
        .withPreference("fetched_at DESC")
        .withUpdateCondition(LATER_FETCH)
        .withCounting(ledger.written("observations", Observation::id));
  }

  static UpsertSink<DailySummary> daily(Ledger ledger) {
    return UpsertSink.<DailySummary>into(ledger.jdbcUrl(), "weather.daily_summaries")
        .withKeys("city_id", "local_date")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("run_id", "pane_index", "timing")
        .withTimestamp("updated_at")
        .withPreference("pane_index DESC")
        .withUpdateCondition(LATER_PANE);
  }

  static UpsertSink<HourlyTemperature> hourly(Ledger ledger) {
    return UpsertSink.<HourlyTemperature>into(ledger.jdbcUrl(), "weather.hourly_temperatures")
        .withKeys("city_id", "moving_hours", "hour_start")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("run_id", "pane_index", "timing")
        .withTimestamp("updated_at")
        .withPreference("pane_index DESC")
        .withUpdateCondition(LATER_PANE);
  }
}
