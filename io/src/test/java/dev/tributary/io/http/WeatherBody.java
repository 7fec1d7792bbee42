package dev.tributary.io.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A {@link WeatherReading} as OpenWeatherMap writes it: the recorded field order, numbers rounded
 * as OWM rounds them (2 decimals, coordinates 4; a whole number without a fraction, {@code
 * "temp":23}), temperatures and wind in the requested units, and the oddities and revision that
 * {@link OpenWeatherReplay} lists.
 */
final class WeatherBody {
  private WeatherBody() {}

  static ObjectNode of(WeatherCity city, WeatherReading reading, WeatherUnits units, int revision) {
    ObjectNode body = Reply.MAPPER.createObjectNode();
    ObjectNode coord = body.putObject("coord");
    coord.set("lon", number(city.lon(), 4));
    coord.set("lat", number(city.lat(), 4));
    WeatherCondition condition = reading.condition();
    ObjectNode weather = body.putArray("weather").addObject();
    weather.put("id", condition.id());
    weather.put("main", condition.main());
    weather.put("description", condition.description());
    weather.put("icon", condition.icon(reading.sun().daylight(reading.dt())));
    body.put("base", "stations");
    ObjectNode main = body.putObject("main");
    double revised = city.id() == OpenWeatherReplay.BERLIN ? revision * 0.5 : 0;
    main.set("temp", number(units.temperature(reading.temp() + revised), 2));
    main.set("feels_like", number(units.temperature(reading.feelsLike()), 2));
    main.set("temp_min", number(units.temperature(reading.tempMin()), 2));
    main.set("temp_max", number(units.temperature(reading.tempMax()), 2));
    main.put("pressure", reading.pressure());
    main.put("humidity", reading.humidity());
    if (city.id() != OpenWeatherReplay.MANHATTAN_BEACH) {
      main.put("sea_level", reading.pressure());
      main.put("grnd_level", reading.groundLevel());
    }
    body.put("visibility", reading.visibility());
    ObjectNode wind = body.putObject("wind");
    wind.set("speed", number(units.speed(reading.windSpeed()), 2));
    wind.put("deg", reading.windDeg());
    if (reading.gust() != null) {
      wind.set("gust", number(units.speed(reading.gust()), 2));
    }
    if (condition.rain() || condition.snow()) {
      ObjectNode fallen = body.putObject(condition.rain() ? "rain" : "snow");
      if (condition.rain() && city.id() == OpenWeatherReplay.CHICAGO) {
        fallen.set("3h", number(3 * reading.precipitation(), 2));
      } else {
        fallen.set("1h", number(reading.precipitation(), 2));
      }
    }
    ObjectNode clouds = body.putObject("clouds");
    if (city.id() == OpenWeatherReplay.LAGOS) {
      clouds.put("all", Integer.toString(reading.clouds()));
    } else {
      clouds.put("all", reading.clouds());
    }
    body.put("dt", reading.dt());
    ObjectNode sys = body.putObject("sys");
    if (city.id() != OpenWeatherReplay.POLTAVA) {
      station(sys, city, reading.dt());
    }
    sys.put("country", city.country());
    sys.put("sunrise", reading.sun().sunrise());
    sys.put("sunset", reading.sun().sunset());
    Instant dt = Instant.ofEpochSecond(reading.dt());
    body.put("timezone", city.zone().getRules().getOffset(dt).getTotalSeconds());
    body.put("id", city.id());
    body.put("name", city.name());
    body.put("cod", 200);
    return body;
  }

  /**
   * OWM's internal station fields: a city is served by two stations, a type 2 most of the time and
   * a type 1 otherwise, as the three Manhattan Beach recordings switch between.
   */
  private static void station(ObjectNode sys, WeatherCity city, long dt) {
    if (Noise.unit(city.name() + ":station", dt) < 0.3) {
      sys.put("type", 1);
      sys.put("id", 1_000 + Math.floorMod(city.id() * 7_919, 9_000));
    } else {
      sys.put("type", 2);
      sys.put("id", 2_000_000 + Math.floorMod(city.id() * 104_729, 100_000));
    }
  }

  /** {@code value} rounded to {@code decimals}, whole numbers as integers (as OWM writes them). */
  private static JsonNode number(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    double rounded = Math.round(value * scale) / scale;
    return rounded == Math.rint(rounded)
        ? LongNode.valueOf((long) rounded)
        : DoubleNode.valueOf(rounded);
  }
}
