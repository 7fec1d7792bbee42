package dev.tributary.pipelines.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.covid.CovidOptions;
import dev.tributary.pipelines.covid.CovidPipeline;
import dev.tributary.pipelines.energy.EnergyOptions;
import dev.tributary.pipelines.energy.EnergyPipeline;
import dev.tributary.pipelines.roofs.RoofsOptions;
import dev.tributary.pipelines.roofs.RoofsPipeline;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobOptions;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.trips.TripsOptions;
import dev.tributary.pipelines.trips.TripsPipeline;
import dev.tributary.pipelines.weather.WeatherOptions;
import dev.tributary.pipelines.weather.WeatherPipeline;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium ({@code scripts/browser/check-dashboard.mjs}) against a
 * database the pipelines filled from their samples: every chart's points, read back from the drawn
 * page, equal what this test works out from the stored rows by its own queries (not the pages'),
 * and a screenshot of each page is saved (to {@code -Ddashboard.screenshots=DIR}, else
 * target/dashboard-screenshots; {@code scripts/screenshots.sh} refreshes docs/screenshots).
 */
class DashboardIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A box in the middle of the sample's Prague trips. */
  private static final String BOX = "/trips?bbox=14.40,50.03,14.50,50.10&match=origin";

  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);
  @TempDir static Path output;
  private static DashboardServer dashboard;
  private static JsonNode pages;

  @BeforeAll
  static void fillAndDraw() throws Exception {
    try (ReplayServer api =
        ReplayServer.start(0, Instant.parse("2026-01-01T00:00:00Z")).maxRequestsPerSecond(0)) {
      run(
          new CovidPipeline(),
          CovidOptions.class,
          "--apiUrl=" + api.url(),
          "--initialBackoffMillis=1");
      run(
          new EnergyPipeline(),
          EnergyOptions.class,
          "--apiUrl=" + api.url(),
          "--initialBackoffMillis=1",
          "--start=2025-10-25",
          "--end=2025-10-27");
      // Six polls an hour apart: two local days in Berlin, a moving average over several hours.
      for (int hour = 0; hour < 6; hour++) {
        api.at(Instant.parse("2025-06-15T19:30:00Z").plusSeconds(3600L * hour));
        run(
            new WeatherPipeline(),
            WeatherOptions.class,
            "--apiUrl=" + api.url(),
            "--city=2950159,2643743",
            "--cities=" + ROOT.resolve("data/sample/weather/cities.csv"),
            "--requestsPerMinute=0",
            "--initialBackoffMillis=1");
      }
    }
    run(
        new TripsPipeline(),
        TripsOptions.class,
        "--input=" + ROOT.resolve("data/sample/trips.csv"));
    run(
        new RoofsPipeline(),
        RoofsOptions.class,
        "--input=" + ROOT.resolve("data/sample/roofs/*.json"),
        "--outputDir=" + output);

    dashboard = DashboardServer.start(new InetSocketAddress("127.0.0.1", 0), db.jdbcUrl());
    Path shots =
        Path.of(
            System.getProperty(
                "dashboard.screenshots",
                ROOT.resolve("pipelines/target/dashboard-screenshots").toString()));
    pages =
        draw(
            List.of("--screenshots", shots.toString()),
            "/",
            "/covid",
            "/trips",
            "/energy",
            "/weather",
            "/roofs");
    ((ObjectNode) pages)
        .setAll(
            (ObjectNode)
                draw(
                    List.of(),
                    "/covid?from=2021-01-01&to=2021-01-31",
                    "/covid?from=nonsense",
                    BOX));
  }

  @AfterAll
  static void stop() {
    if (dashboard != null) {
      dashboard.close();
    }
  }

  private static <O extends JobOptions> void run(Job<O> job, Class<O> type, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--jdbcUrl=" + db.jdbcUrl(), "--progress=false"));
    RunSummary summary =
        JobRunner.run(job, PipelineOptionsFactory.fromArgs(all.toArray(String[]::new)).as(type));
    assertTrue(summary.isComplete(), summary.toString());
  }

  /** Every page drawn in Chromium: what its charts hold. */
  private static JsonNode draw(List<String> options, String... paths)
      throws IOException, InterruptedException {
    Path script = ROOT.resolve("scripts/browser/check-dashboard.mjs");
    assertTrue(
        Files.isDirectory(ROOT.resolve("scripts/browser/node_modules")),
        "the browser checks are not installed: run scripts/browser.sh");
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(options);
    command.add(dashboard.url().replaceAll("/$", ""));
    command.addAll(List.of(paths));
    Process node =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(node.waitFor(3, TimeUnit.MINUTES), "the browser check did not end");
    assertEquals(0, node.exitValue(), "the browser check failed: " + out);
    return JSON.readTree(out);
  }

  /** A drawn series' points as "x|y" lines, numbers as BigDecimal text without trailing zeros. */
  private static List<String> points(String page, String chart, String series) {
    for (JsonNode s : pages.path(page).path("charts").path(chart)) {
      if (s.path("name").asText().equals(series)) {
        List<String> points = new ArrayList<>();
        for (JsonNode p : s.path("data")) {
          points.add(text(p.get(0)) + "|" + text(p.get(1)));
        }
        return points;
      }
    }
    throw new AssertionError(
        "no series '" + series + "' in chart " + chart + " of " + page + ": " + pages.path(page));
  }

  private static String text(JsonNode v) {
    return v == null || v.isNull() ? "null" : v.isNumber() ? number(v.decimalValue()) : v.asText();
  }

  private static String number(BigDecimal v) {
    return v.signum() == 0 ? "0" : v.stripTrailingZeros().toPlainString();
  }

  private static List<String> rows(String sql) throws Exception {
    return db.queryRows(sql).stream().map(DashboardIT::numbersStripped).toList();
  }

  /** A stored row "a|b|c" with each number written as {@link #number} writes it. */
  private static String numbersStripped(String row) {
    List<String> fields = new ArrayList<>();
    for (String f : row.split("\\|", -1)) {
      fields.add(
          f.matches("-?\\d+(\\.\\d+)?") ? number(new BigDecimal(f)) : f.isEmpty() ? "null" : f);
    }
    return String.join("|", fields);
  }

  @Test
  void theCovidPageDrawsEveryStoredDayWithItsNewCasesAndWeeklyAverage() throws Exception {
    List<String> stored = rows("SELECT day, cases FROM covid.confirmed_cases ORDER BY day");
    assertEquals(1142, stored.size());
    assertEquals(stored, points("/covid", "cumulative", "cumulative"));

    // New cases and 7-day averages worked out here from the cumulative counts (days are
    // consecutive).
    List<String> news = new ArrayList<>();
    List<String> averages = new ArrayList<>();
    List<Long> window = new ArrayList<>();
    for (int i = 0; i < stored.size(); i++) {
      String day = stored.get(i).split("\\|")[0];
      Long n = i == 0 ? null : count(stored.get(i)) - count(stored.get(i - 1));
      news.add(day + "|" + n);
      window.add(n);
      if (window.size() > 7) {
        window.remove(0);
      }
      boolean full = window.size() == 7 && !window.contains(null);
      averages.add(
          day
              + "|"
              + (full
                  ? number(
                      BigDecimal.valueOf(window.stream().mapToLong(Long::longValue).sum())
                          .divide(BigDecimal.valueOf(7), 2, RoundingMode.HALF_UP))
                  : "null"));
    }
    assertEquals(news, points("/covid", "daily", "new cases"));
    assertEquals(averages, points("/covid", "daily", "7-day average"));
    assertEquals(
        List.of(), points("/covid", "daily", "decrease"), "the recorded counts never go down");

    // The date range: its days only, each with the new cases and average of the whole series.
    String january = "/covid?from=2021-01-01&to=2021-01-31";
    int first =
        news.indexOf(
            news.stream().filter(s -> s.startsWith("2021-01-01|")).findFirst().orElseThrow());
    assertEquals(news.subList(first, first + 31), points(january, "daily", "new cases"));
    assertEquals(averages.subList(first, first + 31), points(january, "daily", "7-day average"));
  }

  private static long count(String dayAndCount) {
    return Long.parseLong(dayAndCount.split("\\|")[1]);
  }

  @Test
  void theTripsPageDrawsTheWeeksCountedFromTheTripsThemselves() throws Exception {
    List<String> regions = db.queryRows("SELECT name FROM trips.regions ORDER BY name");
    assertTrue(regions.size() >= 3, regions.toString());
    for (String region : regions) {
      assertEquals(
          rows(
              "SELECT date_trunc('week', started_at)::date, count(*) FROM trips.trips t"
                  + " JOIN trips.regions r USING (region_id) WHERE r.name = '"
                  + region
                  + "'"
                  + " GROUP BY 1 ORDER BY 1"),
          points("/trips", "weekly", region),
          region);
    }
    // The biggest groups' sizes, counted from the trips' own group columns.
    List<String> biggest =
        db.queryRows(
            "SELECT count(*) FROM trips.trips GROUP BY grouping_id, region_id, origin_cell,"
                + " destination_cell, time_bucket ORDER BY 1 DESC LIMIT "
                + TripsReport.TOP_GROUPS);
    assertEquals(
        biggest,
        points("/trips", "groups", "trips").stream()
            .map(p -> p.substring(p.indexOf('|') + 1))
            .toList());
  }

  @Test
  void theTripsPageAnswersTheWeeklyAverageOfARegionOrABoxCountedFromTheTrips() throws Exception {
    // Every week from the first trip to the last counts, an empty one as zero.
    List<String> weeks =
        db.queryRows(
            "SELECT generate_series(date_trunc('week', min(started_at)),"
                + " date_trunc('week', max(started_at)), interval '7 days')::date FROM trips.trips");
    String box = "origin_lon BETWEEN 14.40 AND 14.50 AND origin_lat BETWEEN 50.03 AND 50.10";
    Map<String, String> inBox = new TreeMap<>();
    for (String week : weeks) {
      inBox.put(week, "0");
    }
    for (String row :
        rows(
            "SELECT date_trunc('week', started_at)::date, count(*) FROM trips.trips WHERE "
                + box
                + " GROUP BY 1")) {
      inBox.put(row.split("\\|")[0], row.split("\\|")[1]);
    }
    List<String> expected =
        inBox.entrySet().stream().map(e -> e.getKey() + "|" + e.getValue()).toList();
    assertTrue(inBox.values().stream().anyMatch(v -> !v.equals("0")), "the box holds trips");
    assertEquals(expected, points(BOX, "area", "trips"));
    BigDecimal average =
        BigDecimal.valueOf(db.queryLong("SELECT count(*) FROM trips.trips WHERE " + box))
            .divide(BigDecimal.valueOf(weeks.size()), 3, RoundingMode.HALF_UP);
    assertTrue(
        pages
            .path(BOX)
            .path("notes")
            .toString()
            .contains(
                "Weekly average in the box 14.40,50.03,14.50,50.10 (by origin): "
                    + average.toPlainString()
                    + " trips over "
                    + weeks.size()
                    + " weeks."),
        pages.path(BOX).toString());

    // Without a box: the first region's weeks, its trips per week as the weekly chart has them.
    String first = db.queryRows("SELECT name FROM trips.regions ORDER BY name LIMIT 1").get(0);
    List<String> region = points("/trips", "area", "trips");
    assertEquals(weeks.size(), region.size());
    assertEquals(
        points("/trips", "weekly", first), region.stream().filter(p -> !p.endsWith("|0")).toList());
  }

  @Test
  void theEnergyPageDrawsEachDaysProductionAndPrice() throws Exception {
    // The local days of Berlin, summed here per type from the quarter-hours and hours stored.
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (String row :
        rows(
            "SELECT min(name), (interval_start AT TIME ZONE 'Europe/Berlin')::date,"
                + " round(sum(value * interval_seconds)::numeric / 3600, 3) FROM energy.public_power"
                + " WHERE country = 'de' AND series IN ('wind_onshore', 'solar')"
                + " GROUP BY series, 2 ORDER BY series, 2")) {
      String[] f = row.split("\\|");
      expected.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1] + "|" + f[2]);
    }
    assertEquals(2, expected.size(), expected.toString());
    for (Map.Entry<String, List<String>> type : expected.entrySet()) {
      assertEquals(3, type.getValue().size(), type.toString());
      assertEquals(type.getValue(), points("/energy", "production", type.getKey()), type.getKey());
    }
    // Time-weighted over the intervals with a price: the day across the clock change has 25 hours,
    // and the replay leaves some without one.
    assertEquals(
        rows(
            "SELECT (interval_start AT TIME ZONE 'Europe/Berlin')::date,"
                + " round((sum(price * interval_seconds)"
                + " / sum(interval_seconds) FILTER (WHERE price IS NOT NULL))::numeric, 2)"
                + " FROM energy.prices WHERE bzn = 'DE-LU' GROUP BY 1 ORDER BY 1"),
        points("/energy", "price_wind", "mean price (DE-LU)"));
  }

  @Test
  void theWeatherPageDrawsTheFirstCitysDaysFromItsReadings() throws Exception {
    String city =
        "(SELECT city_id FROM weather.cities WHERE city_id IN (2950159, 2643743) ORDER BY name LIMIT 1)";
    assertEquals(
        rows(
            "SELECT local_date, round(min(temperature_c)::numeric, 2) FROM weather.observations"
                + " WHERE city_id = "
                + city
                + " GROUP BY 1 ORDER BY 1"),
        points("/weather", "daily", "minimum"));
    assertEquals(
        rows(
            "SELECT local_date, round(max(temperature_c)::numeric, 2) FROM weather.observations"
                + " WHERE city_id = "
                + city
                + " GROUP BY 1 ORDER BY 1"),
        points("/weather", "daily", "maximum"));
    List<String> hourly = points("/weather", "moving", "hourly mean");
    assertEquals(6, hourly.size(), hourly.toString());
    assertEquals(
        rows(
            "SELECT to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:00:00\"Z\"'),"
                + " round(temperature_c::numeric, 2) FROM weather.observations WHERE city_id = "
                + city
                + " ORDER BY 1"),
        hourly,
        "one reading an hour: the hour's mean is the reading");
  }

  @Test
  void theRoofsPageDrawsTypesAndPitchesCountedFromTheCurrentPlanes() throws Exception {
    assertEquals(
        rows(
            "SELECT t.material || ', ' || t.shape_class, count(*) FROM roofs.roof_versions v"
                + " JOIN roofs.roof_types t USING (roof_type_id) WHERE v.is_current"
                + " GROUP BY 1 ORDER BY 2 DESC, 1"),
        points("/roofs", "types", "roofs"));
    Map<Integer, Integer> planes = new TreeMap<>();
    for (String pitch :
        db.queryRows(
            "SELECT pitch_deg FROM roofs.mounting_planes p JOIN roofs.roof_versions v"
                + " USING (roof_version_id) WHERE v.is_current")) {
      planes.merge(Math.min(85, (int) (Double.parseDouble(pitch) / 5) * 5), 1, Integer::sum);
    }
    assertEquals(
        planes.entrySet().stream()
            .map(e -> e.getKey() + "–" + (e.getKey() + 5) + "°|" + e.getValue())
            .toList(),
        points("/roofs", "pitches", "planes"));
  }

  @Test
  void everyPageSaysWhatItShowsAndABadRangeIsOneLine() {
    for (String page : List.of("/covid", "/trips", "/energy", "/weather", "/roofs")) {
      assertTrue(pages.path(page).path("error").isNull(), page + ": " + pages.path(page));
      assertTrue(pages.path(page).path("notes").size() > 0, page + ": " + pages.path(page));
    }
    assertEquals("Tributary reports", pages.path("/").path("title").asText());
    assertEquals(
        "from must be a day YYYY-MM-DD, was 'nonsense'",
        pages.path("/covid?from=nonsense").path("error").asText());
  }
}
