package dev.tributary.pipelines.weather;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * A city's local day, from every reading of it: a row of {@code weather.daily_summaries}.
 * Precipitation is the sum over the day's hours (of the city's clock) of the hour's mean rate, so
 * readings every 10 minutes that each report the last hour's rain count it once; the dominant
 * condition is that of most readings, the lower code on a tie.
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class DailySummary implements Serializable {
  public abstract long getCityId();

  /** {@code YYYY-MM-DD}. */
  public abstract String getLocalDate();

  public abstract double getMinC();

  public abstract double getMaxC();

  public abstract double getMeanC();

  public abstract double getMeanHumidityPct();

  public abstract double getPrecipitationMm();

  public abstract int getDominantConditionId();

  public abstract int getReadings();

  /** EARLY, ON_TIME or LATE: how final the day is. */
  public abstract String getTiming();

  public abstract long getPaneIndex();

  /** The summary of {@code readings}, at least one, of one city's local day. */
  static DailySummary of(
      long cityId, String localDate, List<Reading> readings, String timing, long paneIndex) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double temperatures = 0;
    double humidity = 0;
    Map<Long, double[]> rateByHour = new TreeMap<>();
    Map<Integer, Integer> conditions = new TreeMap<>();
    for (Reading r : readings) {
      min = Math.min(min, r.temperatureC());
      max = Math.max(max, r.temperatureC());
      temperatures += r.temperatureC();
      humidity += r.humidityPct();
      double[] hour = rateByHour.computeIfAbsent(r.localHour(), h -> new double[2]);
      hour[0] += r.precipitationMmH();
      hour[1]++;
      conditions.merge(r.conditionId(), 1, Integer::sum);
    }
    double precipitation = 0;
    for (double[] hour : rateByHour.values()) {
      precipitation += hour[0] / hour[1];
    }
    int dominant = 0;
    int most = 0;
    for (Map.Entry<Integer, Integer> c :
        conditions.entrySet()) { // ascending: lower code wins a tie
      if (c.getValue() > most) {
        most = c.getValue();
        dominant = c.getKey();
      }
    }
    int n = readings.size();
    return new AutoValue_DailySummary(
        cityId,
        localDate,
        min,
        max,
        round(temperatures / n),
        round(humidity / n),
        round(precipitation),
        dominant,
        n,
        timing,
        paneIndex);
  }

  /** To 0.001: sums of two-decimal values in another order must not look like a change. */
  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
