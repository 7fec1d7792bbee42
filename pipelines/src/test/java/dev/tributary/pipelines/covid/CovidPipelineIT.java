package dev.tributary.pipelines.covid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.io.http.CovidReplay;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.http.Reply;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.Counts;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The covid job against real PostgreSQL and the replay server: the recorded series, a re-run, the
 * total endpoint's series over it, a window of days, and a constructed answer with a repeated day,
 * a decrease and a bad day. The new cases and 7-day averages asserted are worked out by hand from
 * the recorded counts.
 */
class CovidPipelineIT {
  private static String days(String days) {
    return "SELECT day, cumulative, new_cases, decrease, average_7d FROM covid.daily_cases"
        + " WHERE day = ANY ('"
        + days
        + "'::date[]) ORDER BY day";
  }

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);
  private ReplayServer api;

  @BeforeEach
  void api() throws Exception {
    api = ReplayServer.start(0).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private RunSummary run(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--initialBackoffMillis=1",
                "--progress=false"));
    args.addAll(List.of(more));
    RunSummary summary =
        JobRunner.run(
            new CovidPipeline(),
            PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(CovidOptions.class));
    assertTrue(summary.isComplete(), summary.toString());
    return summary;
  }

  private String report(RunSummary summary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CovidPipeline()
        .report(
            PipelineOptionsFactory.fromArgs("--jdbcUrl=" + db.jdbcUrl()).as(CovidOptions.class),
            summary,
            new PrintStream(out, true, StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void loadsTheRecordedSeriesAndARerunChangesNothing() throws Exception {
    RunSummary first = run();
    assertEquals(new Counts(1, 1, 1, 0, 0), first.counts(CovidPipeline.ANSWERS));
    assertEquals(new Counts(1142, 1142, 1142, 0, 0), first.counts(CovidPipeline.DAYS));
    assertEquals(
        List.of(
            // the first day: no day before it, so no new cases
            "2020-01-23|1|null|null|null",
            "2020-01-24|3|2|f|null",
            // 01-29's week starts on 01-23, whose new cases are unknown
            "2020-01-29|7|0|f|null",
            // 01-24 to 01-30: (2 + 0 + 1 + 1 + 2 + 0 + 3) / 7
            "2020-01-30|10|3|f|1.29",
            // a week's new cases add up to its growth: (17548 - 12693) / 7
            "2020-05-02|17548|447|f|693.57",
            // the recorded tail repeats a count (no new cases, no decrease): (2235294 - 2230868) /
            // 7
            "2023-03-09|2235294|0|f|632.29"),
        db.queryRows(days("{2020-01-23,2020-01-24,2020-01-29,2020-01-30,2020-05-02,2023-03-09}")));
    assertTrue(
        report(first)
            .contains(
                "covid: Singapore (SG) days 1142 (2020-01-23..2023-03-09), cumulative at last"
                    + " 2235294, days with a decrease 0"),
        report(first));

    String stamps =
        "SELECT max(updated_at), max(run_id), (SELECT max(stored_at) FROM covid.raw_responses)"
            + " FROM covid.confirmed_cases";
    List<String> before = db.queryRows(stamps);
    RunSummary again = run();
    assertEquals(new Counts(1, 1, 0, 0, 0), again.counts(CovidPipeline.ANSWERS));
    assertEquals(new Counts(1142, 1142, 0, 0, 0), again.counts(CovidPipeline.DAYS));
    assertEquals(before, db.queryRows(stamps), "nothing written again");
  }

  @Test
  void aStagedRunRebuildsTheDaysFromTheStoredAnswerWithoutTheApi() throws Exception {
    UsageException nothing = assertThrows(UsageException.class, () -> run("--source=staged"));
    assertTrue(
        nothing.getMessage().contains("no staged records of Covid match"), nothing.getMessage());

    run();
    List<String> stored = db.queryRows(days("{2020-01-24,2021-06-30,2023-03-09}"));
    db.execute("DELETE FROM covid.confirmed_cases WHERE day >= '2021-01-01'");
    long lost = 1142 - db.queryLong("SELECT count(*) FROM covid.confirmed_cases");
    api.close(); // the rebuild needs no API

    RunSummary rebuilt = run("--source=staged");
    assertEquals(
        new Counts(1, 1, 0, 0, 0), rebuilt.counts(CovidPipeline.ANSWERS), "kept as it was");
    assertEquals(new Counts(1142, 1142, lost, 0, 0), rebuilt.counts(CovidPipeline.DAYS));
    assertEquals(stored, db.queryRows(days("{2020-01-24,2021-06-30,2023-03-09}")));
  }

  @Test
  void theTotalEndpointAgreesWithTheCountryOneAndAddsItsFirstDay() throws Exception {
    run();
    RunSummary total = run("--endpoint=total");
    // 2020-01-22 (0 cases) is new; every other day equals the stored one
    assertEquals(new Counts(1035, 1035, 1, 0, 0), total.counts(CovidPipeline.DAYS));
    assertEquals(
        List.of("2020-01-22|0|null|null|null", "2020-01-23|1|1|f|null"),
        db.queryRows(days("{2020-01-22,2020-01-23}")));
    assertEquals(2, db.queryLong("SELECT count(*) FROM covid.raw_responses"));
  }

  @Test
  void aWindowOfDaysLoadsOnlyThose() throws Exception {
    RunSummary summary = run("--from=2021-01-01", "--to=2021-01-31");
    assertEquals(new Counts(31, 31, 31, 0, 0), summary.counts(CovidPipeline.DAYS));
    assertEquals(
        List.of("31|2021-01-01|2021-01-31"),
        db.queryRows("SELECT count(*), min(day), max(day) FROM covid.confirmed_cases"));
  }

  @Test
  void aDecreaseIsKeptAndFlaggedAndABadDayRejected() throws Exception {
    api.route(CovidReplay.PATH, request -> Reply.raw(200, CovidFixture.ANSWER));
    RunSummary summary = run();
    // ten objects: eight days, 03-03 once more (not read twice), 03-09 rejected
    assertEquals(new Counts(9, 8, 8, 0, 1), summary.counts(CovidPipeline.DAYS));
    assertEquals(
        List.of(
            "2020-03-03|120|10|f|null",
            "2020-03-04|115|-5|t|null",
            // (10 + 10 - 5 + 10 + 10 + 5 + 10) / 7 from 03-02 to 03-08
            "2020-03-08|150|10|f|7.14"),
        db.queryRows(days("{2020-03-03,2020-03-04,2020-03-08}")));
    assertEquals(
        List.of("$[9]|Cases is not a whole number: \"n/a\""),
        db.queryRows("SELECT json_path, reason FROM ops.rejected_records"));
    assertTrue(report(summary).contains("days with a decrease 1"), report(summary));
  }
}
