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

/** The day-ahead price of one interval of a bidding zone: a row of {@code energy.prices}. */
@DefaultSchema(AutoValueSchema.class)
@SchemaCaseFormat(CaseFormat.LOWER_UNDERSCORE) // the columns' names, in PostgreSQL and BigQuery
@AutoValue
public abstract class PriceValue implements Serializable {
  public abstract String getBzn();

  public abstract Instant getIntervalStart();

  public abstract int getIntervalSeconds();

  /** EUR/MWh, whichever way the unit was spelled; null when the API sent none. */
  public abstract @Nullable Double getPrice();

  /** The unit as the API spelled it ({@code EUR/MWh}, {@code EUR / megawatt_hour}, ...). */
  public abstract String getUnit();

  public abstract Instant getFetchedAt();

  static PriceValue of(
      String bzn, Instant start, int seconds, @Nullable Double price, String unit, Instant at) {
    return new AutoValue_PriceValue(bzn, start, seconds, price, unit, at);
  }

  long id() {
    return RecordIds.part(
        RecordIds.of(getBzn(), getIntervalStart().getMillis()), getFetchedAt().toString());
  }
}
