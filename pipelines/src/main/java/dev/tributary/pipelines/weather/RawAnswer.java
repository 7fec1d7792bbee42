package dev.tributary.pipelines.weather;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/** An answer as received, keyed by its reading: a row of {@code weather.raw_responses}. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RawAnswer implements Serializable {
  public abstract long getCityId();

  public abstract Instant getObservedAt();

  /** The request's URL, the key masked. */
  public abstract String getRequest();

  public abstract String getBody();

  public abstract Instant getFetchedAt();

  static RawAnswer of(
      long cityId, Instant observedAt, String request, String body, Instant fetchedAt) {
    return new AutoValue_RawAnswer(cityId, observedAt, request, body, fetchedAt);
  }
}
