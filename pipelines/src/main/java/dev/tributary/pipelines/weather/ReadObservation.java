package dev.tributary.pipelines.weather;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.RecordException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Reads one OpenWeatherMap current-weather answer into an {@link Observation} in °C and m/s,
 * whatever units were asked for, and tolerates what real answers do: a number sent as a string
 * ({@code "clouds":{"all":"59"}}), no {@code sys.type}/{@code sys.id}, no {@code gust}, {@code
 * sea_level} or {@code grnd_level}, {@code rain}/{@code snow} only when it rains or snows, given
 * for one hour ({@code 1h}) or, in older answers, three ({@code 3h}). Converted temperatures and
 * wind speeds are rounded to 0.01, OWM's own precision, so one reading asked for in two unit
 * systems is stored the same. What cannot be read is a {@link RecordException} naming the field.
 */
final class ReadObservation {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** mph in m/s, exactly (1 mile = 1609.344 m). */
  private static final double MPH = 0.44704;

  private ReadObservation() {}

  /** Unit systems OWM answers in: {@code units=} of the request; anything else is standard. */
  enum Units {
    STANDARD,
    METRIC,
    IMPERIAL;

    static Units of(@Nullable String parameter) {
      if (parameter == null) {
        return STANDARD;
      }
      return switch (parameter) {
        case "metric" -> METRIC;
        case "imperial" -> IMPERIAL;
        default -> STANDARD;
      };
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    double celsius(double value) {
      return round(
          switch (this) {
            case STANDARD -> value - 273.15;
            case METRIC -> value;
            case IMPERIAL -> (value - 32) * 5 / 9;
          });
    }

    double metresPerSecond(double value) {
      return this == IMPERIAL ? round(value * MPH) : value;
    }

    private static double round(double value) {
      return Math.round(value * 100) / 100.0;
    }
  }

  /** The body as JSON, or the parser's complaint. */
  static JsonNode json(String body) throws RecordException {
    try {
      return JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RecordException("the answer is not JSON: " + e.getOriginalMessage());
    }
  }

  static Observation read(long cityId, Units units, JsonNode body, Instant fetchedAt)
      throws RecordException {
    JsonNode cod = body.path("cod");
    if (!cod.isMissingNode() && !cod.asText().equals("200")) {
      throw new RecordException(
          "the answer is an error: cod " + cod.asText() + ", " + body.path("message").asText());
    }
    long dt = whole(body, "dt");
    Integer offset = optionalWhole(body, "timezone");
    if (offset == null) {
      throw new RecordException("missing timezone: the reading's local day is unknown");
    }
    JsonNode weather = body.path("weather").path(0);
    if (weather.isMissingNode()) {
      throw new RecordException("missing weather[0]: the reading has no condition");
    }
    JsonNode rain = body.path("rain");
    JsonNode snow = body.path("snow");
    Integer hours = precipitationHours(rain, snow);
    Double rainMm = hours == null ? null : optional(rain, hours + "h", "rain." + hours + "h");
    Double snowMm = hours == null ? null : optional(snow, hours + "h", "snow." + hours + "h");
    double perHour =
        hours == null ? 0 : ((rainMm == null ? 0 : rainMm) + (snowMm == null ? 0 : snowMm)) / hours;
    Double gust = optional(body.path("wind"), "gust", "wind.gust");
    return Observation.builder()
        .setCityId(cityId)
        .setObservedAt(Instant.ofEpochSecond(dt))
        .setUtcOffsetSeconds(offset)
        .setLocalDate(
            LocalDate.ofInstant(java.time.Instant.ofEpochSecond(dt + offset), ZoneOffset.UTC)
                .toString())
        .setUnitsRequested(units.key())
        .setTemperatureC(units.celsius(required(body.path("main"), "temp", "main.temp")))
        .setFeelsLikeC(celsius(units, optional(body.path("main"), "feels_like", "main.feels_like")))
        .setTempMinC(celsius(units, optional(body.path("main"), "temp_min", "main.temp_min")))
        .setTempMaxC(celsius(units, optional(body.path("main"), "temp_max", "main.temp_max")))
        .setPressureHpa(optional(body.path("main"), "pressure", "main.pressure"))
        .setHumidityPct(required(body.path("main"), "humidity", "main.humidity"))
        .setSeaLevelHpa(optional(body.path("main"), "sea_level", "main.sea_level"))
        .setGroundLevelHpa(optional(body.path("main"), "grnd_level", "main.grnd_level"))
        .setVisibilityM(optional(body, "visibility", "visibility"))
        .setWindSpeedMs(units.metresPerSecond(required(body.path("wind"), "speed", "wind.speed")))
        .setWindDeg(optional(body.path("wind"), "deg", "wind.deg"))
        .setWindGustMs(gust == null ? null : units.metresPerSecond(gust))
        .setCloudsPct(optional(body.path("clouds"), "all", "clouds.all"))
        .setRainMm(rainMm)
        .setSnowMm(snowMm)
        .setPrecipitationHours(hours)
        .setPrecipitationMmH(Math.round(perHour * 1000) / 1000.0)
        .setConditionId((int) whole(weather, "id", "weather[0].id"))
        .setSunrise(instant(optionalWhole(body.path("sys"), "sunrise")))
        .setSunset(instant(optionalWhole(body.path("sys"), "sunset")))
        .setFetchedAt(fetchedAt)
        .build();
  }

  /** 1 when either of rain and snow is given per hour, 3 when only per three hours, else null. */
  private static @Nullable Integer precipitationHours(JsonNode rain, JsonNode snow) {
    if (rain.has("1h") || snow.has("1h")) {
      return 1;
    }
    return rain.has("3h") || snow.has("3h") ? 3 : null;
  }

  private static @Nullable Double celsius(Units units, @Nullable Double value) {
    return value == null ? null : units.celsius(value);
  }

  private static @Nullable Instant instant(@Nullable Integer epochSeconds) {
    return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
  }

  private static double required(JsonNode parent, String field, String path)
      throws RecordException {
    Double value = optional(parent, field, path);
    if (value == null) {
      throw new RecordException("missing " + path);
    }
    return value;
  }

  /** A number, or a string holding one (OWM sends a few); null when absent or JSON null. */
  private static @Nullable Double optional(JsonNode parent, String field, String path)
      throws RecordException {
    JsonNode node = parent.path(field);
    if (node.isMissingNode() || node.isNull()) {
      return null;
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      try {
        double value = Double.parseDouble(node.textValue().strip());
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // said below
      }
    }
    throw new RecordException(path + " is not a number: " + node);
  }

  private static long whole(JsonNode parent, String field) throws RecordException {
    return whole(parent, field, field);
  }

  private static long whole(JsonNode parent, String field, String path) throws RecordException {
    double value = required(parent, field, path);
    if (value != Math.rint(value)) {
      throw new RecordException(path + " is not a whole number: " + value);
    }
    return (long) value;
  }

  private static @Nullable Integer optionalWhole(JsonNode parent, String field)
      throws RecordException {
    Double value = optional(parent, field, field);
    if (value == null) {
      return null;
    }
    if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
      throw new RecordException(field + " is not a whole number of seconds: " + value);
    }
    return value.intValue();
  }
}
