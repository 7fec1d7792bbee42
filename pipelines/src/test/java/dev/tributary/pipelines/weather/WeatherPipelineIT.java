package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.http.Fault;
import dev.tributary.io.http.OpenWeatherReplay;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.Counts;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The weather job against real PostgreSQL and the replay server: polls stepping through the night,
 * a repeated poll, a rebuild from the stored answers, and a city the API does not know.
 */
class WeatherPipelineIT {
  /** Berlin (+02:00), London (+01:00) and Chicago (-05:00) in June: three local midnights. */
  static final String CITIES = "--city=2950159,2643743,4887398";

  private static final Instant FIRST = Instant.parse("2025-06-15T21:30:00Z");

  /**
   * The derived tables recomputed in SQL from the stored readings: the oracle the pipeline's rows
   * must equal (means to 0.001 as the pipeline rounds them).
   */
  static final String DAILY_ORACLE =
      "SELECT city_id, local_date, min(temperature_c), max(temperature_c),"
          + " round(avg(temperature_c)::numeric, 3), round(avg(humidity_pct)::numeric, 3), count(*)"
          + " FROM weather.observations GROUP BY 1, 2 ORDER BY 1, 2";

  static final String DAILY =
      "SELECT city_id, local_date, min_c, max_c, round(mean_c::numeric, 3),"
          + " round(mean_humidity_pct::numeric, 3), readings"
          + " FROM weather.daily_summaries ORDER BY 1, 2";

  static final String HOURLY_ORACLE =
      "WITH h AS (SELECT city_id, date_trunc('hour', observed_at) AS hour,"
          + " avg(temperature_c) AS mean, count(*) AS n FROM weather.observations GROUP BY 1, 2)"
          + " SELECT h.city_id, h.hour, round(h.mean::numeric, 3),"
          + " round(avg(w.mean)::numeric, 3), count(w.*), sum(w.n)"
          + " FROM h JOIN h w ON w.city_id = h.city_id"
          + " AND w.hour > h.hour - interval '5 hours' AND w.hour <= h.hour"
          + " GROUP BY h.city_id, h.hour, h.mean ORDER BY 1, 2";

  static final String HOURLY =
      "SELECT city_id, hour_start, round(mean_c::numeric, 3), round(moving_mean_c::numeric, 3),"
          + " hours_present, readings FROM weather.hourly_temperatures ORDER BY 1, 2";

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);
  private ReplayServer api;

  @BeforeEach
  void api() throws Exception {
    api = ReplayServer.start(0, FIRST).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private WeatherOptions options(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--cities=" + WeatherPipelineTest.CITIES,
                CITIES,
                "--requestsPerMinute=0",
                "--initialBackoffMillis=1",
                "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(WeatherOptions.class);
  }

  private RunSummary poll(String... more) {
    RunSummary summary = JobRunner.run(new WeatherPipeline(), options(more));
    assertTrue(summary.isComplete(), summary.toString());
    return summary;
  }

  @Test
  void pollsThroughTheNightKeepTheDerivedTablesEqualToTheirReadings() throws Exception {
    int polls = 15; // 21:30Z to 23:50Z: midnight in Berlin (22:00Z) and London (23:00Z)
    for (int i = 0; i < polls; i++) {
      api.at(FIRST.plusSeconds(600L * i));
      RunSummary summary = poll();
      assertEquals(new Counts(3, 3, 3, 0, 0), summary.counts(WeatherPipeline.READINGS));
    }
    assertEquals(3L * polls, db.queryLong("SELECT count(*) FROM weather.observations"));
    assertEquals(
        List.of("2332453|", "2643743|2", "2950159|2", "4887398|1").subList(1, 4),
        db.queryRows(
            "SELECT city_id, count(DISTINCT local_date) FROM weather.observations"
                + " GROUP BY 1 ORDER BY 1"),
        "Berlin and London passed midnight, Chicago did not");
    assertEquals(db.queryRows(DAILY_ORACLE), db.queryRows(DAILY));
    assertEquals(db.queryRows(HOURLY_ORACLE), db.queryRows(HOURLY));
    assertEquals(
        0,
        db.queryLong(
            "SELECT count(*) FROM weather.hourly_temperatures WHERE NOT complete AND hours_present = 5"));

    // The same poll again: nothing changes, not even a derived row's time.
    String derived =
        "SELECT (SELECT max(updated_at) FROM weather.daily_summaries),"
            + " (SELECT max(updated_at) FROM weather.hourly_temperatures),"
            + " (SELECT max(changed_at) FROM weather.observations)";
    List<String> before = db.queryRows(derived);
    RunSummary again = poll();
    assertEquals(new Counts(3, 3, 0, 0, 0), again.counts(WeatherPipeline.READINGS));
    assertEquals(0, db.queryLong("SELECT count(*) FROM weather.observation_changes"));
    assertEquals(before, db.queryRows(derived), "nothing written again");
    List<String> daily = db.queryRows(DAILY);
    List<String> hourly = db.queryRows(HOURLY);

    // A rebuild from the stored answers finds every reading unchanged and the same derived rows.
    RunSummary rebuilt = poll("--source=staged");
    assertEquals(
        new Counts(3L * polls, 3L * polls, 0, 0, 0), rebuilt.counts(WeatherPipeline.READINGS));
    assertEquals(daily, db.queryRows(DAILY));
    assertEquals(hourly, db.queryRows(HOURLY));
    assertEquals(before, db.queryRows(derived), "nothing written again");
  }

  @Test
  void aRevisedReadingIsAnUpdateKeptInTheHistory() throws Exception {
    poll();
    api.revise(1);
    RunSummary revised = poll();
    assertEquals(new Counts(3, 3, 0, 1, 0), revised.counts(WeatherPipeline.READINGS));
    assertEquals(
        List.of("2950159|0.50"),
        db.queryRows(
            "SELECT city_id, round(((new_row->>'temperature_c')::numeric"
                + " - (old_row->>'temperature_c')::numeric), 2) FROM weather.observation_changes"));
  }

  @Test
  void aCityTheApiDoesNotKnowIsADeadLetterAndA429IsRetried() throws Exception {
    api.faultFor(
        OpenWeatherReplay.PATH,
        "2643743",
        Fault.status(404, OpenWeatherReplay.CITY_NOT_FOUND, Fault.ALWAYS));
    api.faultFor(
        OpenWeatherReplay.PATH, "2950159", Fault.status(429, OpenWeatherReplay.BLOCKED, 1));
    RunSummary summary = JobRunner.run(new WeatherPipeline(), options());
    assertEquals(new Counts(3, 2, 2, 0, 1), summary.counts(WeatherPipeline.READINGS));
    assertEquals(
        List.of("2950159", "4887398"),
        db.queryRows("SELECT city_id FROM weather.observations ORDER BY 1"));
    List<String> letters =
        db.queryRows("SELECT step, source, raw FROM ops.rejected_records ORDER BY 1");
    assertEquals(1, letters.size(), letters.toString());
    assertTrue(letters.get(0).startsWith("fetch|"), letters.get(0));
    assertTrue(letters.get(0).contains("appid=***"), "the key is masked: " + letters.get(0));
    assertTrue(letters.get(0).contains("city not found"), letters.get(0));

    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    new WeatherPipeline()
        .report(options(), summary, new PrintStream(printed, true, StandardCharsets.UTF_8));
    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(
        "readings: read 3 = inserted 2 + updated 0 + unchanged 0 + rejected 1", lines.get(0));
    assertEquals(
        "derived: 2 daily summaries and 2 hourly moving averages new or changed in this run",
        lines.get(1));
    assertEquals("latest readings (all: scripts/weather.sh latest):", lines.get(2));
    assertTrue(lines.get(3).startsWith("  city,country,observed_at,"), lines.get(3));
    assertEquals(2, lines.size() - 4, "Berlin and Chicago: " + lines);
    assertTrue(lines.get(4).startsWith("  Berlin,DE,2025-06-15T21:"), lines.get(4));
  }
}
