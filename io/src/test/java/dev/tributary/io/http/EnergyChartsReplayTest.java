package dev.tributary.io.http;

import static dev.tributary.io.http.ReplayHttp.longs;
import static dev.tributary.io.http.ReplayHttp.names;
import static dev.tributary.io.http.ReplayHttp.numbers;
import static dev.tributary.io.http.ReplayHttp.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Energy-Charts replay over HTTP: shapes, time grid, units, nulls, errors, revisions. */
class EnergyChartsReplayTest {
  /** A Wednesday, 12:10 in Berlin. */
  private static final Instant NOW = Instant.parse("2026-06-10T10:10:00Z");

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final List<String> GERMAN_NAMES =
      List.of(
          "Hydro pumped storage consumption",
          "Cross border electricity trading",
          "Nuclear",
          "Hydro Run-of-River",
          "Biomass",
          "Fossil brown coal / lignite",
          "Fossil hard coal",
          "Fossil oil",
          "Fossil gas",
          "Geothermal",
          "Hydro water reservoir",
          "Hydro pumped storage",
          "Others",
          "Waste",
          "Wind offshore",
          "Wind onshore",
          "Solar",
          "Load",
          "Residual load",
          "Renewable share of generation",
          "Renewable share of load");

  private ReplayServer server;

  @BeforeEach
  void start() throws IOException {
    server = ReplayServer.start(0, NOW).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aGermanDayIs96QuarterHoursFromLocalMidnightWithTheObservedNames() throws Exception {
    JsonNode body = power("country=de&start=2025-06-02");

    assertEquals(List.of("unix_seconds", "production_types", "deprecated"), fields(body));
    assertStamps(body, 96, "2025-06-01T22:00:00Z", 900);
    assertEquals(GERMAN_NAMES, names(body));
    body.get("production_types").forEach(type -> assertEquals(96, type.get("data").size()));
    assertFalse(body.get("deprecated").asBoolean());
    assertStamps(power("start=2025-01-15"), 96, "2025-01-14T23:00:00Z", 900);
  }

  @Test
  void daylightSavingDaysHave92And100QuarterHours() throws Exception {
    assertStamps(power("country=de&start=2025-03-30"), 92, "2025-03-29T23:00:00Z", 900);
    assertStamps(power("country=de&start=2025-10-26"), 100, "2025-10-25T22:00:00Z", 900);
  }

  @Test
  void before2020TheDataIsHourly() throws Exception {
    assertStamps(power("country=de&start=2019-06-03"), 24, "2019-06-02T22:00:00Z", 3600);

    List<Long> stamps = longs(power("start=2019-12-31&end=2020-01-01").get("unix_seconds"));
    assertEquals(24 + 96, stamps.size());
    assertEquals(3600, stamps.get(23) - stamps.get(22));
    assertEquals(epoch("2019-12-31T23:00:00Z"), stamps.get(24)); // local midnight of 2020
    assertEquals(900, stamps.get(25) - stamps.get(24));
  }

  @Test
  void startAndEndTakeIsoTimestampsAndUnixSeconds() throws Exception {
    assertStamps(
        power("start=2025-06-02T00:00%2B02:00&end=2025-06-02T01:00Z"),
        13,
        "2025-06-01T22:00:00Z",
        900);
    assertStamps(
        power("start=2025-06-02T02:00&end=2025-06-02T02:30"), 3, "2025-06-02T00:00:00Z", 900);
    assertStamps(power("start=1748815200"), 1, "2025-06-01T22:00:00Z", 900);
  }

  @Test
  void withoutStartItIsTodayUpToNowWithTheNewestSlotsNotYetReported() throws Exception {
    JsonNode body = power("country=de");
    List<Long> stamps = longs(body.get("unix_seconds"));
    assertStamps(body, 49, "2026-06-09T22:00:00Z", 900); // up to 10:00Z, now is 10:10Z
    int last = stamps.size() - 1;
    for (String name : GERMAN_NAMES) {
      assertNull(series(body, name).get(last), name + " in the last hour");
    }
    int twoHoursAgo = stamps.indexOf(epoch("2026-06-10T08:00:00Z"));
    assertNotNull(series(body, "Solar").get(twoHoursAgo));
    assertNull(series(body, "Biomass").get(twoHoursAgo));
    int fourHoursAgo = stamps.indexOf(epoch("2026-06-10T06:00:00Z"));
    for (String name : GERMAN_NAMES) {
      if (!name.equals("Nuclear")) {
        assertNotNull(series(body, name).get(fourHoursAgo), name + " four hours ago");
      }
    }

    JsonNode yesterday = power("start=2026-06-09");
    for (String name : GERMAN_NAMES) {
      if (!name.equals("Nuclear")) {
        assertFalse(series(yesterday, name).contains(null), name + " yesterday");
      }
    }
  }

  @Test
  void aRangeInTheFutureIsEmpty() throws Exception {
    JsonNode body = power("start=2026-07-01");
    assertEquals(0, body.get("unix_seconds").size());
    assertEquals(GERMAN_NAMES, names(body));
    body.get("production_types").forEach(type -> assertEquals(0, type.get("data").size()));

    JsonNode prices = price("start=2026-07-01");
    assertEquals(0, prices.get("unix_seconds").size());
    assertEquals(0, prices.get("price").size());
  }

  @Test
  void nuclearIsAllNullFromTheShutdown() throws Exception {
    assertFalse(series(power("start=2023-04-15"), "Nuclear").contains(null));
    for (String day : List.of("2023-04-16", "2024-01-01")) {
      List<Double> nuclear = series(power("start=" + day), "Nuclear");
      assertEquals(96, nuclear.size());
      assertTrue(nuclear.stream().allMatch(value -> value == null), day);
    }
  }

  @Test
  void theSeriesHaveTheirSignsAndRanges() throws Exception {
    JsonNode week = power("country=de&start=2025-06-02&end=2025-06-08");
    assertTrue(series(week, "Hydro pumped storage consumption").stream().allMatch(v -> v < 0));
    List<Double> trading = series(week, "Cross border electricity trading");
    assertTrue(trading.stream().anyMatch(v -> v > 0), "imports");
    assertTrue(trading.stream().anyMatch(v -> v < 0), "exports");
    assertTrue(series(week, "Load").stream().allMatch(v -> v >= 40_000 && v <= 70_000));
    for (String share : List.of("Renewable share of generation", "Renewable share of load")) {
      assertTrue(series(week, share).stream().allMatch(v -> v >= 0 && v <= 100), share);
    }
    List<Long> stamps = longs(week.get("unix_seconds"));
    List<Double> solar = series(week, "Solar");
    assertEquals(0.0, solar.get(stamps.indexOf(epoch("2025-06-02T00:00:00Z"))));
    assertTrue(solar.get(stamps.indexOf(epoch("2025-06-02T11:00:00Z"))) > 5_000);
  }

  @Test
  void otherCountriesHaveTheirNamesAndTimeZones() throws Exception {
    assertEquals(CountryProfile.DENMARK, names(power("country=dk&start=2025-06-02")));
    assertStamps(power("country=pt&start=2025-06-02"), 96, "2025-06-01T23:00:00Z", 900);
  }

  @Test
  void anUnknownCountryIs400InPlainText() throws Exception {
    for (String country : List.of("xx", "DK1")) {
      HttpResponse<String> response =
          ReplayHttp.get(server.url() + "/public_power?country=" + country);
      assertEquals(400, response.statusCode());
      assertEquals(
          "text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
      assertEquals(
          "'"
              + country
              + "' is not the code for an available country. Please refer to the API doc for"
              + " information about available countries",
          response.body());
    }
  }

  @Test
  void anUnreadableStartIs422LikeFastApi() throws Exception {
    for (String path : List.of("/public_power?start=yesterday", "/price?start=2025-13-01")) {
      HttpResponse<String> response = ReplayHttp.get(server.url() + path);
      assertEquals(422, response.statusCode(), path);
      JsonNode error = Reply.MAPPER.readTree(response.body()).get("detail").get(0);
      assertEquals("[\"query\",\"start\"]", error.get("loc").toString());
      assertEquals("value_error", error.get("type").asText());
    }
  }

  @Test
  void theSameSlotHasTheSameValueWhateverIsAskedAndInWhatOrder() throws Exception {
    String url = server.url() + "/public_power?country=de&start=2025-06-03";
    String first = ReplayHttp.get(url).body();
    JsonNode week = power("country=de&start=2025-06-02&end=2025-06-08");
    assertEquals(first, ReplayHttp.get(url).body());

    JsonNode day = Reply.MAPPER.readTree(first);
    int offset = longs(week.get("unix_seconds")).indexOf(day.get("unix_seconds").get(0).asLong());
    for (String name : GERMAN_NAMES) {
      assertEquals(series(day, name), series(week, name).subList(offset, offset + 96), name);
    }
  }

  @Test
  void aRevisionChangesOneSolarValueAndOnePriceADay() throws Exception {
    String days = "start=2025-06-02&end=2025-06-03";
    JsonNode power = power(days);
    JsonNode prices = price(days);
    server.revise(2);
    JsonNode revisedPower = power(days);
    JsonNode revisedPrices = price(days);

    List<Long> stamps = longs(power.get("unix_seconds"));
    List<Long> noons = List.of(epoch("2025-06-02T10:00:00Z"), epoch("2025-06-03T10:00:00Z"));
    assertTrue(stamps.containsAll(noons));
    for (String name : GERMAN_NAMES) {
      List<Double> before = series(power, name);
      List<Double> after = series(revisedPower, name);
      for (int i = 0; i < stamps.size(); i++) {
        String what = name + " at " + stamps.get(i);
        if (name.equals("Solar") && noons.contains(stamps.get(i))) {
          assertEquals(before.get(i) + 20, after.get(i), 1e-9, what);
        } else {
          assertEquals(before.get(i), after.get(i), what);
        }
      }
    }
    List<Long> priceStamps = longs(prices.get("unix_seconds"));
    List<Double> before = numbers(prices.get("price"));
    List<Double> after = numbers(revisedPrices.get("price"));
    assertTrue(priceStamps.containsAll(noons));
    for (int i = 0; i < priceStamps.size(); i++) {
      if (noons.contains(priceStamps.get(i))) {
        assertEquals(before.get(i) + 2, after.get(i), 1e-9);
      } else {
        assertEquals(before.get(i), after.get(i));
      }
    }
  }

  @Test
  void pricesAreHourlyUntilTheQuarterHourMarketStarted() throws Exception {
    JsonNode day = price("bzn=DE-LU&start=2025-06-02");
    assertEquals(
        List.of("license_info", "unix_seconds", "price", "unit", "deprecated"), fields(day));
    assertEquals(
        "CC BY 4.0 (creativecommons.org/licenses/by/4.0) from Bundesnetzagentur | SMARD.de",
        day.get("license_info").asText());
    assertStamps(day, 24, "2025-06-01T22:00:00Z", 3600);
    assertEquals(24, day.get("price").size());

    List<Long> stamps = longs(price("start=2025-09-30&end=2025-10-01").get("unix_seconds"));
    assertEquals(24 + 96, stamps.size());
    assertEquals(3600, stamps.get(23) - stamps.get(22));
    assertEquals(epoch("2025-09-30T22:00:00Z"), stamps.get(24));
    assertEquals(900, stamps.get(25) - stamps.get(24));
  }

  @Test
  void theUnitIsSpelledAsItWasOnTheStartDay() throws Exception {
    assertEquals("EUR / megawatt_hour", price("start=2024-01-01").get("unit").asText());
    assertEquals("EUR/MWh", price("start=2024-05-04").get("unit").asText());
    assertEquals("No Unit", price("start=2024-12-08").get("unit").asText());
    assertEquals("EUR / MWh", price("start=2025-12-31").get("unit").asText());
  }

  @Test
  void somePricesAreNullAtLeastOnceAWeekButNeverAtNoon() throws Exception {
    JsonNode june = price("start=2025-06-02&end=2025-06-29"); // four Monday-to-Sunday weeks
    List<Long> stamps = longs(june.get("unix_seconds"));
    List<Double> prices = numbers(june.get("price"));
    List<Integer> weeks = new ArrayList<>();
    for (int i = 0; i < prices.size(); i++) {
      if (prices.get(i) == null) {
        ZonedDateTime local = Instant.ofEpochSecond(stamps.get(i)).atZone(BERLIN);
        assertFalse(local.toLocalTime().equals(LocalTime.NOON), local.toString());
        weeks.add(local.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      }
    }
    assertTrue(weeks.stream().distinct().count() >= 4, "nulls in weeks " + weeks);
    assertTrue(weeks.size() < prices.size() / 50, weeks.size() + " nulls");
  }

  @Test
  void pricesGoNegativeOnlyAroundMiddayOnWeekends() throws Exception {
    JsonNode summer = price("start=2025-05-01&end=2025-08-31");
    List<Long> stamps = longs(summer.get("unix_seconds"));
    List<Double> prices = numbers(summer.get("price"));
    int negative = 0;
    for (int i = 0; i < prices.size(); i++) {
      if (prices.get(i) != null && prices.get(i) < 0) {
        negative++;
        ZonedDateTime local = Instant.ofEpochSecond(stamps.get(i)).atZone(BERLIN);
        assertTrue(local.getDayOfWeek().compareTo(DayOfWeek.SATURDAY) >= 0, local.toString());
        assertTrue(local.getHour() >= 9 && local.getHour() < 18, local.toString());
      }
    }
    assertTrue(negative > 10, negative + " negative prices");
  }

  @Test
  void priceErrorsAreTheObservedOnes() throws Exception {
    HttpResponse<String> unknown = ReplayHttp.get(server.url() + "/price?bzn=de-lu");
    assertEquals(400, unknown.statusCode());
    assertEquals("'de-lu' is not the code for an available bidding zone.", unknown.body());

    HttpResponse<String> broken =
        ReplayHttp.get(server.url() + "/price?bzn=DE-AT-LU&start=2025-03-24&end=2025-03-25");
    assertEquals(500, broken.statusCode());
    assertEquals(
        200, ReplayHttp.get(server.url() + "/price?bzn=DE-AT-LU&start=2025-03-25").statusCode());

    HttpResponse<String> gap =
        ReplayHttp.get(server.url() + "/price?bzn=AT&start=2026-05-04&end=2026-05-05");
    assertEquals(404, gap.statusCode());
    assertEquals("application/json", gap.headers().firstValue("Content-Type").orElse(""));
    assertEquals(
        "{\"detail\":\"No price data available for that bidding zone/time range\"}", gap.body());
    // A range that only partly has data answers that part.
    JsonNode partly = price("bzn=AT&start=2026-05-01&end=2026-05-05");
    assertStamps(partly, 3 * 96, "2026-04-30T22:00:00Z", 900);
  }

  @Test
  void installedPowerIsYearlyWithTodaysNames() throws Exception {
    JsonNode body = ReplayHttp.json(server.url() + "/installed_power?country=de&time_step=yearly");
    assertEquals(List.of("time", "production_types", "last_update", "deprecated"), fields(body));
    List<String> years = new ArrayList<>();
    body.get("time").forEach(year -> years.add(year.asText()));
    assertEquals("2002", years.get(0));
    assertEquals("2026", years.get(years.size() - 1));
    assertEquals(25, years.size());
    assertEquals(
        List.of(
            "Nuclear",
            "Fossil brown coal / lignite",
            "Fossil hard coal",
            "Fossil gas",
            "Fossil oil",
            "Other, non-renewable",
            "Hydro",
            "Hydro pumped storage",
            "Biomass",
            "Wind offshore",
            "Wind onshore",
            "Solar DC",
            "Solar AC",
            "Battery storage (power)",
            "Battery storage (capacity)"),
        names(body));
    assertNull(series(body, "Fossil gas").get(0));
    List<Double> solar = series(body, "Solar DC");
    assertTrue(solar.get(0) < 1 && solar.get(solar.size() - 1) > 100, solar.toString());
    long lastUpdate = body.get("last_update").asLong();
    assertTrue(lastUpdate <= NOW.getEpochSecond() && lastUpdate > NOW.getEpochSecond() - 86_400);
    JsonNode denmark = ReplayHttp.json(server.url() + "/installed_power?country=dk");
    assertEquals("2014", denmark.get("time").get(0).asText());
  }

  @Test
  void installedPowerIsMonthlyWithTheOldNamesAndNetAdditionsInMw() throws Exception {
    String url = server.url() + "/installed_power?time_step=monthly";
    JsonNode totals = ReplayHttp.json(url);
    List<String> months = new ArrayList<>();
    totals.get("time").forEach(month -> months.add(month.asText()));
    assertEquals(24 * 12 + 6, months.size());
    assertEquals("01.2002", months.get(0));
    assertEquals("06.2026", months.get(months.size() - 1));
    List<String> names = names(totals);
    assertTrue(
        names.containsAll(
            List.of("Solar", "Battery Storage (Power)", "Battery Storage (Capacity)")),
        names.toString());
    assertFalse(
        names.contains("Solar DC") || names.contains("Battery storage (power)"), names.toString());

    JsonNode net = ReplayHttp.json(url + "&installation_decommission=true");
    List<Double> solar = series(totals, "Solar");
    List<Double> added = series(net, "Solar");
    assertNull(added.get(0));
    int compared = 0;
    for (int i = 1; i < solar.size(); i++) {
      if (solar.get(i - 1) == null) {
        assertNull(added.get(i), months.get(i));
      } else {
        assertEquals((solar.get(i) - solar.get(i - 1)) * 1000, added.get(i), 1.01, months.get(i));
        compared++;
      }
    }
    assertTrue(compared > 200, compared + " months compared");
  }

  @Test
  void installedPowerErrors() throws Exception {
    HttpResponse<String> notBoolean =
        ReplayHttp.get(server.url() + "/installed_power?installation_decommission=maybe");
    assertEquals(422, notBoolean.statusCode());
    assertEquals(
        "{\"detail\":[{\"loc\":[\"query\",\"installation_decommission\"],\"msg\":\"Input should be a"
            + " valid boolean, unable to interpret input\",\"type\":\"bool_parsing\"}]}",
        notBoolean.body());
    HttpResponse<String> weekly =
        ReplayHttp.get(server.url() + "/installed_power?time_step=weekly");
    assertEquals(422, weekly.statusCode());
    assertTrue(weekly.body().contains("[\"query\",\"time_step\"]"), weekly.body());
    assertEquals(
        400,
        ReplayHttp.get(server.url() + "/installed_power?country=at&time_step=monthly")
            .statusCode());
    assertEquals(400, ReplayHttp.get(server.url() + "/installed_power?country=xx").statusCode());
  }

  private JsonNode power(String query) throws Exception {
    return ReplayHttp.json(server.url() + "/public_power?" + query);
  }

  private JsonNode price(String query) throws Exception {
    return ReplayHttp.json(server.url() + "/price?" + query);
  }

  private static void assertStamps(JsonNode body, int count, String first, long step) {
    List<Long> stamps = longs(body.get("unix_seconds"));
    assertEquals(count, stamps.size(), "stamps");
    assertEquals(epoch(first), stamps.get(0), "first stamp");
    for (int i = 1; i < stamps.size(); i++) {
      assertEquals(step, stamps.get(i) - stamps.get(i - 1), "step at " + i);
    }
  }

  private static long epoch(String instant) {
    return Instant.parse(instant).getEpochSecond();
  }

  private static List<String> fields(JsonNode body) {
    List<String> fields = new ArrayList<>();
    body.fieldNames().forEachRemaining(fields::add);
    return fields;
  }
}
