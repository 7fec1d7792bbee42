package dev.tributary.pipelines.weather;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * One city's reading at one instant: a row of {@code weather.observations}, in °C, m/s, hPa, metres
 * and mm whatever units the request asked for ({@link ReadObservation} converts).
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class Observation implements Serializable {
  /** {@link City#key}: the city asked for. */
  public abstract long getCityId();

  /** OWM's {@code dt}: when the reading was calculated. */
  public abstract Instant getObservedAt();

  /** OWM's {@code timezone}: seconds east of UTC at the reading. */
  public abstract int getUtcOffsetSeconds();

  /** The city's day at the reading, {@code YYYY-MM-DD}. */
  public abstract String getLocalDate();

  /** What the request asked for (standard, metric, imperial): the values are converted. */
  public abstract String getUnitsRequested();

  public abstract double getTemperatureC();

  public abstract @Nullable Double getFeelsLikeC();

  public abstract @Nullable Double getTempMinC();

  public abstract @Nullable Double getTempMaxC();

  public abstract @Nullable Double getPressureHpa();

  public abstract double getHumidityPct();

  public abstract @Nullable Double getSeaLevelHpa();

  public abstract @Nullable Double getGroundLevelHpa();

  public abstract @Nullable Double getVisibilityM();

  public abstract double getWindSpeedMs();

  public abstract @Nullable Double getWindDeg();

  public abstract @Nullable Double getWindGustMs();

  public abstract @Nullable Double getCloudsPct();

  public abstract @Nullable Double getRainMm();

  public abstract @Nullable Double getSnowMm();

  /** The period rain and snow are given for: 1 or 3 hours; null without either. */
  public abstract @Nullable Integer getPrecipitationHours();

  public abstract int getConditionId();

  public abstract @Nullable Instant getSunrise();

  public abstract @Nullable Instant getSunset();

  public abstract Instant getFetchedAt();

  abstract Builder toBuilder();

  static Builder builder() {
    return new AutoValue_Observation.Builder();
  }

  /** Rain and snow together per hour; 0 without either. */
  public abstract double getPrecipitationMmH();

  /** Its id in the run's counts: one fetch of one reading. */
  long id() {
    return RecordIds.part(
        RecordIds.of(Long.toString(getCityId()), getObservedAt().getMillis()),
        getFetchedAt().toString());
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setCityId(long value);

    abstract Builder setObservedAt(Instant value);

    abstract Builder setUtcOffsetSeconds(int value);

    abstract Builder setLocalDate(String value);

    abstract Builder setUnitsRequested(String value);

    abstract Builder setTemperatureC(double value);

    abstract Builder setFeelsLikeC(@Nullable Double value);

    abstract Builder setTempMinC(@Nullable Double value);

    abstract Builder setTempMaxC(@Nullable Double value);

    abstract Builder setPressureHpa(@Nullable Double value);

    abstract Builder setHumidityPct(double value);

    abstract Builder setSeaLevelHpa(@Nullable Double value);

    abstract Builder setGroundLevelHpa(@Nullable Double value);

    abstract Builder setVisibilityM(@Nullable Double value);

    abstract Builder setWindSpeedMs(double value);

    abstract Builder setWindDeg(@Nullable Double value);

    abstract Builder setWindGustMs(@Nullable Double value);

    abstract Builder setCloudsPct(@Nullable Double value);

    abstract Builder setRainMm(@Nullable Double value);

    abstract Builder setSnowMm(@Nullable Double value);

    abstract Builder setPrecipitationHours(@Nullable Integer value);

    abstract Builder setPrecipitationMmH(double value);

    abstract Builder setConditionId(int value);

    abstract Builder setSunrise(@Nullable Instant value);

    abstract Builder setSunset(@Nullable Instant value);

    abstract Builder setFetchedAt(Instant value);

    abstract Observation build();
  }
}
