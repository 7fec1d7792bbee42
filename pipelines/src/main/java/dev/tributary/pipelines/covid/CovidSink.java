package dev.tributary.pipelines.covid;

import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;

/**
 * Where the covid job writes, each an upsert by natural key, counted in the run's ledger: the
 * answers as received (the answers level) and the days (the days level). An unchanged row is left
 * alone, run and timestamp included, so a re-run changes nothing; of two fetches the later wins.
 */
final class CovidSink {
  private CovidSink() {}

  static UpsertSink<CovidAnswer> raw(Ledger ledger) {
    return UpsertSink.answersAsReceived(ledger, "covid.raw_responses", CovidAnswer::id);
  }

  static UpsertSink<ConfirmedDay> days(Ledger ledger) {
    return UpsertSink.<ConfirmedDay>into(ledger.jdbcUrl(), "covid.confirmed_cases")
        .withKeys("country_code", "day")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("run_id", "request")
        .withTimestamp("updated_at")
        .withCounting(
            new Ledger(ledger.jdbcUrl(), ledger.runId(), CovidPipeline.DAYS)
                .written("confirmed_cases", ConfirmedDay::id));
  }
}
