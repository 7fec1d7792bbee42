package dev.tributary.pipelines.weather;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * A city's hour (UTC) and the moving average ending with it: a row of {@code
 * weather.hourly_temperatures}: the hour's mean, and the mean of the hourly means of the {@code
 * movingHours} hours ending with it that have readings ({@code hoursPresent}). An hour without
 * readings has no row and is left out of the moving means, never filled in; {@code complete} says
 * whether none was.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class HourlyTemperature implements Serializable {
  private static final long HOUR = 3_600_000L;

  public abstract long getCityId();

  public abstract Instant getHourStart();

  public abstract double getMeanC();

  public abstract int getMovingHours();

  public abstract int getHoursPresent();

  public abstract double getMovingMeanC();

  public abstract boolean getComplete();

  public abstract int getReadings();

  public abstract String getTiming();

  public abstract long getPaneIndex();

  /**
   * The row of the hour that ends at {@code windowEnd}, from {@code readings} of the {@code
   * movingHours} hours ending there; null when that hour has none.
   */
  static @Nullable HourlyTemperature of(
      long cityId,
      Instant windowEnd,
      int movingHours,
      List<Reading> readings,
      String timing,
      long paneIndex) {
    Map<Long, double[]> byHour = new TreeMap<>();
    for (Reading r : readings) {
      double[] hour =
          byHour.computeIfAbsent(Math.floorDiv(r.observedAtMillis(), HOUR), h -> new double[2]);
      hour[0] += r.temperatureC();
      hour[1]++;
    }
    double means = 0;
    for (double[] hour : byHour.values()) {
      means += hour[0] / hour[1];
    }
    long last = windowEnd.getMillis() / HOUR - 1;
    double[] lastHour = byHour.get(last);
    if (lastHour == null) {
      return null;
    }
    return new AutoValue_HourlyTemperature(
        cityId,
        new Instant(last * HOUR),
        DailySummary.round(lastHour[0] / lastHour[1]),
        movingHours,
        byHour.size(),
        DailySummary.round(means / byHour.size()),
        byHour.size() == movingHours,
        readings.size(),
        timing,
        paneIndex);
  }
}
