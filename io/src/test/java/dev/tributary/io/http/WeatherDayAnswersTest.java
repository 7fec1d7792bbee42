package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.transforms.parse.CsvParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's cities and day of answers: distinct, answered by the replay, a day of readings. */
class WeatherDayAnswersTest {
  private static final Instant START = Instant.parse("2025-06-15T00:00:00Z");

  @Test
  void citiesAreTheSampleThenDistinctNeighboursTheReplayAnswers() {
    List<WeatherCity> sample = WeatherCities.all();
    int n = 5 * sample.size() + 7;
    List<WeatherDayAnswers.City> cities = WeatherDayAnswers.cities(n);
    assertEquals(n, cities.size());
    Set<Long> ids = new HashSet<>();
    Set<String> places = new HashSet<>();
    for (int i = 0; i < n; i++) {
      WeatherDayAnswers.City city = cities.get(i);
      WeatherCity base = sample.get(i % sample.size());
      assertTrue(ids.add(city.id()), "a second city with id " + city.id());
      String place =
          WeatherDayAnswers.coordinate(city.lat()) + "," + WeatherDayAnswers.coordinate(city.lon());
      assertTrue(places.add(place), "a second city at " + place);
      if (i < sample.size()) {
        assertEquals(base.id(), city.id());
        assertEquals(base.name(), city.name());
      } else {
        assertTrue(city.id() >= WeatherDayAnswers.FIRST_SYNTHETIC_ID, city.toString());
        assertEquals(base.country(), city.country());
        // The replay finds the neighbour's sample city: it answers it, never a 404.
        assertEquals(base, WeatherCities.near(city.lat(), city.lon()).orElseThrow(), city.name());
      }
    }
    assertEquals(cities.subList(0, 50), WeatherDayAnswers.cities(50), "not deterministic");
    int max = WeatherDayAnswers.max();
    assertEquals(max, WeatherDayAnswers.cities(max).size());
    assertThrows(IllegalArgumentException.class, () -> WeatherDayAnswers.cities(0));
    assertThrows(IllegalArgumentException.class, () -> WeatherDayAnswers.cities(max + 1));
  }

  @Test
  void aDayOfAnswersPerCityTenMinutesApart(@TempDir Path dir) throws Exception {
    int n = 42; // two neighbours: London's and Berlin's
    WeatherDayAnswers.write(n, START, "http://127.0.0.1:8089", dir);
    List<String> cityLines = Files.readAllLines(dir.resolve("weather-42-cities.csv"));
    assertEquals(WeatherCities.HEADER, cityLines.get(0));
    assertEquals(n + 1, cityLines.size());
    assertEquals("90000041,Berlin 2,DE,52.5224,13.4105", cityLines.get(n));

    List<String> lines = Files.readAllLines(dir.resolve("weather-42-answers.csv"));
    assertEquals("lat,lon,observed_at,request,body,fetched_at", lines.get(0));
    assertEquals(n * WeatherDayAnswers.STEPS + 1, lines.size());
    for (int c = 0; c < n; c++) {
      List<String> city = CsvParser.comma().split(cityLines.get(c + 1));
      long previous = 0;
      for (int step = 0; step < WeatherDayAnswers.STEPS; step++) {
        List<String> row =
            CsvParser.comma().split(lines.get(1 + c * WeatherDayAnswers.STEPS + step));
        assertEquals(6, row.size());
        assertEquals(city.subList(3, 5), row.subList(0, 2));
        Instant fetched = START.plusSeconds(step * WeatherDayAnswers.STEP_SECONDS);
        assertEquals(fetched.toString(), row.get(5));
        JsonNode body = Reply.MAPPER.readTree(row.get(4));
        assertEquals(200, body.get("cod").asInt());
        long dt = body.get("dt").asLong();
        assertEquals(Instant.ofEpochSecond(dt).toString(), row.get(2));
        // Read a few minutes before the fetch (OWM's lag), a new reading at every step.
        assertTrue(
            dt < fetched.getEpochSecond() && dt > fetched.getEpochSecond() - 600, row.get(2));
        if (step > 0) {
          assertEquals(WeatherDayAnswers.STEP_SECONDS, dt - previous);
        }
        previous = dt;
        assertEquals(
            "http://127.0.0.1:8089/data/2.5/weather?lat="
                + row.get(0)
                + "&lon="
                + row.get(1)
                + "&units=metric&appid=***",
            row.get(3));
      }
    }
    // Berlin's neighbour is answered with Berlin's reading, as the live replay does.
    int berlin = 1;
    int neighbour = 41;
    assertEquals(
        body(lines.get(1 + berlin * WeatherDayAnswers.STEPS)),
        body(lines.get(1 + neighbour * WeatherDayAnswers.STEPS)));
  }

  private static String body(String line) throws Exception {
    return CsvParser.comma().split(line).get(4);
  }
}
