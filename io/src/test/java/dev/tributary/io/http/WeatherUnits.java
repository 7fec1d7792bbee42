package dev.tributary.io.http;

/**
 * OpenWeatherMap's {@code units}: they change only temperatures (K, °C, °F) and wind speeds (m/s,
 * m/s, mph); pressure, visibility, precipitation and times are the same in all three.
 */
enum WeatherUnits {
  STANDARD,
  METRIC,
  IMPERIAL;

  private static final double METRES_PER_SECOND_PER_MPH = 0.44704;

  /** {@code metric} or {@code imperial}; anything else, or none, is standard, as OWM takes it. */
  static WeatherUnits of(String units) {
    return switch (units) {
      case "metric" -> METRIC;
      case "imperial" -> IMPERIAL;
      default -> STANDARD;
    };
  }

  double temperature(double celsius) {
    return switch (this) {
      case STANDARD -> celsius + 273.15;
      case METRIC -> celsius;
      case IMPERIAL -> celsius * 9 / 5 + 32;
    };
  }

  double speed(double metresPerSecond) {
    return this == IMPERIAL ? metresPerSecond / METRES_PER_SECOND_PER_MPH : metresPerSecond;
  }
}
