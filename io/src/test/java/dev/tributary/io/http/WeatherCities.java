package dev.tributary.io.http;

import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cities the weather replay knows: {@code weather/cities.csv} on the test classpath, which io's
 * pom copies from {@code data/sample/weather/cities.csv}, so the list a pipeline polls and the list
 * the replay answers for are one file, and the test jar (run standalone by {@code
 * scripts/replay-api.sh}) needs no checkout. What the file does not say, time zone and elevation,
 * is kept here by city id; a city without it fails the load rather than answer a wrong offset.
 */
final class WeatherCities {
  static final String RESOURCE = "/weather/cities.csv";
  static final String HEADER = "id,name,country,lat,lon";

  /** How far (in degrees) a request's coordinates may be from a city's and still find it. */
  static final double RADIUS = 0.05;

  private record Place(String zone, int elevation) {}

  private static final Map<Long, Place> PLACES =
      Map.ofEntries(
          Map.entry(2643743L, new Place("Europe/London", 11)),
          Map.entry(2950159L, new Place("Europe/Berlin", 34)),
          Map.entry(3067696L, new Place("Europe/Prague", 235)),
          Map.entry(2988507L, new Place("Europe/Paris", 35)),
          Map.entry(3117735L, new Place("Europe/Madrid", 657)),
          Map.entry(3413829L, new Place("Atlantic/Reykjavik", 20)),
          Map.entry(696643L, new Place("Europe/Kyiv", 160)),
          Map.entry(745044L, new Place("Europe/Istanbul", 40)),
          Map.entry(524901L, new Place("Europe/Moscow", 144)),
          Map.entry(360630L, new Place("Africa/Cairo", 23)),
          Map.entry(2332453L, new Place("Africa/Lagos", 2)),
          Map.entry(184745L, new Place("Africa/Nairobi", 1795)),
          Map.entry(3369157L, new Place("Africa/Johannesburg", 25)),
          Map.entry(292223L, new Place("Asia/Dubai", 5)),
          Map.entry(112931L, new Place("Asia/Tehran", 1190)),
          Map.entry(1273294L, new Place("Asia/Kolkata", 216)),
          Map.entry(1275004L, new Place("Asia/Kolkata", 9)),
          Map.entry(1283240L, new Place("Asia/Kathmandu", 1400)),
          Map.entry(1880252L, new Place("Asia/Singapore", 15)),
          Map.entry(1609350L, new Place("Asia/Bangkok", 2)),
          Map.entry(1816670L, new Place("Asia/Shanghai", 44)),
          Map.entry(1850147L, new Place("Asia/Tokyo", 40)),
          Map.entry(2147714L, new Place("Australia/Sydney", 39)),
          Map.entry(2078025L, new Place("Australia/Adelaide", 50)),
          Map.entry(2073124L, new Place("Australia/Darwin", 30)),
          Map.entry(2193733L, new Place("Pacific/Auckland", 20)),
          Map.entry(5856195L, new Place("Pacific/Honolulu", 6)),
          Map.entry(5879400L, new Place("America/Anchorage", 31)),
          Map.entry(5370082L, new Place("America/Los_Angeles", 20)),
          Map.entry(5308655L, new Place("America/Phoenix", 331)),
          Map.entry(5419384L, new Place("America/Denver", 1609)),
          Map.entry(4887398L, new Place("America/Chicago", 181)),
          Map.entry(0L, new Place("America/Detroit", 190)), // Saint Joseph, MI: OWM gives it no id
          Map.entry(5128581L, new Place("America/New_York", 10)),
          Map.entry(6324733L, new Place("America/St_Johns", 70)),
          Map.entry(3530597L, new Place("America/Mexico_City", 2240)),
          Map.entry(3688689L, new Place("America/Bogota", 2640)),
          Map.entry(3448439L, new Place("America/Sao_Paulo", 760)),
          Map.entry(3435910L, new Place("America/Argentina/Buenos_Aires", 25)),
          Map.entry(3871336L, new Place("America/Santiago", 570)));

  private static final List<WeatherCity> ALL = load();

  private WeatherCities() {}

  /** Every city, in the file's order. */
  static List<WeatherCity> all() {
    return ALL;
  }

  /** The city nearest to (lat, lon) within {@link #RADIUS}, if any. */
  static Optional<WeatherCity> near(double lat, double lon) {
    return ALL.stream()
        .filter(city -> distance(city, lat, lon) <= RADIUS)
        .min(Comparator.comparingDouble(city -> distance(city, lat, lon)));
  }

  /** The city with OpenWeatherMap id {@code id}; 0 is no id, so it finds nothing. */
  static Optional<WeatherCity> byId(long id) {
    return ALL.stream().filter(city -> id != 0 && city.id() == id).findFirst();
  }

  /** In degrees, across the antimeridian where that is shorter. */
  private static double distance(WeatherCity city, double lat, double lon) {
    double east = Math.abs(city.lon() - lon);
    return Math.hypot(city.lat() - lat, Math.min(east, 360 - east));
  }

  private static List<WeatherCity> load() {
    try (InputStream in = WeatherCities.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the classpath; build io's test resources (mvn -pl io test-compile)");
      }
      List<String> lines =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
        throw new IllegalStateException(RESOURCE + " must start with the header " + HEADER);
      }
      List<WeatherCity> cities = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          cities.add(city(line));
        }
      }
      return List.copyOf(cities);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static WeatherCity city(String line) {
    try {
      List<String> fields = CsvParser.comma().split(line);
      long id = Long.parseLong(fields.get(0));
      Place place = PLACES.get(id);
      if (fields.size() != 5 || place == null) {
        throw new IllegalStateException(
            "a city needs 5 fields and a time zone in WeatherCities.PLACES: " + line);
      }
      return new WeatherCity(
          id,
          fields.get(1),
          fields.get(2),
          Double.parseDouble(fields.get(3)),
          Double.parseDouble(fields.get(4)),
          ZoneId.of(place.zone()),
          place.elevation());
    } catch (RecordException | NumberFormatException e) {
      throw new IllegalStateException("unreadable city in " + RESOURCE + ": " + line, e);
    }
  }
}
