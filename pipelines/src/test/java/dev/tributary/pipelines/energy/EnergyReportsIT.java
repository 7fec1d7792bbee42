package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.pipelines.energy.EnergyReports.Days;
import dev.tributary.pipelines.energy.EnergyReports.Report;
import dev.tributary.pipelines.energy.EnergyReports.Request;
import dev.tributary.pipelines.runtime.QueryTable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three energy reports (the SQL files of infra/sql/queries/energy/) on a small hand-made
 * fixture, written straight into the energy tables of a migrated database. Every expected number is
 * worked out by hand in the comments; times are local (Europe/Berlin: UTC+2 until 2025-10-26 03:00,
 * UTC+1 after) unless they say UTC. The reports' date ranges keep the three fixtures apart.
 */
class EnergyReportsIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final List<String> FIXTURE = new ArrayList<>();

  @BeforeAll
  static void fixture() throws Exception {
    long run = IngestionRuns.start(db.jdbcUrl(), "energy", "fixture", 0, "values").runId();

    // production-trend, Monday 2025-10-06: quarter-hours of two series.
    // solar 12:00-13:00: 100, 200, 300, NULL (not reported yet).
    power("solar", local("2025-10-06 12:00"), 900, 100.0);
    power("solar", local("2025-10-06 12:15"), 900, 200.0);
    power("solar", local("2025-10-06 12:30"), 900, 300.0);
    power("solar", local("2025-10-06 12:45"), 900, null);
    // wind_onshore 00:00-01:00: 1000, 1000, 2000, 2000.
    power("wind_onshore", local("2025-10-06 00:00"), 900, 1000.0);
    power("wind_onshore", local("2025-10-06 00:15"), 900, 1000.0);
    power("wind_onshore", local("2025-10-06 00:30"), 900, 2000.0);
    power("wind_onshore", local("2025-10-06 00:45"), 900, 2000.0);
    // Not production: left out of the trend.
    power("load", local("2025-10-06 12:00"), 900, 50000.0);
    power("renewable_share_of_load", local("2025-10-06 12:00"), 900, 60.0);

    // production-trend across the DST change: local 2025-10-26 runs from 2025-10-25 22:00 UTC
    // (00:00 CEST) to 2025-10-26 23:00 UTC (00:00 CET on the 27th): 25 hours, 100 quarter-hours,
    // each 100 MW. One quarter-hour before it (21:45 UTC = 23:45 on the 25th, 40 MW) and one after
    // (23:00 UTC = 00:00 on the 27th, 80 MW). UTC days would split these differently.
    FIXTURE.add(
        "INSERT INTO energy.public_power SELECT 'de', 'nuclear', t, 900, 'Nuclear', 100, now(), "
            + "%RUN%, now() FROM generate_series(timestamptz '2025-10-25 22:00+00',"
            + " timestamptz '2025-10-26 22:45+00', interval '15 minutes') t");
    power("nuclear", utc("2025-10-25 21:45"), 900, 40.0);
    power("nuclear", utc("2025-10-26 23:00"), 900, 80.0);

    // underperformance: solar in the Monday slot 12:00-12:30 (two quarter-hours), six Mondays.
    // Slot means (a NULL quarter-hour is not reported, so not averaged):
    //   07-28: 1000, 1000 → 1000     (35 days before 09-01: outside its window)
    //   08-04: 1000, 1200 → 1100
    //   08-11:  900, 1100 → 1000
    //   08-18: 1300, NULL → 1300
    //   08-25:  800, 1000 →  900
    //   09-01:  400,  600 →  500     (the week far below)
    power("solar", local("2025-07-28 12:00"), 900, 1000.0);
    power("solar", local("2025-07-28 12:15"), 900, 1000.0);
    power("solar", local("2025-08-04 12:00"), 900, 1000.0);
    power("solar", local("2025-08-04 12:15"), 900, 1200.0);
    power("solar", local("2025-08-11 12:00"), 900, 900.0);
    power("solar", local("2025-08-11 12:15"), 900, 1100.0);
    power("solar", local("2025-08-18 12:00"), 900, 1300.0);
    power("solar", local("2025-08-18 12:15"), 900, null);
    power("solar", local("2025-08-25 12:00"), 900, 800.0);
    power("solar", local("2025-08-25 12:15"), 900, 1000.0);
    power("solar", local("2025-09-01 12:00"), 900, 400.0);
    power("solar", local("2025-09-01 12:15"), 900, 600.0);
    // The same slot on Tuesday 08-26: another weekday, in no Monday's expected value.
    power("solar", local("2025-08-26 12:00"), 900, 100.0);
    power("solar", local("2025-08-26 12:15"), 900, 100.0);
    // The load in 09-01's noon slot: 50000, 50000 → 50000.
    power("load", local("2025-09-01 12:00"), 900, 50000.0);
    power("load", local("2025-09-01 12:15"), 900, 50000.0);
    // A night slot 02:00-02:30 of solar: 08-04 0,0 → 0; 08-11 10,10 → 10; 08-18 20,20 → 20;
    // 08-25 10,10 → 10; 09-01 1,1 → 1.
    double[][] night = {{0, 0}, {10, 10}, {20, 20}, {10, 10}, {1, 1}};
    String[] mondays = {"2025-08-04", "2025-08-11", "2025-08-18", "2025-08-25", "2025-09-01"};
    for (int week = 0; week < mondays.length; week++) {
      power("solar", local(mondays[week] + " 02:00"), 900, night[week][0]);
      power("solar", local(mondays[week] + " 02:15"), 900, night[week][1]);
    }

    // price-vs-wind. Tuesday 2025-09-30, the last day of hourly day-ahead prices: 00:00 100,
    // 01:00 50, 02:00 NULL, 03:00 30 (00:00 local is 2025-09-29 22:00 UTC).
    price(local("2025-09-30 00:00"), 3600, 100.0);
    price(local("2025-09-30 01:00"), 3600, 50.0);
    price(local("2025-09-30 02:00"), 3600, null);
    price(local("2025-09-30 03:00"), 3600, 30.0);
    // 2025-10-01, quarter-hour prices: 80, 40, NULL, 120.
    price(local("2025-10-01 00:00"), 900, 80.0);
    price(local("2025-10-01 00:15"), 900, 40.0);
    price(local("2025-10-01 00:30"), 900, null);
    price(local("2025-10-01 00:45"), 900, 120.0);
    // 2025-10-02 mixes lengths (as an answer with a gap could): 00:00 for an hour at 100, then
    // four quarter-hours at 20. No wind that day.
    price(local("2025-10-02 00:00"), 3600, 100.0);
    for (String quarter : new String[] {"01:00", "01:15", "01:30", "01:45"}) {
      price(local("2025-10-02 " + quarter), 900, 20.0);
    }
    // Wind on 09-30: offshore 2000, 2400; onshore 4000, 4000, 8000, NULL (quarter-hours); solar
    // is not wind.
    power("wind_offshore", local("2025-09-30 00:00"), 900, 2000.0);
    power("wind_offshore", local("2025-09-30 00:15"), 900, 2400.0);
    power("wind_onshore", local("2025-09-30 00:00"), 900, 4000.0);
    power("wind_onshore", local("2025-09-30 00:15"), 900, 4000.0);
    power("wind_onshore", local("2025-09-30 00:30"), 900, 8000.0);
    power("wind_onshore", local("2025-09-30 00:45"), 900, null);
    power("solar", local("2025-09-30 00:00"), 900, 5000.0);
    // Wind on 10-01: offshore one quarter-hour at 1000; onshore one hour at 3000.
    power("wind_offshore", local("2025-10-01 00:00"), 900, 1000.0);
    power("wind_onshore", local("2025-10-01 00:00"), 3600, 3000.0);

    db.execute(
        FIXTURE.stream().map(s -> s.replace("%RUN%", Long.toString(run))).toArray(String[]::new));
  }

  @Test
  void productionTrendSumsTheQuarterHoursOfALocalDay() throws Exception {
    // solar: 3 values reported (the NULL is not): (100 + 200 + 300) MW × 0.25 h = 150 MWh; mean
    // (100 + 200 + 300) × 900 s / (3 × 900 s) = 200 MW; 3 × 900 s = 0.75 h.
    // wind_onshore: (1000 + 1000 + 2000 + 2000) × 0.25 = 1500 MWh; mean 6000 / 4 = 1500 MW; 1 h.
    // load and the share series are not production types: no rows.
    assertEquals(
        List.of(
            "2025-10-06,solar,Solar,150.000,200.000,0.75",
            "2025-10-06,wind_onshore,Wind onshore,1500.000,1500.000,1.00"),
        rows(Report.PRODUCTION_TREND, "2025-10-06", "2025-10-06"));
    assertEquals(
        List.of("day", "series", "name", "energy_mwh", "mean_mw", "hours_reported"),
        report(Report.PRODUCTION_TREND, "2025-10-06", "2025-10-06").columns());
  }

  @Test
  void productionTrendDaysAreLocalAcrossTheDstChange() throws Exception {
    // 10-25: the one quarter-hour at 23:45 CEST, 40 MW × 0.25 h = 10 MWh, 0.25 h.
    // 10-26: 100 quarter-hours × 100 MW × 0.25 h = 2500 MWh over 25 hours, mean 100 MW.
    // 10-27: 00:00 CET, 80 MW × 0.25 h = 20 MWh. (UTC days: 10-25 would hold 9 quarter-hours.)
    assertEquals(
        List.of(
            "2025-10-25,nuclear,Nuclear,10.000,40.000,0.25",
            "2025-10-26,nuclear,Nuclear,2500.000,100.000,25.00",
            "2025-10-27,nuclear,Nuclear,20.000,80.000,0.25"),
        rows(Report.PRODUCTION_TREND, "2025-10-25", "2025-10-27"));
  }

  @Test
  void underperformanceComparesASlotWithTheSameSlotOfTheFourWeeksBefore() throws Exception {
    // From 08-04 the query also reads the 28 days before (07-07 on), so 07-28 is there.
    // Expected = mean of the same Monday slot 7, 14, 21, 28 days before (not the slot's own day):
    //   08-04: 07-28                    → 1000 / 1 = 1000; ratio 1100 / 1000 = 1.1000
    //   08-11: 07-28, 08-04             → 2100 / 2 = 1050; 1000 / 1050 = 0.95238 → 0.9524
    //   08-18: + 08-11                  → 3100 / 3 = 1033.333; 1300 / 1033.33 = 1.25806 → 1.2581
    //   08-25: + 08-18                  → 4400 / 4 = 1100; 900 / 1100 = 0.81818 → 0.8182
    //   09-01: 08-04..08-25 (07-28 is 35 days before) → 4300 / 4 = 1075; 500 / 1075 = 0.46512
    //          → 0.4651 < 0.5 while 1075 >= 100 expected: underperforming.
    //   Tuesday 08-26: no earlier Tuesday → no expected value, 0 weeks, not flagged.
    List<String> noon =
        rows(Report.UNDERPERFORMANCE, "2025-08-04", "2025-09-01", 0.5, 100).stream()
            .filter(r -> r.contains(" 12:00:00,solar,"))
            .map(r -> r.substring(0, nthComma(r, 7)))
            .toList();
    assertEquals(
        List.of(
            "2025-08-04 12:00:00,solar,1100.000,1000.000,1,1.1000,f",
            "2025-08-11 12:00:00,solar,1000.000,1050.000,2,0.9524,f",
            "2025-08-18 12:00:00,solar,1300.000,1033.333,3,1.2581,f",
            "2025-08-25 12:00:00,solar,900.000,1100.000,4,0.8182,f",
            "2025-08-26 12:00:00,solar,100.000,NULL,0,NULL,f",
            "2025-09-01 12:00:00,solar,500.000,1075.000,4,0.4651,t"),
        noon);
  }

  @Test
  void underperformanceRowHasTheCalendarFeaturesAndTheShareOfLoad() throws Exception {
    // 2025-09-01 is a Monday (ISO weekday 1), day 31+28+31+30+31+30+31+31+1 = 244 of the year;
    // share of load 500 / 50000 = 0.0100. The load itself is demand, the share's divisor: no row.
    assertEquals(
        List.of(
            "2025-09-01 02:00:00,solar,1.000,10.000,4,0.1000,f,2,1,9,244,f,NULL",
            "2025-09-01 12:00:00,solar,500.000,1075.000,4,0.4651,t,12,1,9,244,f,0.0100"),
        rows(Report.UNDERPERFORMANCE, "2025-09-01", "2025-09-01", 0.5, 100));
    assertEquals(
        List.of(
            "local_slot",
            "series",
            "mean_mw",
            "expected_mw",
            "weeks_in_expected",
            "ratio",
            "underperforming",
            "hour",
            "weekday",
            "month",
            "day_of_year",
            "weekend",
            "share_of_load"),
        report(Report.UNDERPERFORMANCE, "2025-09-01", "2025-09-01").columns());
  }

  @Test
  void underperformanceFlagsOnlyWhereEnoughWasExpected() throws Exception {
    // The night slot of 09-01: expected (0 + 10 + 20 + 10) / 4 = 10 MW, got 1 (ratio 0.1), but
    // 10 < 100 MW expected: not flagged. With --min-expected-mw 5 it is; with --threshold 0.4
    // noon's 0.4651 is not below it.
    assertEquals(
        List.of("2025-09-01 02:00:00,solar,f", "2025-09-01 12:00:00,solar,t"), flags(0.5, 100));
    assertEquals(
        List.of("2025-09-01 02:00:00,solar,t", "2025-09-01 12:00:00,solar,t"), flags(0.5, 5));
    assertEquals(
        List.of("2025-09-01 02:00:00,solar,f", "2025-09-01 12:00:00,solar,f"), flags(0.4, 100));
  }

  @Test
  void priceVsWindWeighsEachPriceByItsLengthAndLeavesNullsOut() throws Exception {
    // 09-30, hourly: (100 + 50 + 30) × 3600 s / (3 × 3600 s) = 60.00 (the NULL hour weighs nothing;
    //        counted as 0 it would be 45). Offshore (2000 + 2400) × 0.25 h = 1100 MWh; onshore
    //        (4000 + 4000 + 8000) × 0.25 h = 4000 MWh; solar is not wind.
    // 10-01, quarter-hours: (80 + 40 + 120) × 900 / (3 × 900) = 80.00. Offshore 1000 × 0.25 =
    //        250 MWh; onshore one hour, 3000 × 1 = 3000 MWh.
    // 10-02: (100 × 3600 + 4 × 20 × 900) / (3600 + 4 × 900) = 432000 / 7200 = 60.00 (unweighted
    //        it would be 180 / 5 = 36); no wind stored: empty.
    assertEquals(
        List.of(
            "2025-09-30,60.00,1100.000,4000.000",
            "2025-10-01,80.00,250.000,3000.000",
            "2025-10-02,60.00,NULL,NULL"),
        rows(Report.PRICE_VS_WIND, "2025-09-30", "2025-10-02"));
    assertEquals(
        List.of("day", "mean_price_eur_mwh", "wind_offshore_mwh", "wind_onshore_mwh"),
        report(Report.PRICE_VS_WIND, "2025-09-30", "2025-09-30").columns());
    // One day only: nothing of the others.
    assertEquals(
        List.of("2025-10-01,80.00,250.000,3000.000"),
        rows(Report.PRICE_VS_WIND, "2025-10-01", "2025-10-01"));
  }

  @Test
  void storedDaysAreLocalDaysOfTheReportsRows() throws Exception {
    // Public power: from 07-28 12:00 to 2025-10-26 23:00 UTC, which is 10-27 in Berlin.
    assertEquals(
        Optional.of(new Days(LocalDate.parse("2025-07-28"), LocalDate.parse("2025-10-27"))),
        EnergyReports.storedDays(db.jdbcUrl(), Report.PRODUCTION_TREND, "de", "DE-LU", BERLIN));
    assertEquals(
        Optional.of(new Days(LocalDate.parse("2025-07-28"), LocalDate.parse("2025-10-26"))),
        EnergyReports.storedDays(
            db.jdbcUrl(), Report.UNDERPERFORMANCE, "de", "DE-LU", ZoneId.of("UTC")));
    // Prices 09-30..10-02, wind 09-30..10-06 (production-trend's onshore): from the first of
    // either to the last of either. Solar (07-28 on) is not wind.
    assertEquals(
        Optional.of(new Days(LocalDate.parse("2025-09-30"), LocalDate.parse("2025-10-06"))),
        EnergyReports.storedDays(db.jdbcUrl(), Report.PRICE_VS_WIND, "de", "DE-LU", BERLIN));
    assertEquals(
        Optional.empty(),
        EnergyReports.storedDays(db.jdbcUrl(), Report.PRODUCTION_TREND, "fr", "DE-LU", BERLIN));
    assertTrue(EnergyReports.storesCountry(db.jdbcUrl(), "de"));
    assertFalse(EnergyReports.storesCountry(db.jdbcUrl(), "DE"));
    assertTrue(EnergyReports.storesBiddingZone(db.jdbcUrl(), "DE-LU"));
    assertFalse(EnergyReports.storesBiddingZone(db.jdbcUrl(), "de-lu"));
    assertEquals(List.of("de"), EnergyReports.countries(db.jdbcUrl()));
    assertEquals(List.of("DE-LU"), EnergyReports.biddingZones(db.jdbcUrl()));
  }

  /** The local slot, series and flag of each solar row of 2025-09-01. */
  private static List<String> flags(double threshold, double minExpectedMw) throws Exception {
    return rows(Report.UNDERPERFORMANCE, "2025-09-01", "2025-09-01", threshold, minExpectedMw)
        .stream()
        .filter(r -> r.contains(",solar,"))
        .map(r -> r.substring(0, nthComma(r, 2)) + "," + r.split(",")[6])
        .toList();
  }

  private static int nthComma(String row, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = row.indexOf(',', at + 1);
    }
    return at;
  }

  private static QueryTable report(Report report, String from, String to) throws Exception {
    return EnergyReports.run(
        db.jdbcUrl(),
        report,
        new Request("de", "DE-LU", BERLIN, LocalDate.parse(from), LocalDate.parse(to), 0.5, 100));
  }

  private static List<String> rows(Report report, String from, String to) throws Exception {
    return rows(report, from, to, 0.5, 100);
  }

  /** Each row as its values joined by commas, NULL for a null. */
  private static List<String> rows(
      Report report, String from, String to, double threshold, double minExpectedMw)
      throws Exception {
    QueryTable table =
        EnergyReports.run(
            db.jdbcUrl(),
            report,
            new Request(
                "de",
                "DE-LU",
                BERLIN,
                LocalDate.parse(from),
                LocalDate.parse(to),
                threshold,
                minExpectedMw));
    return table.rows().stream()
        .map(row -> String.join(",", row.stream().map(v -> v == null ? "NULL" : v).toList()))
        .toList();
  }

  private static String local(String wallClock) {
    return "timestamp '" + wallClock + "' AT TIME ZONE 'Europe/Berlin'";
  }

  private static String utc(String instant) {
    return "timestamptz '" + instant + "+00'";
  }

  /** A row of energy.public_power of country de; the name is the series spelt out. */
  private static void power(String series, String start, int seconds, Double mw) {
    String name = Character.toUpperCase(series.charAt(0)) + series.substring(1).replace('_', ' ');
    FIXTURE.add(
        String.format(
            "INSERT INTO energy.public_power VALUES ('de', '%s', %s, %d, '%s', %s, now(), %%RUN%%,"
                + " now())",
            series, start, seconds, name, mw));
  }

  /** A row of energy.prices of DE-LU, EUR/MWh. */
  private static void price(String start, int seconds, Double eurPerMwh) {
    FIXTURE.add(
        String.format(
            "INSERT INTO energy.prices VALUES ('DE-LU', %s, %d, %s, 'EUR / MWh', now(), %%RUN%%,"
                + " now())",
            start, seconds, eurPerMwh));
  }
}
