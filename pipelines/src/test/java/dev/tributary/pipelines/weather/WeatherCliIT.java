package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.pipelines.runtime.CliRun;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * scripts/weather.sh end to end on a migrated database: arguments in, the lines printed out. The
 * fixture, written as the weather pipeline would leave it: Berlin (UTC+2) and London (UTC+1) with
 * readings on 2025-06-01, daily summaries and hourly temperatures; two cities called Springfield
 * with nothing stored.
 */
class WeatherCliIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  private static final String BERLIN = "2950159";

  @BeforeAll
  static void fixture() throws Exception {
    long run = IngestionRuns.start(db.jdbcUrl(), "weather", "fixture", 0, "readings").runId();
    db.execute(
        """
        INSERT INTO weather.cities VALUES
          (2950159, 2950159, 'Berlin', 'DE', 52.52, 13.41, now()),
          (2643743, 2643743, 'London', 'GB', 51.51, -0.13, now()),
          (4409896, 4409896, 'Springfield', 'US', 37.22, -93.30, now()),
          (4951788, 4951788, 'Springfield', 'US', 42.10, -72.59, now())
        """,
        // Berlin's later reading is its latest; London's temperature rounds to 15.12.
        """
        INSERT INTO weather.observations (city_id, observed_at, utc_offset_seconds, local_date,
          temperature_c, humidity_pct, wind_speed_ms, precipitation_mm_h, condition_id,
          units_requested, fetched_at, run_id, changed_at) VALUES
          (2950159, '2025-06-01 10:00Z', 7200, '2025-06-01', 20.5, 60, 2, 0, 801, 'metric',
           now(), %1$d, now()),
          (2950159, '2025-06-01 11:00Z', 7200, '2025-06-01', 21.25, 55, 3.5, 0, 800, 'metric',
           now(), %1$d, now()),
          (2643743, '2025-06-01 10:50Z', 3600, '2025-06-01', 15.123, 80, 5.14, 0.55, 500,
           'standard', now(), %1$d, now())
        """
            .formatted(run),
        // Means 16.6666667 and 17.125 round to 16.67 and 17.13.
        """
        INSERT INTO weather.daily_summaries VALUES
          (2950159, '2025-05-31', 11.5, 22.25, 16.6666667, 61.25, 1.2, 801, 24, 'ON_TIME', 3,
           %1$d, now()),
          (2950159, '2025-06-01', 13, 21.25, 17.125, 55, 0, 800, 2, 'EARLY', 0, %1$d, now()),
          (2643743, '2025-06-01', 15.123, 15.123, 15.123, 80, 0.55, 500, 1, 'EARLY', 0, %1$d,
           now())
        """
            .formatted(run),
        // Berlin over 5 hours: its last hour is 06-01 11:00, so 05-30 11:00 (48 hours before)
        // and 05-29 are not shown; 06-01 09:00 had no readings. Berlin over 2 hours and London
        // over 5 are not Berlin's 5.
        """
        INSERT INTO weather.hourly_temperatures VALUES
          (2950159, '2025-05-29 10:00Z', 10, 5, 1, 10, false, 1, 'ON_TIME', 0, %1$d, now()),
          (2950159, '2025-05-30 11:00Z', 11, 5, 1, 11, false, 1, 'ON_TIME', 0, %1$d, now()),
          (2950159, '2025-05-30 12:00Z', 12.5, 5, 2, 11.75, false, 1, 'ON_TIME', 0, %1$d, now()),
          (2950159, '2025-06-01 08:00Z', 18.3333333, 5, 1, 18.3333333, false, 1, 'ON_TIME', 0,
           %1$d, now()),
          (2950159, '2025-06-01 10:00Z', 20.5, 5, 2, 19.4166667, false, 1, 'EARLY', 0, %1$d,
           now()),
          (2950159, '2025-06-01 11:00Z', 21.25, 5, 3, 20.0277778, false, 1, 'EARLY', 0, %1$d,
           now()),
          (2950159, '2025-06-01 10:00Z', 20.5, 2, 1, 20.5, false, 1, 'EARLY', 0, %1$d, now()),
          (2950159, '2025-06-01 11:00Z', 21.25, 2, 2, 20.875, true, 2, 'EARLY', 0, %1$d, now()),
          (2643743, '2025-06-01 10:00Z', 15.123, 5, 1, 15.123, false, 1, 'EARLY', 0, %1$d, now())
        """
            .formatted(run));
  }

  private static CliRun cli(String... args) {
    String[] withDb =
        Stream.concat(Stream.of(args), Stream.of("--jdbcUrl", db.jdbcUrl())).toArray(String[]::new);
    return CliRun.of(out -> new WeatherCli(out).run(withDb));
  }

  /** Exit code 0, nothing on stderr, and these lines on stdout. */
  private static void assertPrints(List<String> lines, String... args) {
    CliRun r = cli(args);
    assertEquals(0, r.code(), r.err().toString());
    assertEquals(List.of(), r.err());
    assertEquals(lines, r.out());
  }

  @Test
  void dailyIsALinePerDay() {
    assertPrints(
        List.of(
            "2025-05-31 Berlin min_c=11.50 max_c=22.25 mean_c=16.67 readings=24",
            "2025-06-01 Berlin min_c=13.00 max_c=21.25 mean_c=17.13 readings=2"),
        "daily",
        "--city",
        "berlin");
    assertPrints(
        List.of("2025-06-01 Berlin min_c=13.00 max_c=21.25 mean_c=17.13 readings=2"),
        "daily",
        "--city",
        BERLIN,
        "--date",
        "2025-06-01");
    assertPrints(
        List.of("2025-06-01 London min_c=15.12 max_c=15.12 mean_c=15.12 readings=1"),
        "daily",
        "--city=LONDON");
  }

  @Test
  void dailyWithoutRowsSaysSoInOneLine() {
    assertPrints(
        List.of("Berlin: no daily summary for 2025-06-02; days stored: 2025-05-31 to 2025-06-01"),
        "daily",
        "--city",
        "Berlin",
        "--date",
        "2025-06-02");
    assertPrints(List.of("Springfield: no daily summary stored yet"), "daily", "--city", "4409896");
  }

  @Test
  void movingAverageIsCsvOfTheLast48Hours() {
    assertPrints(
        List.of(
            "city,hour_start,mean_c,moving_mean_c,hours_present,complete",
            "Berlin,2025-05-30T12:00:00Z,12.50,11.75,2,f",
            "Berlin,2025-06-01T08:00:00Z,18.33,18.33,1,f",
            "Berlin,2025-06-01T10:00:00Z,20.50,19.42,2,f",
            "Berlin,2025-06-01T11:00:00Z,21.25,20.03,3,f"),
        "moving-average",
        "--city",
        "Berlin");
    assertPrints(
        List.of(
            "city,hour_start,mean_c,moving_mean_c,hours_present,complete",
            "Berlin,2025-06-01T10:00:00Z,20.50,20.50,1,f",
            "Berlin,2025-06-01T11:00:00Z,21.25,20.88,2,t"),
        "moving-average",
        "--city",
        BERLIN,
        "--hours",
        "2");
    // A city without hourly temperatures: the header alone.
    assertPrints(
        List.of("city,hour_start,mean_c,moving_mean_c,hours_present,complete"),
        "moving-average",
        "--city",
        "4951788");
  }

  @Test
  void latestIsCsvOfEveryCitysLastReading() {
    assertPrints(
        List.of(
            "city,country,observed_at,local_time,temperature_c,humidity_pct,wind_speed_ms,"
                + "precipitation_mm_h,condition",
            "Berlin,DE,2025-06-01T11:00:00Z,2025-06-01 13:00:00,21.25,55.0,3.50,0.00,"
                + "Clear/clear sky",
            "London,GB,2025-06-01T10:50:00Z,2025-06-01 11:50:00,15.12,80.0,5.14,0.55,"
                + "Rain/light rain"),
        "latest");
  }

  @Test
  void aCityMustNameOneStoredCity() {
    cli("daily", "--city", "Atlantis")
        .assertMistake(
            "unknown city 'Atlantis'; cities stored: Berlin (DE), London (GB), Springfield (US)");
    cli("moving-average", "--city", "Atlantis").assertMistake("unknown city 'Atlantis'; cities");
    cli("daily", "--city", "springfield")
        .assertMistake(
            "city 'springfield' is ambiguous: Springfield (US) id 4409896, Springfield (US) id"
                + " 4951788; give --city the id");
    cli("moving-average", "--city", "Berlin", "--hours", "7")
        .assertMistake("no moving average over 7 hours stored for Berlin; stored: --hours 2, 5");
  }
}
