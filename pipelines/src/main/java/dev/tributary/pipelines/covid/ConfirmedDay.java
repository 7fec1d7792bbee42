package dev.tributary.pipelines.covid;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import java.time.LocalDate;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A country's cumulative confirmed cases at the end of a day: a row of covid.confirmed_cases. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ConfirmedDay implements Serializable {
  public abstract String getCountryCode();

  /** {@code YYYY-MM-DD}, the UTC day of the API's midnight stamp. */
  public abstract String getDay();

  public abstract String getCountry();

  public abstract long getCases();

  public abstract @Nullable Double getLat();

  public abstract @Nullable Double getLon();

  /** The answer it came from: its request's URL. */
  public abstract String getRequest();

  /** Its id in the run's accounting: one row per answer, country and day. */
  long id() {
    return RecordIds.of(
        getRequest() + "#" + getCountryCode(), LocalDate.parse(getDay()).toEpochDay());
  }

  @SuppressWarnings("TooManyParameters")
  static ConfirmedDay of(
      String countryCode,
      String day,
      String country,
      long cases,
      @Nullable Double lat,
      @Nullable Double lon,
      String request) {
    return new AutoValue_ConfirmedDay(countryCode, day, country, cases, lat, lon, request);
  }
}
