package dev.tributary.io.http;

/**
 * The part of OpenWeatherMap's condition vocabulary the replay answers ({@code weather[0]}): code,
 * group ({@code main}), description and icon, spelled as OWM spells them, so that a pipeline's
 * lookup of codes meets real values.
 */
record WeatherCondition(int id, String main, String description, String icon) {
  static final WeatherCondition CLEAR = new WeatherCondition(800, "Clear", "clear sky", "01");
  static final WeatherCondition FEW_CLOUDS =
      new WeatherCondition(801, "Clouds", "few clouds", "02");
  static final WeatherCondition SCATTERED_CLOUDS =
      new WeatherCondition(802, "Clouds", "scattered clouds", "03");
  static final WeatherCondition BROKEN_CLOUDS =
      new WeatherCondition(803, "Clouds", "broken clouds", "04");
  static final WeatherCondition OVERCAST =
      new WeatherCondition(804, "Clouds", "overcast clouds", "04");
  static final WeatherCondition LIGHT_RAIN = new WeatherCondition(500, "Rain", "light rain", "10");
  static final WeatherCondition MODERATE_RAIN =
      new WeatherCondition(501, "Rain", "moderate rain", "10");
  static final WeatherCondition LIGHT_SNOW = new WeatherCondition(600, "Snow", "light snow", "13");
  static final WeatherCondition SNOW = new WeatherCondition(601, "Snow", "snow", "13");
  static final WeatherCondition MIST = new WeatherCondition(701, "Mist", "mist", "50");
  static final WeatherCondition SMOKE = new WeatherCondition(711, "Smoke", "smoke", "50");
  static final WeatherCondition HAZE = new WeatherCondition(721, "Haze", "haze", "50");
  static final WeatherCondition FOG = new WeatherCondition(741, "Fog", "fog", "50");

  /** The sky by cloud cover (%), as OWM's 800-804 bands it. */
  static WeatherCondition ofClouds(int clouds) {
    if (clouds <= 10) {
      return CLEAR;
    } else if (clouds <= 25) {
      return FEW_CLOUDS;
    } else if (clouds <= 50) {
      return SCATTERED_CLOUDS;
    } else if (clouds <= 84) {
      return BROKEN_CLOUDS;
    }
    return OVERCAST;
  }

  boolean rain() {
    return id / 100 == 5;
  }

  boolean snow() {
    return id / 100 == 6;
  }

  /** The icon of day or night, e.g. {@code 10d}, {@code 10n}. */
  String icon(boolean daylight) {
    return icon + (daylight ? "d" : "n");
  }
}
