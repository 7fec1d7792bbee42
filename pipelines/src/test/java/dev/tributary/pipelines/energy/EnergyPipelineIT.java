package dev.tributary.pipelines.energy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.io.http.Fault;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.Counts;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The energy job against the replay server and real PostgreSQL. */
class EnergyPipelineIT {
  /** Around the end of summer time in Berlin: 96, 100 and 96 quarter-hours. */
  private static final String START = "2025-10-25";

  private static final String END = "2025-10-27";
  private static final int SERIES = 21;
  private static final int QUARTERS = 96 + 100 + 96;

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  private ReplayServer api;

  @BeforeEach
  void api() throws Exception {
    api = ReplayServer.start(0, Instant.parse("2026-01-01T00:00:00Z")).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private EnergyOptions options(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--start=" + START,
                "--end=" + END,
                "--requestsPerSecond=200",
                "--initialBackoffMillis=1",
                "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(EnergyOptions.class);
  }

  private RunSummary run(String... more) {
    return JobRunner.run(new EnergyPipeline(), options(more));
  }

  /** Every day again, however long ago: what a re-run over stored days does with this option. */
  private RunSummary runAgain() {
    return run("--refetchDays=100000");
  }

  @Test
  void aBackfillAcrossTheEndOfSummerTimeStoresEveryQuarterHourOnce() throws Exception {
    RunSummary summary = run();

    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(new RunSummary.Balance("responses", 8, 8, 0), summary.balance("responses"));
    long power = (long) SERIES * QUARTERS;
    assertEquals(new Counts(power, power, power, 0, 0), summary.counts("public_power"));
    assertEquals(new Counts(QUARTERS, QUARTERS, QUARTERS, 0, 0), summary.counts("price"));
    // Local days: the 26th has 100 quarter-hours; the first starts at 22:00 UTC the day before.
    assertEquals(
        List.of("2025-10-25|96", "2025-10-26|100", "2025-10-27|96"),
        db.queryRows(
            "SELECT (interval_start AT TIME ZONE 'Europe/Berlin')::date, count(*)"
                + " FROM energy.public_power WHERE series = 'wind_onshore' GROUP BY 1 ORDER BY 1"));
    assertEquals(
        "2025-10-24 22:00:00+00|2025-10-27 22:45:00+00|900",
        db.queryRows(
                "SELECT min(interval_start), max(interval_start), max(interval_seconds)"
                    + " FROM energy.prices")
            .get(0));
    assertEquals(
        0,
        db.queryLong(
            "SELECT count(*) FROM energy.public_power WHERE series = 'nuclear' AND value IS NOT NULL"),
        "Germany's nuclear series is null since April 2023, and stored as such");
    assertEquals(0, db.queryLong("SELECT count(*) FROM energy.changes"));
    assertEquals(
        0,
        db.queryLong(
            "SELECT count(*) FROM energy.quality_checks WHERE NOT passed AND dataset <> 'installed_power'"));

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new EnergyPipeline()
        .report(options(), summary, new PrintStream(printed, true, StandardCharsets.UTF_8));
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(
        "public_power: read "
            + power
            + " = inserted "
            + power
            + " + updated 0 + unchanged 0 + rejected 0",
        lines.get(0));
    int report =
        lines.indexOf(
            lines.stream().filter(l -> l.startsWith("price-vs-wind")).findFirst().orElseThrow());
    assertEquals(
        "  day,mean_price_eur_mwh,wind_offshore_mwh,wind_onshore_mwh", lines.get(report + 1));
    assertEquals(3, lines.size() - report - 2, "the window's three days");
    assertTrue(lines.get(report + 2).startsWith("  2025-10-25,"), lines.get(report + 2));
  }

  @Test
  void aReRunOverTheSameDaysChangesNothing() throws Exception {
    run();
    String tables = "SELECT count(*), sum(value), max(changed_at) FROM energy.public_power";
    List<String> before = db.queryRows(tables);

    RunSummary again = runAgain();
    long power = (long) SERIES * QUARTERS;
    assertEquals(new Counts(power, power, 0, 0, 0), again.counts("public_power"));
    assertEquals(QUARTERS, again.counts("price").unchanged());
    assertEquals(before, db.queryRows(tables));
    assertEquals(0, db.queryLong("SELECT count(*) FROM energy.changes"));
  }

  @Test
  void theStagedAnswersRebuildTheTablesWithoutTheApi() throws Exception {
    run();
    String tables =
        "SELECT (SELECT count(*) || '|' || sum(value::numeric) FROM energy.public_power)"
            + " || '|' || (SELECT count(*) || '|' || sum(price::numeric) FROM energy.prices)"
            + " || '|' || (SELECT count(*) FROM energy.installed_power)";
    List<String> loaded = db.queryRows(tables);
    long asked = api.requests("/public_power") + api.requests("/price");
    db.execute(
        "TRUNCATE energy.public_power, energy.prices, energy.installed_power, energy.changes");

    RunSummary rebuilt = run("--source=staged");
    assertTrue(rebuilt.isComplete(), rebuilt.toString());
    assertEquals(new RunSummary.Balance("responses", 8, 8, 0), rebuilt.balance("responses"));
    long power = (long) SERIES * QUARTERS;
    assertEquals(new Counts(power, power, power, 0, 0), rebuilt.counts("public_power"));
    assertEquals(loaded, db.queryRows(tables));
    assertEquals(asked, api.requests("/public_power") + api.requests("/price"), "no API call");

    RunSummary again = run("--source=staged", "--runner=FlinkRunner"); // its exchanges stream
    assertEquals(new Counts(power, power, 0, 0, 0), again.counts("public_power"));
    assertEquals(0, db.queryLong("SELECT count(*) FROM energy.changes"));
  }

  @Test
  void nothingStagedIsOneLine() {
    UsageException thrown = assertThrows(UsageException.class, () -> run("--source=staged"));
    assertThat(thrown.getMessage(), containsString("no staged records of Energy match"));
  }

  @Test
  void aRevisedValueIsOneUpdateAndOneHistoryRowPerDay() throws Exception {
    RunSummary first = run();
    api.revise(1); // Solar at 12:00 local +10 MW, the 12:00 price +1 EUR/MWh, every day

    RunSummary second = runAgain();
    assertEquals(3, second.counts("public_power").updated());
    assertEquals(3, second.counts("price").updated());
    assertEquals(
        List.of(
            "public_power|{\"series\": \"solar\", \"country\": \"de\", \"interval_start\":"
                + " \"2025-10-25T10:00:00+00:00\"}|10|"
                + second.runId(),
            "price|{\"bzn\": \"DE-LU\", \"interval_start\": \"2025-10-25T10:00:00+00:00\"}|1|"
                + second.runId()),
        db.queryRows(
            "SELECT dataset, key, round(new_value - old_value)::int, run_id"
                + " FROM energy.changes WHERE key ->> 'interval_start' LIKE '2025-10-25%'"
                + " ORDER BY dataset DESC"));
    assertEquals(6, db.queryLong("SELECT count(*) FROM energy.changes"));
    assertEquals(
        first.runId(),
        db.queryLong("SELECT min(run_id) FROM energy.public_power WHERE series = 'wind_onshore'"),
        "unchanged rows keep the run that last changed them");
  }

  @Test
  void aDayThatFailsIsADeadLetterAndTheNextRunFetchesOnlyIt() throws Exception {
    api.fault(
        "/price",
        LocalDate.parse("2025-10-26"),
        Fault.status(404, "{\"detail\":\"Not Found\"}", 1));
    RunSummary first = run();

    assertEquals(new RunSummary.Balance("responses", 8, 7, 1), first.balance("responses"));
    assertEquals(96 + 96, first.counts("price").written());
    assertEquals(3, api.requests("/price"), "one request per day");
    assertEquals(
        List.of("fetch|HTTP 404 after 1 attempt"),
        db.queryRows(
            "SELECT step, split_part(reason, ':', 1) FROM ops.rejected_records"
                + " WHERE source LIKE '%/price?%start=2025-10-26%'"));

    long prices = api.requests("/price");
    long power = api.requests("/public_power");
    RunSummary second = run();
    assertEquals(1, api.requests("/price") - prices, "only the missing day is fetched again");
    assertEquals(0, api.requests("/public_power") - power);
    assertEquals(100, second.counts("price").inserted(), second.toString());
    assertEquals(QUARTERS, db.queryLong("SELECT count(*) FROM energy.prices"));
  }

  @Test
  void valuesThatNeverCommittedAreFetchedAgain() throws Exception {
    run();
    // A run killed after the 26th's answer was stored but before its values were.
    db.execute(
        "DELETE FROM energy.public_power WHERE interval_start >= '2025-10-25T22:00Z'"
            + " AND interval_start < '2025-10-26T23:00Z' AND series IN ('solar', 'load')");
    long prices = api.requests("/price");
    long power = api.requests("/public_power");

    RunSummary resumed = run();
    assertEquals(1, api.requests("/public_power") - power);
    assertEquals(0, api.requests("/price") - prices);
    assertEquals(200, resumed.counts("public_power").inserted());
    assertEquals(
        (long) SERIES * QUARTERS, db.queryLong("SELECT count(*) FROM energy.public_power"));
  }

  @Test
  void aFailedHardCheckFailsTheRunAfterStoringTheRest() throws Exception {
    api.fault(
        "/price",
        LocalDate.parse("2025-10-27"),
        Fault.status(
            200,
            "{\"license_info\":\"x\",\"unix_seconds\":[1761606000,1761606900],\"price\":[1.0],"
                + "\"unit\":\"EUR / MWh\",\"deprecated\":false}",
            Fault.ALWAYS));
    IllegalStateException failed = assertThrows(IllegalStateException.class, this::run);
    assertThat(
        failed.getMessage(),
        containsString(
            "hard data-quality checks failed: price length_mismatch: 1 of 3 (price: 1 values for 2 stamps)"));
    assertEquals(96 + 100, db.queryLong("SELECT count(*) FROM energy.prices"));
    assertEquals(
        "failed",
        db.queryRows("SELECT status FROM ops.ingestion_runs ORDER BY run_id DESC LIMIT 1").get(0));
  }
}
