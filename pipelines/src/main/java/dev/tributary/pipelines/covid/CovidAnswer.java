package dev.tributary.pipelines.covid;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/** An answer of the API as received: a row of {@code covid.raw_responses}. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class CovidAnswer implements Serializable {
  public abstract String getRequest();

  /** How many days the answer held, a repeated day once. */
  public abstract long getDayCount();

  public abstract String getBody();

  public abstract Instant getFetchedAt();

  static CovidAnswer of(String request, long dayCount, String body, Instant fetchedAt) {
    return new AutoValue_CovidAnswer(request, dayCount, body, fetchedAt);
  }

  /** Its id in the run's accounting: one per request and fetch. */
  long id() {
    return RecordIds.of(getRequest(), getFetchedAt().getMillis());
  }
}
