package dev.tributary.pipelines.weather;

import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Rules;
import java.util.Set;

/**
 * What a stored reading must be, judged after {@link ReadObservation} converted it to °C and m/s:
 * values that cannot be real are rejected with the rule they break, never stored or clamped.
 */
final class ObservationRules {
  /** OpenWeatherMap's condition codes, as {@code weather.conditions} holds them (V10). */
  static final Set<Integer> CONDITIONS =
      Set.of(
          200, 201, 202, 210, 211, 212, 221, 230, 231, 232, 300, 301, 302, 310, 311, 312, 313, 314,
          321, 500, 501, 502, 503, 504, 511, 520, 521, 522, 531, 600, 601, 602, 611, 612, 613, 615,
          616, 620, 621, 622, 701, 711, 721, 731, 741, 751, 761, 762, 771, 781, 800, 801, 802, 803,
          804);

  private ObservationRules() {}

  static Clean<Observation> clean() {
    return Clean.<Observation>create()
        .withRule(Rules.between("temperature_c", Observation::getTemperatureC, -90, 60))
        .withRule(Rules.between("humidity_pct", Observation::getHumidityPct, 0, 100))
        .withRule(Rules.between("wind_speed_ms", Observation::getWindSpeedMs, 0, 150))
        .withRule(
            o ->
                o.getWindGustMs() == null || o.getWindGustMs() >= 0
                    ? null
                    : "wind_gust_ms out of range [0, ...]: " + o.getWindGustMs())
        .withRule(
            o ->
                o.getCloudsPct() == null || (o.getCloudsPct() >= 0 && o.getCloudsPct() <= 100)
                    ? null
                    : "clouds_pct out of range [0, 100]: " + o.getCloudsPct())
        .withRule(
            o ->
                (o.getRainMm() == null || o.getRainMm() >= 0)
                        && (o.getSnowMm() == null || o.getSnowMm() >= 0)
                    ? null
                    : "negative precipitation: rain " + o.getRainMm() + ", snow " + o.getSnowMm())
        .withRule(
            o ->
                o.getUtcOffsetSeconds() >= -12 * 3600 && o.getUtcOffsetSeconds() <= 14 * 3600
                    ? null
                    : "timezone out of range [-43200, 50400] s: " + o.getUtcOffsetSeconds())
        .withRule(
            o ->
                CONDITIONS.contains(o.getConditionId())
                    ? null
                    : "condition "
                        + o.getConditionId()
                        + " is not one of OpenWeatherMap's condition codes");
  }
}
