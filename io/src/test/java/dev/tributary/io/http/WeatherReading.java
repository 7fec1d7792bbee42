package dev.tributary.io.http;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a city's station reported at {@code dt}, in SI units (°C, m/s, hPa, %, m, mm/h), as a pure
 * function of (city, dt) built from {@link Noise}: the same reading whoever asks, in whatever
 * units. Plausible rather than real: a climate by latitude, elevation and season (southern seasons
 * reversed), a daily cycle by local solar time (coldest at sunrise, warmest at 15:00, damped by
 * clouds), humidity moving against it, pressure around 1013 hPa, and weather systems of hours to
 * days on top.
 *
 * @param gust m/s, or null when the station reported none
 * @param groundLevel the pressure at the station's elevation, hPa
 * @param precipitation mm in the last hour; 0 unless the condition is rain or snow
 */
record WeatherReading(
    long dt,
    double temp,
    double feelsLike,
    double tempMin,
    double tempMax,
    int pressure,
    int humidity,
    int groundLevel,
    int visibility,
    double windSpeed,
    int windDeg,
    Double gust,
    int clouds,
    WeatherCondition condition,
    double precipitation,
    SolarDay sun) {
  private static final long HOUR = 3_600;
  private static final long DAY = 86_400;
  private static final double YEAR = 365.2425 * DAY;

  /** 20 January, the coldest of the northern year: seconds after the epoch's new year. */
  private static final long COLDEST = 19 * DAY;

  /** Pressure falls by e every 8.4 km up (the scale height of a mild atmosphere). */
  private static final double SCALE_HEIGHT = 8_434;

  /** Above this "wet" noise it rains or snows (about one reading in seven), above HEAVY harder. */
  private static final double WET = 0.8;

  private static final double HEAVY = 0.92;

  /** A condition with the visibility (m) and precipitation (mm) that go with it. */
  private record Sky(WeatherCondition condition, int visibility, double precipitation) {}

  static WeatherReading at(WeatherCity city, long dt) {
    String key = city.name() + ":";
    SolarDay sun =
        SolarDay.of(
            LocalDate.ofInstant(Instant.ofEpochSecond(dt), city.zone()), city.lat(), city.lon());
    double wet = Noise.smooth(key + "wet", dt, 6 * HOUR);
    boolean precipitating = wet > WET;
    int clouds =
        precipitating
            ? 75 + (int) Math.round(25 * Noise.unit(key + "overcast", dt))
            : (int) Math.round(100 * Noise.smooth(key + "clouds", dt, 8 * HOUR));
    double cycle = dailyCycle(city, dt, sun);
    double temp =
        climate(city, dt)
            + 5 * (1 - clouds / 200.0) * cycle
            + 8 * (Noise.smooth(key + "synoptic", dt, 3 * DAY) - 0.5)
            + 3 * (Noise.smooth(key + "temp", dt, 6 * HOUR) - 0.5);
    int humidity =
        clamp(
            60
                - 22 * cycle
                + 40 * (Noise.smooth(key + "humidity", dt, 6 * HOUR) - 0.5)
                + (precipitating ? 25 : 0),
            8,
            100);
    double wind = 0.3 + 9 * Math.pow(Noise.smooth(key + "wind", dt, 3 * HOUR), 2);
    double gustiness = Noise.unit(key + "gust", dt);
    int pressure =
        (int)
            Math.round(
                1013
                    + 24 * (Noise.smooth(key + "pressure", dt, 36 * HOUR) - 0.5)
                    - (precipitating ? 5 : 0));
    Sky sky = sky(key, dt, wet, clouds, temp, humidity, wind);
    return new WeatherReading(
        dt,
        temp,
        feelsLike(temp, humidity, wind),
        temp - 3 * Noise.unit(key + "min", dt),
        temp + 3 * Noise.unit(key + "max", dt),
        pressure,
        humidity,
        (int) Math.round(pressure * Math.exp(-city.elevation() / SCALE_HEIGHT)),
        sky.visibility(),
        wind,
        (int) Math.round(360 * Noise.smooth(key + "direction", dt, 12 * HOUR)) % 360,
        gustiness < 0.25 ? null : wind * (1.2 + 0.8 * gustiness),
        clouds,
        sky.condition(),
        sky.precipitation(),
        sun);
  }

  private static Sky sky(
      String key, long dt, double wet, int clouds, double temp, int humidity, double wind) {
    double strength = Noise.unit(key + "strength", dt);
    if (wet > WET) {
      boolean heavy = wet > HEAVY;
      double fallen = heavy ? 2.5 + 5 * strength : 0.1 + 2.3 * strength;
      if (temp <= 0.5) {
        return heavy
            ? new Sky(WeatherCondition.SNOW, 1_000 + hundreds(2_000 * strength), fallen)
            : new Sky(WeatherCondition.LIGHT_SNOW, 3_000 + hundreds(4_000 * strength), fallen);
      }
      return heavy
          ? new Sky(WeatherCondition.MODERATE_RAIN, 5_000 + hundreds(3_000 * strength), fallen)
          : new Sky(WeatherCondition.LIGHT_RAIN, 8_000 + hundreds(2_000 * strength), fallen);
    }
    if (humidity >= 98 && wind < 2.5) {
      return new Sky(WeatherCondition.FOG, 100 + hundreds(900 * strength), 0);
    }
    if (humidity >= 95 && wind < 2.5) {
      return new Sky(WeatherCondition.MIST, 1_000 + hundreds(4_000 * strength), 0);
    }
    double haze = Noise.smooth(key + "haze", dt, DAY);
    if (haze > 0.95) {
      return new Sky(WeatherCondition.SMOKE, 3_000 + hundreds(7_000 * strength), 0);
    } else if (haze > 0.92) {
      return new Sky(WeatherCondition.HAZE, 4_000 + hundreds(6_000 * strength), 0);
    }
    return new Sky(WeatherCondition.ofClouds(clouds), 10_000, 0);
  }

  /**
   * The mean temperature of the city's latitude, elevation and time of year: 27 °C in the tropics,
   * 0.42 °C less per degree beyond them, 5 °C less per km up, and a seasonal swing growing with
   * latitude, coldest on 20 January in the north and 20 July in the south.
   */
  private static double climate(WeatherCity city, long dt) {
    double lat = Math.abs(city.lat());
    double mean = 27 - 0.42 * Math.max(0, lat - 12) - 5.0 * city.elevation() / 1_000;
    double swing = Math.min(12, 0.3 * Math.max(0, lat - 10));
    double winter = Math.cos(2 * Math.PI * (dt - COLDEST) / YEAR);
    return mean - swing * Math.signum(city.lat()) * winter;
  }

  /** -1 at sunrise (local solar time), rising to +1 at 15:00, falling back to the next sunrise. */
  private static double dailyCycle(WeatherCity city, long dt, SolarDay sun) {
    double hour = Math.floorMod(dt + Math.round(city.lon() * 240), DAY) / (double) HOUR;
    double sunrise = 12 - (sun.sunset() - sun.sunrise()) / 2.0 / HOUR;
    double warmest = 15;
    if (hour >= sunrise && hour < warmest) {
      return -Math.cos(Math.PI * (hour - sunrise) / (warmest - sunrise));
    }
    double cooling = 24 - warmest + sunrise;
    return Math.cos(Math.PI * ((hour - warmest + 24) % 24) / cooling);
  }

  /** Steadman's apparent temperature (shade), the kind of "feels like" OWM reports. */
  private static double feelsLike(double temp, int humidity, double wind) {
    double vapour = humidity / 100.0 * 6.105 * Math.exp(17.27 * temp / (237.7 + temp));
    return temp + 0.33 * vapour - 0.7 * wind - 4;
  }

  private static int clamp(double value, int min, int max) {
    return (int) Math.max(min, Math.min(max, Math.round(value)));
  }

  private static int hundreds(double metres) {
    return (int) Math.round(metres / 100) * 100;
  }
}
