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

/** Installed power of one production type in one year or month: a row of installed_power. */
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE) // the columns' names, in PostgreSQL and BigQuery
@AutoValue
public abstract class InstalledValue implements Serializable {
  public abstract String getCountry();

  /** yearly or monthly. */
  public abstract String getTimeStep();

  /** installed (the total) or net_installation (installed less decommissioned). */
  public abstract String getMeasure();

  public abstract String getSeries();

  /** The first day of the year or month, as the API's local periods are. */
  public abstract Instant getPeriodStart();

  /** The period as the API wrote it: {@code 2002}, {@code 01.2002}. */
  public abstract String getPeriod();

  public abstract String getName();

  /** GW, GWh for battery capacity, MW for monthly net installations. */
  public abstract String getUnit();

  public abstract @Nullable Double getValue();

  public abstract Instant getFetchedAt();

  @SuppressWarnings("TooManyParameters")
  static InstalledValue of(
      String country,
      String timeStep,
      String measure,
      String name,
      Instant periodStart,
      String period,
      String unit,
      @Nullable Double value,
      Instant fetchedAt) {
    return new AutoValue_InstalledValue(
        country,
        timeStep,
        measure,
        SeriesKeys.of(name),
        periodStart,
        period,
        name,
        unit,
        value,
        fetchedAt);
  }

  long id() {
    return RecordIds.part(
        RecordIds.of(
            String.join("/", getCountry(), getTimeStep(), getMeasure(), getSeries()),
            getPeriodStart().getMillis()),
        getFetchedAt().toString());
  }
}
