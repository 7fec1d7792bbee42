package dev.tributary.io.http;

import java.time.LocalDate;

/**
 * Sunrise and sunset (unix seconds) of a place's local day, by the sunrise equation with the usual
 * allowance for refraction and the sun's disc: within a minute or two of OpenWeatherMap's {@code
 * sys.sunrise}/{@code sys.sunset}, which is what a pipeline deriving day length or day/night needs.
 * The day is the local one of the reading, as the recordings show (a reading at 21:00 EST carries
 * that day's sunrise, not the UTC day's).
 */
record SolarDay(long sunrise, long sunset) {
  private static final double J2000 = 2451545.0;
  private static final double UNIX_EPOCH = 2440587.5;
  private static final long J2000_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  static SolarDay of(LocalDate day, double lat, double lon) {
    double noon = day.toEpochDay() - J2000_EPOCH_DAY - lon / 360; // mean solar noon, from J2000
    double anomaly = Math.toRadians((357.5291 + 0.98560028 * noon) % 360);
    double centre =
        1.9148 * Math.sin(anomaly) + 0.02 * Math.sin(2 * anomaly) + 0.0003 * Math.sin(3 * anomaly);
    double ecliptic = Math.toRadians(Math.toDegrees(anomaly) + centre + 180 + 102.9372);
    double transit = J2000 + noon + 0.0053 * Math.sin(anomaly) - 0.0069 * Math.sin(2 * ecliptic);
    double declination = Math.asin(Math.sin(ecliptic) * Math.sin(Math.toRadians(23.4397)));
    double phi = Math.toRadians(lat);
    double cosHour =
        (Math.sin(Math.toRadians(-0.833)) - Math.sin(phi) * Math.sin(declination))
            / (Math.cos(phi) * Math.cos(declination));
    // Beyond the polar circles the sun may not rise or set: a day of no or all daylight.
    double hour = Math.toDegrees(Math.acos(Math.max(-1, Math.min(1, cosHour)))) / 360;
    return new SolarDay(unix(transit - hour), unix(transit + hour));
  }

  /** Whether {@code epochSecond} is in daylight (an icon's "d" rather than "n"). */
  boolean daylight(long epochSecond) {
    return epochSecond >= sunrise && epochSecond < sunset;
  }

  private static long unix(double julian) {
    return Math.round((julian - UNIX_EPOCH) * 86_400);
  }
}
