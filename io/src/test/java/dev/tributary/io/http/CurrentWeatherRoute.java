package dev.tributary.io.http;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /data/2.5/weather?lat=&lon=&appid=[&units=]} (or {@code id=} for lat/lon): the current
 * reading of the city at the coordinates, as {@link OpenWeatherReplay} documents it. Its fault
 * subject is the city's id.
 */
final class CurrentWeatherRoute implements Route {
  /** OWM refreshes a city's reading every 10 minutes. */
  private static final long REFRESH = 600;

  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

  /** A request that names no city this replay knows, with OWM's answer to it. */
  private static final class Unlocated extends Exception {
    private final Reply reply;

    Unlocated(Reply reply) {
      super(reply.body());
      this.reply = reply;
    }
  }

  @Override
  public Reply handle(ReplayRequest request) {
    if (request.param("appid", "").isEmpty()) {
      return Reply.raw(401, OpenWeatherReplay.INVALID_KEY);
    }
    WeatherCity city;
    try {
      city = locate(request);
    } catch (Unlocated e) {
      return e.reply;
    }
    WeatherReading reading = WeatherReading.at(city, dt(city, request.now()));
    WeatherUnits units = WeatherUnits.of(request.param("units", "standard"));
    return Reply.json(200, WeatherBody.of(city, reading, units, request.revision()));
  }

  @Override
  public Optional<String> subject(ReplayRequest request) {
    try {
      return Optional.of(Long.toString(locate(request).id()));
    } catch (Unlocated e) {
      return Optional.empty();
    }
  }

  /**
   * When the reading served at {@code now} was taken: the last 10-minute mark at or before now,
   * less the city's reporting lag of 1 to 6 minutes, so readings of different cities have different
   * stamps and a city's stamp moves once per refresh.
   */
  static long dt(WeatherCity city, Instant now) {
    long lag = 60 + (long) (300 * Noise.unit(city.name() + ":lag", 0));
    return Math.floorDiv(now.getEpochSecond(), REFRESH) * REFRESH - lag;
  }

  private static WeatherCity locate(ReplayRequest request) throws Unlocated {
    String lat = request.param("lat", null);
    String lon = request.param("lon", null);
    if (lat != null || lon != null) {
      if (lat == null || lon == null) {
        throw new Unlocated(OpenWeatherReplay.badRequest("Nothing to geocode"));
      }
      double latitude = coordinate(lat, 90, "wrong latitude");
      double longitude = coordinate(lon, 180, "wrong longitude");
      return WeatherCities.near(latitude, longitude).orElseThrow(CurrentWeatherRoute::notFound);
    }
    String id = request.param("id", "");
    if (id.isEmpty()) {
      throw new Unlocated(OpenWeatherReplay.badRequest("Nothing to geocode"));
    }
    if (!id.matches("\\d{1,18}")) {
      throw notFound();
    }
    return WeatherCities.byId(Long.parseLong(id)).orElseThrow(CurrentWeatherRoute::notFound);
  }

  private static Unlocated notFound() {
    return new Unlocated(Reply.raw(404, OpenWeatherReplay.CITY_NOT_FOUND));
  }

  private static double coordinate(String value, double limit, String wrong) throws Unlocated {
    if (DECIMAL.matcher(value).matches()) {
      double coordinate = Double.parseDouble(value);
      if (Math.abs(coordinate) <= limit) {
        return coordinate;
      }
    }
    throw new Unlocated(OpenWeatherReplay.badRequest(wrong));
  }
}
