package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenWeatherMap replay: over HTTP for the contract (units, refresh, time zones, errors,
 * revisions, faults, the recorded shapes), through its route directly for scans over many instants.
 */
class OpenWeatherReplayTest {
  /** 13:00 in Berlin, 23:00 in Sydney (summer time), 17:30 in Kolkata; a 10-minute mark. */
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  private static final Instant JULY = Instant.parse("2026-07-15T12:00:00Z");
  private static final String PATH = OpenWeatherReplay.PATH;
  private static final String BERLIN = "lat=52.5244&lon=13.4105";
  private static final String LONDON = "lat=51.5085&lon=-0.1257";
  private static final Route ROUTE = OpenWeatherReplay.routes().get(PATH);
  private static final List<String> TEMPERATURES =
      List.of("temp", "feels_like", "temp_min", "temp_max");

  /** What a body has only sometimes, whichever the city: precipitation and gusts. */
  private static final Set<String> OPTIONAL =
      Set.of("rain", "snow", "rain/1h", "rain/3h", "snow/1h", "wind/gust");

  /** OWM's vocabulary as published: code → main, description, icon without d/n. */
  private static final Map<Integer, List<String>> CONDITIONS =
      Map.ofEntries(
          Map.entry(500, List.of("Rain", "light rain", "10")),
          Map.entry(501, List.of("Rain", "moderate rain", "10")),
          Map.entry(600, List.of("Snow", "light snow", "13")),
          Map.entry(601, List.of("Snow", "snow", "13")),
          Map.entry(701, List.of("Mist", "mist", "50")),
          Map.entry(711, List.of("Smoke", "smoke", "50")),
          Map.entry(721, List.of("Haze", "haze", "50")),
          Map.entry(741, List.of("Fog", "fog", "50")),
          Map.entry(800, List.of("Clear", "clear sky", "01")),
          Map.entry(801, List.of("Clouds", "few clouds", "02")),
          Map.entry(802, List.of("Clouds", "scattered clouds", "03")),
          Map.entry(803, List.of("Clouds", "broken clouds", "04")),
          Map.entry(804, List.of("Clouds", "overcast clouds", "04")));

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
  void theThreeUnitSystemsAreOneReading() throws Exception {
    JsonNode standard = weather(BERLIN);
    JsonNode metric = weather(BERLIN + "&units=metric");
    JsonNode imperial = weather(BERLIN + "&units=imperial");
    assertEquals(standard, weather(BERLIN + "&units=standard"));
    assertEquals(standard, weather(BERLIN + "&units=kelvin")); // what OWM does with the unknown

    for (String field : TEMPERATURES) {
      double kelvin = standard.get("main").get(field).asDouble();
      double celsius = metric.get("main").get(field).asDouble();
      double fahrenheit = imperial.get("main").get(field).asDouble();
      assertTrue(kelvin > 230 && kelvin < 320, field + " " + kelvin);
      assertEquals(kelvin - 273.15, celsius, 0.011, field);
      assertEquals(celsius * 9 / 5 + 32, fahrenheit, 0.02, field);
    }
    for (String field : List.of("speed", "gust")) {
      JsonNode metres = metric.get("wind").get(field);
      assertEquals(standard.get("wind").get(field), metres, field);
      if (metres != null) { // each rounded to 0.01 from the same reading: 0.017 apart at most
        assertEquals(
            metres.asDouble() / 0.44704, imperial.get("wind").get(field).asDouble(), 0.02, field);
      }
    }
    // Nothing else depends on the units.
    assertEquals(withoutUnits(standard), withoutUnits(metric));
    assertEquals(withoutUnits(standard), withoutUnits(imperial));
  }

  @Test
  void everyRequestWithinARefreshGetsTheSameBytesAndTheNextRefreshALaterReading() throws Exception {
    String first = get(BERLIN).body();
    assertEquals(first, get(BERLIN).body());
    long dt = Reply.MAPPER.readTree(first).get("dt").asLong();
    long lag = NOW.getEpochSecond() - dt;
    assertTrue(lag >= 60 && lag < 360, "lag " + lag);

    try (ReplayServer sameRefresh = ReplayServer.start(0, NOW.plusSeconds(599))) {
      assertEquals(first, ReplayHttp.get(url(sameRefresh, BERLIN)).body());
    }
    try (ReplayServer nextRefresh = ReplayServer.start(0, NOW.plusSeconds(600))) {
      JsonNode next = ReplayHttp.json(url(nextRefresh, BERLIN));
      assertEquals(dt + 600, next.get("dt").asLong());
      assertNotEquals(Reply.MAPPER.readTree(first).get("main"), next.get("main"));
    }

    Set<Long> lags = new HashSet<>();
    for (SampleCity city : SampleCity.all()) {
      long cityLag = NOW.getEpochSecond() - weather(city.query()).get("dt").asLong();
      assertTrue(cityLag >= 60 && cityLag < 360, city.name() + " lag " + cityLag);
      lags.add(cityLag);
    }
    assertTrue(lags.size() > 10, "lags " + lags);
  }

  @Test
  void theTimezoneIsTheCitysOffsetAtTheReadingDaylightSavingIncluded() throws Exception {
    record Offsets(String city, String query, int january, int july) {}
    List<Offsets> cities =
        List.of(
            new Offsets("Sydney", "lat=-33.8679&lon=151.2073", 39600, 36000),
            new Offsets("Adelaide", "lat=-34.9287&lon=138.5986", 37800, 34200),
            new Offsets("Berlin", BERLIN, 3600, 7200),
            new Offsets("Kolkata", "lat=22.5697&lon=88.3697", 19800, 19800),
            new Offsets("Kathmandu", "lat=27.7017&lon=85.3206", 20700, 20700),
            new Offsets("Singapore", "lat=1.2897&lon=103.8501", 28800, 28800),
            new Offsets("St. John's", "lat=47.5649&lon=-52.7093", -12600, -9000),
            new Offsets("Santiago", "lat=-33.4569&lon=-70.6483", -10800, -14400),
            new Offsets("Phoenix", "lat=33.4484&lon=-112.0740", -25200, -25200));
    try (ReplayServer july = ReplayServer.start(0, JULY).maxRequestsPerSecond(0)) {
      for (Offsets city : cities) {
        assertEquals(city.january(), timezone(server, city.query()), city.city());
        assertEquals(city.july(), timezone(july, city.query()), city.city());
      }
    }
    // Berlin springs forward at 01:00Z: a reading taken before then keeps winter's offset.
    try (ReplayServer justAfter = ReplayServer.start(0, Instant.parse("2026-03-29T01:05:00Z"));
        ReplayServer later = ReplayServer.start(0, Instant.parse("2026-03-29T01:15:00Z"))) {
      assertEquals(3600, timezone(justAfter, BERLIN));
      assertEquals(7200, timezone(later, BERLIN));
    }
  }

  @Test
  void aMissingOrEmptyKeyIs401WithANumericCod() throws Exception {
    for (String query : List.of(BERLIN, BERLIN + "&appid=", "lat=abc")) {
      HttpResponse<String> response = ReplayHttp.get(server.url() + PATH + "?" + query);
      assertError(response, 401, OpenWeatherReplay.INVALID_KEY);
      JsonNode cod = Reply.MAPPER.readTree(response.body()).get("cod");
      assertTrue(cod.isInt() && cod.asInt() == 401, cod.toString());
    }
  }

  @Test
  void anUnknownPlaceIs404WithAStringCod() throws Exception {
    // The Gulf of Guinea; ids not in the list, Saint Joseph's 0 (no id), not a number.
    for (String query : List.of("lat=0&lon=0", "id=12345", "id=0", "id=Berlin")) {
      HttpResponse<String> response = get(query);
      assertError(response, 404, "{\"cod\":\"404\",\"message\":\"city not found\"}");
      JsonNode cod = Reply.MAPPER.readTree(response.body()).get("cod");
      assertTrue(cod.isTextual() && cod.asText().equals("404"), cod.toString());
    }
  }

  @Test
  void anUnreadableLocationIs400WithAStringCod() throws Exception {
    Map<String, String> messages = new LinkedHashMap<>();
    for (String lat : List.of("abc", "91", "-90.5", "1e1", "NaN", "52.5d", "")) {
      messages.put("lat=" + lat + "&lon=13.4105", "wrong latitude");
    }
    for (String lon : List.of("181", "east", "-180.01")) {
      messages.put("lat=52.5244&lon=" + lon, "wrong longitude");
    }
    messages.put("lat=52.5244", "Nothing to geocode");
    messages.put("lon=13.4105", "Nothing to geocode");
    messages.put("units=metric", "Nothing to geocode");
    for (Map.Entry<String, String> query : messages.entrySet()) {
      HttpResponse<String> response = get(query.getKey());
      assertError(response, 400, "{\"cod\":\"400\",\"message\":\"" + query.getValue() + "\"}");
      assertTrue(Reply.MAPPER.readTree(response.body()).get("cod").isTextual(), query.getKey());
    }
  }

  @Test
  void aRequestFindsTheCityWithinFiveHundredthsOfADegree() throws Exception {
    JsonNode berlin = weather(BERLIN);
    JsonNode near = weather("lat=52.55&lon=13.44"); // 0.039° away
    assertEquals("Berlin", near.get("name").asText());
    assertEquals(berlin, near);
    assertEquals("{\"lon\":13.4105,\"lat\":52.5244}", near.get("coord").toString());
    assertEquals(berlin, weather("lat=%2B52.5244&lon=13.4105"));
    assertEquals(berlin, weather("id=2950159"));
    assertEquals(berlin, weather("id=2950159&lat=52.5244&lon=13.4105"));
    assertEquals(404, get("lat=52.58&lon=13.4105").statusCode()); // 0.056° away
  }

  @Test
  void everySampleCityAnswersForItselfAcrossTheTimeZones() throws Exception {
    List<SampleCity> cities = SampleCity.all();
    assertTrue(cities.size() >= 30 && cities.size() <= 40, cities.size() + " cities");
    assertEquals(cities.size(), cities.stream().map(SampleCity::id).distinct().count());
    Set<Integer> offsets = new HashSet<>();
    for (SampleCity city : cities) {
      JsonNode body = weather(city.query() + "&units=metric");
      assertEquals(city.name(), body.get("name").asText());
      assertEquals(city.id(), body.get("id").asLong(), city.name());
      assertEquals(city.country(), body.get("sys").get("country").asText(), city.name());
      assertEquals(Double.parseDouble(city.lat()), body.get("coord").get("lat").asDouble());
      assertEquals(Double.parseDouble(city.lon()), body.get("coord").get("lon").asDouble());
      if (city.id() != 0) {
        assertEquals(body, weather("id=" + city.id() + "&units=metric"), city.name());
      }
      offsets.add(body.get("timezone").asInt());
    }
    assertTrue(offsets.size() >= 20, offsets.toString());
    assertTrue(offsets.containsAll(List.of(19800, 20700, 37800, -12600)), offsets.toString());
    assertTrue(offsets.stream().anyMatch(offset -> offset < -30000), offsets.toString());
    assertTrue(offsets.stream().anyMatch(offset -> offset > 45000), offsets.toString());
  }

  @Test
  void theRecordedOdditiesAreAlwaysTheSameCities() throws Exception {
    for (int day = 0; day < 60; day += 7) {
      Instant now = NOW.plus(Duration.ofDays(day).plusHours(day));
      JsonNode lagos = reading("lat=6.5833&lon=3.75", now);
      JsonNode poltava = reading("lat=49.5937&lon=34.5407", now);
      JsonNode saintJoseph = reading("lat=42.064&lon=-86.4783", now);
      JsonNode manhattanBeach = reading("lat=33.8847&lon=-118.4109", now);
      JsonNode berlin = reading(BERLIN, now);

      assertTrue(lagos.get("clouds").get("all").asText().matches("\\d{1,3}"), lagos.toString());
      assertTrue(lagos.get("clouds").get("all").isTextual());
      assertTrue(berlin.get("clouds").get("all").isInt());

      assertEquals(List.of("country", "sunrise", "sunset"), fields(poltava.get("sys")));
      assertEquals(
          List.of("type", "id", "country", "sunrise", "sunset"), fields(berlin.get("sys")));

      assertEquals(0, saintJoseph.get("id").asLong());
      assertEquals("Saint Joseph", saintJoseph.get("name").asText());

      assertFalse(manhattanBeach.get("main").has("sea_level"));
      assertFalse(manhattanBeach.get("main").has("grnd_level"));
      JsonNode main = berlin.get("main");
      assertEquals(main.get("pressure"), main.get("sea_level"));
      assertTrue(main.get("grnd_level").asInt() < main.get("sea_level").asInt(), main.toString());
    }
  }

  @Test
  void conditionsPrecipitationAndOptionalFieldsFollowTheReading() throws Exception {
    Map<String, Integer> seen = new HashMap<>();
    for (SampleCity city : SampleCity.all()) {
      for (int step = 0; step < 240; step++) { // every 6 h 10 min for two months of winter
        JsonNode body = reading(city.query(), NOW.plus(Duration.ofMinutes(370L * step)));
        String what = city.name() + " " + body;
        JsonNode weather = body.get("weather").get(0);
        List<String> expected = CONDITIONS.get(weather.get("id").asInt());
        assertNotNull(expected, what);
        assertEquals(expected.get(0), weather.get("main").asText(), what);
        assertEquals(expected.get(1), weather.get("description").asText(), what);
        long dt = body.get("dt").asLong();
        JsonNode sys = body.get("sys");
        boolean daylight = dt >= sys.get("sunrise").asLong() && dt < sys.get("sunset").asLong();
        assertEquals(expected.get(2) + (daylight ? "d" : "n"), weather.get("icon").asText(), what);
        assertTrue(sys.get("sunrise").asLong() < sys.get("sunset").asLong(), what);

        String group = expected.get(0);
        assertEquals(group.equals("Rain"), body.has("rain"), what);
        assertEquals(group.equals("Snow"), body.has("snow"), what);
        if (body.has("rain")) {
          String key = city.id() == OpenWeatherReplay.CHICAGO ? "3h" : "1h";
          assertEquals(List.of(key), fields(body.get("rain")), what);
          assertTrue(body.get("rain").get(key).asDouble() > 0, what);
          seen.merge("rain " + key, 1, Integer::sum);
        }
        if (body.has("snow")) {
          assertEquals(List.of("1h"), fields(body.get("snow")), what);
          seen.merge("snow", 1, Integer::sum);
        }
        JsonNode wind = body.get("wind");
        if (wind.has("gust")) {
          assertTrue(wind.get("gust").asDouble() >= wind.get("speed").asDouble(), what);
          seen.merge("gust", 1, Integer::sum);
        } else {
          seen.merge("no gust", 1, Integer::sum);
        }
        int humidity = body.get("main").get("humidity").asInt();
        int visibility = body.get("visibility").asInt();
        int clouds = body.get("clouds").get("all").asInt();
        int pressure = body.get("main").get("pressure").asInt();
        assertTrue(humidity >= 0 && humidity <= 100, what);
        assertTrue(visibility > 0 && visibility <= 10_000, what);
        assertTrue(clouds >= 0 && clouds <= 100, what);
        assertTrue(pressure > 980 && pressure < 1040, what);
        seen.merge("condition " + weather.get("id").asInt(), 1, Integer::sum);
      }
    }
    for (String kind : List.of("rain 1h", "rain 3h", "snow", "gust", "no gust")) {
      assertTrue(seen.getOrDefault(kind, 0) > 0, kind + " never seen in " + seen);
    }
    assertTrue(
        seen.keySet().containsAll(List.of("condition 800", "condition 804")), seen.toString());
    assertTrue(seen.keySet().stream().filter(k -> k.startsWith("condition 7")).count() >= 2);
  }

  @Test
  void temperatureFollowsTheSunAndTheSeasonAndHumidityMovesAgainstIt() throws Exception {
    // Berlin in June, hour by hour: solar time is UTC + 54 min there.
    double[] temps = new double[24];
    double[] humidities = new double[24];
    Instant june = Instant.parse("2026-06-01T00:00:00Z");
    for (int hour = 0; hour < 30 * 24; hour++) {
      JsonNode main =
          reading(BERLIN + "&units=metric", june.plusSeconds(3600L * hour + 600)).get("main");
      temps[hour % 24] += main.get("temp").asDouble() / 30;
      humidities[hour % 24] += main.get("humidity").asDouble() / 30;
    }
    int warmest = argMax(temps);
    int coldest = argMax(negate(temps));
    assertTrue(warmest >= 12 && warmest <= 15, "warmest at " + warmest + "Z");
    assertTrue(coldest >= 1 && coldest <= 4, "coldest at " + coldest + "Z"); // sunrise ~02:45Z
    assertTrue(temps[warmest] - temps[coldest] > 5, temps[warmest] + " vs " + temps[coldest]);
    assertTrue(humidities[coldest] > humidities[warmest] + 15, humidities[coldest] + "%");

    assertTrue(monthMean(BERLIN, JULY) > monthMean(BERLIN, NOW) + 10);
    String sydney = "lat=-33.8679&lon=151.2073";
    assertTrue(monthMean(sydney, NOW) > monthMean(sydney, JULY) + 5);
    String singapore = "lat=1.2897&lon=103.8501";
    assertEquals(monthMean(singapore, NOW), monthMean(singapore, JULY), 3);
  }

  @Test
  void aRevisionRaisesBerlinsTemperatureOnly() throws Exception {
    JsonNode metric = weather(BERLIN + "&units=metric");
    JsonNode imperial = weather(BERLIN + "&units=imperial");
    String london = get(LONDON).body();
    server.revise(2);
    JsonNode revised = weather(BERLIN + "&units=metric");

    assertEquals(
        metric.get("main").get("temp").asDouble() + 1,
        revised.get("main").get("temp").asDouble(),
        0.011);
    assertEquals(
        imperial.get("main").get("temp").asDouble() + 1.8,
        weather(BERLIN + "&units=imperial").get("main").get("temp").asDouble(),
        0.02);
    ((ObjectNode) metric.get("main")).remove("temp");
    ((ObjectNode) revised.get("main")).remove("temp");
    assertEquals(metric, revised);
    assertEquals(london, get(LONDON).body());
  }

  @Test
  void aFaultForACityHitsThatCityWhicheverWayItIsAsked() throws Exception {
    server.faultFor(
        PATH,
        Long.toString(OpenWeatherReplay.BERLIN),
        Fault.status(429, OpenWeatherReplay.BLOCKED, 2));

    assertEquals(200, get(LONDON).statusCode());
    HttpResponse<String> blocked = get("id=2950159");
    assertError(blocked, 429, OpenWeatherReplay.BLOCKED);
    assertTrue(Reply.MAPPER.readTree(blocked.body()).get("cod").isInt());
    assertEquals(429, get("lat=52.55&lon=13.44").statusCode());
    assertEquals(200, get(BERLIN).statusCode());

    server.faultFor(PATH, null, Fault.status(503, "Service Unavailable", 2));
    assertEquals(503, get(LONDON).statusCode());
    assertEquals(503, get("lat=0&lon=0").statusCode()); // no city: only a path-wide fault matches
    assertEquals(404, get("lat=0&lon=0").statusCode());
  }

  @Test
  void aReplayedAnswerHasTheShapeOfEachRecording() throws Exception {
    Map<String, String> recordings =
        Map.of(
            "owm_current_lagos_metric.json", "metric",
            "owm_current_manhattan_beach_clouds_pretty.json", "standard",
            "owm_current_manhattan_beach_fog.json", "standard",
            "owm_current_manhattan_beach_smoke.json", "standard",
            "owm_current_poltava_metric_reserialized.json", "metric",
            "owm_current_saint_joseph_imperial.json", "imperial");
    for (Map.Entry<String, String> recording : recordings.entrySet()) {
      JsonNode recorded =
          Reply.MAPPER.readTree(resource("/weather/responses/" + recording.getKey()));
      JsonNode coord = recorded.get("coord");
      long dt = recorded.get("dt").asLong();
      JsonNode replayed =
          reading(
              "lat="
                  + coord.get("lat")
                  + "&lon="
                  + coord.get("lon")
                  + "&units="
                  + recording.getValue(),
              Instant.ofEpochSecond(dt + 600));
      String what = recording.getKey() + " vs " + replayed;

      assertEquals(optionalRemoved(fields(recorded)), optionalRemoved(fields(replayed)), what);
      Map<String, JsonNodeType> recordedLeaves = leaves(recorded);
      Map<String, JsonNodeType> replayedLeaves = leaves(replayed);
      assertEquals(
          optionalRemoved(recordedLeaves.keySet()), optionalRemoved(replayedLeaves.keySet()), what);
      recordedLeaves.forEach(
          (path, type) -> {
            if (replayedLeaves.containsKey(path)) {
              assertEquals(type, replayedLeaves.get(path), path + " in " + what);
            }
          });
      for (String same : List.of("/coord", "/id", "/name", "/sys/country", "/timezone", "/cod")) {
        assertEquals(recorded.at(same), replayed.at(same), same + " in " + what);
      }
      for (String sun : List.of("/sys/sunrise", "/sys/sunset")) {
        assertEquals(
            recorded.at(sun).asLong(), replayed.at(sun).asLong(), 120, sun + " in " + what);
      }
      String icon = recorded.at("/weather/0/icon").asText();
      assertTrue(replayed.at("/weather/0/icon").asText().endsWith(icon.substring(2)), what);
    }
  }

  /** A row of the sample's cities.csv, read here rather than through the replay's own loader. */
  private record SampleCity(long id, String name, String country, String lat, String lon) {
    static List<SampleCity> all() throws IOException {
      List<String> lines = resource(WeatherCities.RESOURCE).lines().toList();
      assertEquals("id,name,country,lat,lon", lines.get(0));
      List<SampleCity> cities = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.split(",");
        assertEquals(5, fields.length, line);
        assertTrue(
            fields[3].matches("-?\\d+\\.\\d{4}") && fields[4].matches("-?\\d+\\.\\d{4}"), line);
        cities.add(
            new SampleCity(Long.parseLong(fields[0]), fields[1], fields[2], fields[3], fields[4]));
      }
      return cities;
    }

    String query() {
      return "lat=" + lat + "&lon=" + lon;
    }
  }

  /** The route's answer without HTTP or a server, for scans over many instants. */
  private static JsonNode reading(String query, Instant now) throws IOException {
    Map<String, String> params = new HashMap<>();
    for (String pair : (query + "&appid=test").split("&")) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    Reply reply = ROUTE.handle(new ReplayRequest(PATH, params, now, 0));
    assertEquals(200, reply.status(), query + ": " + reply.body());
    return Reply.MAPPER.readTree(reply.body());
  }

  private static double monthMean(String query, Instant from) throws IOException {
    double sum = 0;
    int count = 0;
    for (int hour = 0; hour < 30 * 24; hour += 5) {
      sum +=
          reading(query + "&units=metric", from.plusSeconds(3600L * hour))
              .get("main")
              .get("temp")
              .asDouble();
      count++;
    }
    return sum / count;
  }

  private JsonNode weather(String query) throws Exception {
    return ReplayHttp.json(url(server, query));
  }

  private HttpResponse<String> get(String query) throws Exception {
    return ReplayHttp.get(url(server, query));
  }

  private static String url(ReplayServer server, String query) {
    return server.url() + PATH + "?" + query + "&appid=test";
  }

  private static int timezone(ReplayServer server, String query) throws Exception {
    return ReplayHttp.json(url(server, query)).get("timezone").asInt();
  }

  private static void assertError(HttpResponse<String> response, int status, String body) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(body, response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
  }

  /** The body without what units change: temperatures, wind speed and gust. */
  private static JsonNode withoutUnits(JsonNode body) {
    ObjectNode copy = body.deepCopy();
    ((ObjectNode) copy.get("main")).remove(TEMPERATURES);
    ((ObjectNode) copy.get("wind")).remove(List.of("speed", "gust"));
    return copy;
  }

  private static List<String> optionalRemoved(Collection<String> fields) {
    return fields.stream().filter(field -> !OPTIONAL.contains(field)).toList();
  }

  /** Every leaf's path ({@code main/temp}, {@code weather/0/id}) and JSON type. */
  private static Map<String, JsonNodeType> leaves(JsonNode body) {
    Map<String, JsonNodeType> leaves = new LinkedHashMap<>();
    collect("", body, leaves);
    return leaves;
  }

  private static void collect(String path, JsonNode node, Map<String, JsonNodeType> leaves) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> collect(path + field.getKey() + "/", field.getValue(), leaves));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(path + i + "/", node.get(i), leaves);
      }
    } else {
      leaves.put(path.substring(0, path.length() - 1), node.getNodeType());
    }
  }

  private static List<String> fields(JsonNode object) {
    List<String> fields = new ArrayList<>();
    object.fieldNames().forEachRemaining(fields::add);
    return fields;
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double[] negate(double[] values) {
    double[] negated = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      negated[i] = -values[i];
    }
    return negated;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OpenWeatherReplayTest.class.getResourceAsStream(name)) {
      assertNotNull(in, name + " is not on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
