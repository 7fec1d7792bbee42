package dev.tributary.pipelines.energy;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.schemas.annotations.SchemaCaseFormat;
import org.apache.beam.vendor.guava.v32_1_2_jre.com.google.common.base.CaseFormat;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** One interval of one production type: a row of {@code energy.public_power}. */
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE) // the columns' names, in PostgreSQL and BigQuery
@AutoValue
public abstract class PowerValue implements Serializable {
  public abstract String getCountry();

  /** The normalised key of {@link #getName}. */
  public abstract String getSeries();

  /** The interval's start, as the API's {@code unix_seconds} label it. */
  public abstract Instant getIntervalStart();

  public abstract int getIntervalSeconds();

  /** The production type as the API spells it. */
  public abstract String getName();

  /** MW (percent for the two share series); null while not reported. */
  public abstract @Nullable Double getValue();

  public abstract Instant getFetchedAt();

  static PowerValue of(
      String country,
      String name,
      Instant start,
      int seconds,
      @Nullable Double value,
      Instant fetchedAt) {
    return new AutoValue_PowerValue(
        country, SeriesKeys.of(name), start, seconds, name, value, fetchedAt);
  }

  /** Its id in the run's counts: a fetch of one interval of one series. */
  long id() {
    return RecordIds.part(
        RecordIds.of(getCountry() + "/" + getSeries(), getIntervalStart().getMillis()),
        getFetchedAt().toString());
  }
}
