package dev.tributary.pipelines.energy;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.joda.time.Instant;

/** An answer of the API as received: a row of {@code energy.raw_responses}. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RawResponse implements Serializable {
  /** The request's URL, secrets masked. */
  public abstract String getRequest();

  public abstract String getDataset();

  /** The JSON body as it came. */
  public abstract String getBody();

  public abstract Instant getFetchedAt();

  static RawResponse of(String request, String dataset, String body, Instant fetchedAt) {
    return new AutoValue_RawResponse(request, dataset, body, fetchedAt);
  }

  long id() {
    return RecordIds.of(getRequest(), getFetchedAt().getMillis());
  }
}
