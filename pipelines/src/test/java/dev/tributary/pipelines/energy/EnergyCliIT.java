package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.pipelines.runtime.CliRun;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * scripts/energy.sh's reports end to end: arguments in, CSV on stdout, one line on stderr and exit
 * code 2 for a mistake. The fixture (times local to Europe/Berlin, UTC+2 in October before the
 * 26th): public power of de on 2025-10-06 and 10-07, a price of DE-LU on 10-07.
 */
class EnergyCliIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  @BeforeAll
  static void fixture() throws Exception {
    long run = IngestionRuns.start(db.jdbcUrl(), "energy", "fixture", 0, "values").runId();
    String power =
        "INSERT INTO energy.public_power VALUES ('de', '%s', timestamp '%s' AT TIME ZONE"
            + " 'Europe/Berlin', 900, '%s', %s, now(), "
            + run
            + ", now())";
    db.execute(
        // 400 MW for a quarter-hour: 100 MWh, mean 400 MW, 0.25 h.
        String.format(power, "solar", "2025-10-06 00:00", "Solar", 400),
        // 800 MW: 200 MWh; a name with a comma and quotes, to be quoted in the CSV.
        String.format(power, "biomass", "2025-10-07 00:00", "Biomass, \"solid\"", 800),
        // 1200 MW: 300 MWh.
        String.format(power, "wind_offshore", "2025-10-07 00:00", "Wind offshore", 1200),
        // One hour at 90.5 EUR/MWh: the day's mean.
        "INSERT INTO energy.prices VALUES ('DE-LU', timestamp '2025-10-07 00:00' AT TIME ZONE"
            + " 'Europe/Berlin', 3600, 90.5, 'EUR / MWh', now(), "
            + run
            + ", now())");
  }

  private static CliRun cli(String... args) {
    return cliAt(db.jdbcUrl(), args);
  }

  private static CliRun cliAt(String jdbcUrl, String... args) {
    String[] withDb =
        Stream.concat(Arrays.stream(args), Stream.of("--jdbcUrl", jdbcUrl)).toArray(String[]::new);
    return CliRun.of(out -> new EnergyCli(out).run(withDb));
  }

  @Test
  void productionTrendIsCsvOfEveryDayStored() {
    CliRun r = cli("report", "production-trend");
    assertEquals(0, r.code(), r.err().toString());
    assertEquals(
        List.of(
            "day,series,name,energy_mwh,mean_mw,hours_reported",
            "2025-10-06,solar,Solar,100.000,400.000,0.25",
            "2025-10-07,biomass,\"Biomass, \"\"solid\"\"\",200.000,800.000,0.25",
            "2025-10-07,wind_offshore,Wind offshore,300.000,1200.000,0.25"),
        r.out());
  }

  @Test
  void fromAndToChooseTheDays() {
    assertEquals(
        List.of(
            "day,series,name,energy_mwh,mean_mw,hours_reported",
            "2025-10-06,solar,Solar,100.000,400.000,0.25"),
        cli("report", "production-trend", "--to=2025-10-06").out());
    // In UTC, Berlin's midnights are 22:00 of the day before.
    assertEquals(
        List.of("2025-10-05,solar", "2025-10-06,biomass", "2025-10-06,wind_offshore"),
        cli("report", "production-trend", "--zone", "UTC").out().stream()
            .skip(1)
            .map(line -> line.substring(0, line.indexOf(',', 11)))
            .toList());
    // Before anything stored: the header alone.
    assertEquals(
        List.of("day,series,name,energy_mwh,mean_mw,hours_reported"),
        cli("report", "production-trend", "--from", "2025-01-01", "--to", "2025-01-31").out());
  }

  @Test
  void priceVsWindAndUnderperformance() {
    // Prices and wind are stored on 10-07 only; no onshore wind: an empty field.
    assertEquals(
        List.of(
            "day,mean_price_eur_mwh,wind_offshore_mwh,wind_onshore_mwh",
            "2025-10-07,90.50,300.000,"),
        cli("report", "price-vs-wind").out());
    // Monday 2025-10-06 is day 273 + 6 = 279; no week before it: no expected value, not flagged.
    CliRun under = cli("report", "underperformance", "--threshold", "0.3");
    assertEquals(0, under.code(), under.err().toString());
    assertEquals(4, under.out().size(), under.out().toString());
    assertEquals(
        "local_slot,series,mean_mw,expected_mw,weeks_in_expected,ratio,underperforming,hour,"
            + "weekday,month,day_of_year,weekend,share_of_load",
        under.out().get(0));
    assertEquals("2025-10-06 00:00:00,solar,400.000,,0,,f,0,1,10,279,f,", under.out().get(1));
  }

  @Test
  void mistakesAreOneLineAndExitCodeTwo() {
    assertMistake("unknown report 'trend'", "report", "trend");
    assertMistake(
        "--from must be a day YYYY-MM-DD, was '2025-13-01'",
        "report",
        "production-trend",
        "--from",
        "2025-13-01");
    assertMistake("--to must be a day", "report", "production-trend", "--to", "yesterday");
    assertMistake(
        "--to 2025-10-06 is before --from 2025-10-07",
        "report",
        "production-trend",
        "--from",
        "2025-10-07",
        "--to",
        "2025-10-06");
    assertMistake("unknown command 'qualty'", "qualty");
    assertMistake("--run must be a run id, was 'last'", "quality", "--run", "last");
    assertMistake("report needs a name", "report");
    assertMistake(
        "--threshold is an option of underperformance only",
        "report",
        "production-trend",
        "--threshold",
        "0.3");
    assertMistake(
        "--threshold must be a number >= 0", "report", "underperformance", "--threshold", "-1");
    assertMistake(
        "--zone must be a time zone name", "report", "price-vs-wind", "--zone", "Mars/Olympus");
    assertMistake("unexpected argument(s) [--weekly]", "report", "price-vs-wind", "--weekly");
    assertMistake(
        "no public power stored for --country 'fr'; countries stored: de",
        "report",
        "production-trend",
        "--country",
        "fr");
    assertMistake(
        "no prices stored for --bzn 'AT'; bidding zones stored: DE-LU",
        "report",
        "price-vs-wind",
        "--bzn",
        "AT");
  }

  @Test
  void anUnreachableDatabaseIsAMistakeToo() {
    cliAt("jdbc:postgresql://127.0.0.1:1/tributary", "report", "production-trend")
        .assertMistake("cannot reach PostgreSQL at 127.0.0.1:1");
  }

  private static void assertMistake(String message, String... args) {
    cli(args).assertMistake(message);
  }
}
