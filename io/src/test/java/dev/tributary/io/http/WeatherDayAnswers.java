package dev.tributary.io.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tributary.transforms.parse.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A day of a weather poll without waiting a day, for {@code scripts/bench-weather.sh}: N cities
 * and, for each, the replay's answers to a poll every 10 minutes, as the fetcher would have stored
 * them, so {@code --source=staged} can rebuild them and the same cities can be polled live.
 *
 * <p>The cities are the sample's ({@link WeatherCities}), then neighbours of them: a city id of
 * their own from {@link #FIRST_SYNTHETIC_ID} (beyond OWM's), the sample city's name with a number,
 * and coordinates on a 0.002° grid within 0.04° of it, inside the replay's search radius, so the
 * replay answers them, as OWM may answer for a nearby station, with their sample city's reading.
 *
 * <p>Run: {@code WeatherDayAnswers N START DIR} writes {@code DIR/weather-N-cities.csv} ({@code
 * id,name,country,lat,lon}) and {@code DIR/weather-N-answers.csv} ({@code
 * lat,lon,observed_at,request,body,fetched_at}, a header, ISO instants): 144 answers per city,
 * asked at START, START + 10 min, …, the request's key masked as a run stores it.
 */
public final class WeatherDayAnswers {
  /** Synthetic ids start beyond OpenWeatherMap's (about 12 million) so none can be a real city. */
  public static final long FIRST_SYNTHETIC_ID = 90_000_000;

  /** A poll every 10 minutes for a day. */
  public static final int STEPS = 144;

  public static final long STEP_SECONDS = 600;

  /** Neighbours on a grid of 0.002° (about 200 m) within 0.04° of their sample city. */
  private static final double GRID = 0.002;

  private static final int RINGS = 20;

  /** Grid offsets (in steps) nearest first, the origin left out. */
  private static final List<int[]> OFFSETS = offsets();

  /** What every request asked: the pipeline's default units, a masked key. */
  private static final String UNITS = "metric";

  private static final Route ROUTE = new CurrentWeatherRoute();

  /** A city of the generated list: the columns of a cities file. */
  public record City(long id, String name, String country, double lat, double lon) {
    public String csv() {
      return id + "," + name + "," + country + "," + coordinate(lat) + "," + coordinate(lon);
    }
  }

  private WeatherDayAnswers() {}

  /** The most cities this can make: the sample's and every grid point around each. */
  public static int max() {
    return WeatherCities.all().size() * (1 + OFFSETS.size());
  }

  /**
   * The first {@code n} cities: the sample's in the file's order, then neighbours round by round.
   */
  public static List<City> cities(int n) {
    if (n < 1 || n > max()) {
      throw new IllegalArgumentException("cities: 1 to " + max() + ", not " + n);
    }
    List<WeatherCity> sample = WeatherCities.all();
    List<City> cities = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      WeatherCity base = sample.get(i % sample.size());
      int round = i / sample.size();
      if (round == 0) {
        cities.add(new City(base.id(), base.name(), base.country(), base.lat(), base.lon()));
      } else {
        int[] offset = OFFSETS.get(round - 1);
        cities.add(
            new City(
                FIRST_SYNTHETIC_ID + i,
                base.name() + " " + (round + 1),
                base.country(),
                round4(base.lat() + offset[0] * GRID),
                round4(base.lon() + offset[1] * GRID)));
      }
    }
    return cities;
  }

  /**
   * The replay's answer to {@code city} asked at {@code now}, as a row of the answers file; its
   * {@code observed_at} is the body's {@code dt}. Dies on anything but a 200: the bench must not
   * time dead letters.
   */
  static String answer(String apiUrl, City city, Instant now) {
    String lat = coordinate(city.lat());
    String lon = coordinate(city.lon());
    Reply reply =
        ROUTE.handle(
            new ReplayRequest(
                OpenWeatherReplay.PATH,
                Map.of("lat", lat, "lon", lon, "units", UNITS, "appid", "replay"),
                now,
                0));
    if (reply.status() != 200) {
      throw new IllegalStateException(
          "the replay answers " + reply.status() + " for " + city + ": " + reply.body());
    }
    long dt;
    try {
      dt = Reply.MAPPER.readTree(reply.body()).get("dt").asLong();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    String request =
        apiUrl
            + OpenWeatherReplay.PATH
            + "?lat="
            + lat
            + "&lon="
            + lon
            + "&units="
            + UNITS
            + "&appid=***";
    return String.join(
        ",",
        lat,
        lon,
        Instant.ofEpochSecond(dt).toString(),
        request,
        CsvParser.quote(reply.body()),
        now.toString());
  }

  /** Writes the cities and their answers at {@code start} and every 10 minutes of the day. */
  public static void write(int n, Instant start, String apiUrl, Path dir) throws IOException {
    List<City> cities = cities(n);
    Files.createDirectories(dir);
    Files.write(
        dir.resolve("weather-" + n + "-cities.csv"),
        (WeatherCities.HEADER
                + "\n"
                + String.join("\n", cities.stream().map(City::csv).toList())
                + "\n")
            .getBytes(StandardCharsets.UTF_8));
    try (Writer out =
        Files.newBufferedWriter(
            dir.resolve("weather-" + n + "-answers.csv"), StandardCharsets.UTF_8)) {
      out.write("lat,lon,observed_at,request,body,fetched_at\n");
      for (City city : cities) {
        for (int step = 0; step < STEPS; step++) {
          out.write(answer(apiUrl, city, start.plusSeconds(step * STEP_SECONDS)));
          out.write('\n');
        }
      }
    }
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: WeatherDayAnswers N START-INSTANT DIR");
      System.exit(2);
    }
    write(
        Integer.parseInt(args[0]),
        Instant.parse(args[1]),
        "http://127.0.0.1:8089",
        Path.of(args[2]));
  }

  private static List<int[]> offsets() {
    List<int[]> offsets = new ArrayList<>();
    for (int y = -RINGS; y <= RINGS; y++) {
      for (int x = -RINGS; x <= RINGS; x++) {
        if ((x != 0 || y != 0) && x * x + y * y <= RINGS * RINGS) {
          offsets.add(new int[] {y, x});
        }
      }
    }
    // Nearest first, then by angle: the list (and so every city) is the same on every run.
    offsets.sort(
        Comparator.<int[]>comparingInt(o -> o[0] * o[0] + o[1] * o[1])
            .thenComparingDouble(o -> Math.atan2(o[0], o[1])));
    return List.copyOf(offsets);
  }

  private static double round4(double degrees) {
    return Math.round(degrees * 1e4) / 1e4;
  }

  /** Four decimals, as the pipeline's requests write coordinates. */
  static String coordinate(double degrees) {
    return String.format(Locale.ROOT, "%.4f", degrees);
  }
}
