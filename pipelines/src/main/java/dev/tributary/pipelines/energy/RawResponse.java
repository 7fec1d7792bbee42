package dev.tributary.pipelines.energy;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.RecordIds;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/** An answer of the API as received: a row of {@code energy.raw_responses}. */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class RawResponse implements Serializable {
  /** The request's URL, secrets masked. */
  public abstract String getRequest();

  public abstract String getDataset();

  /** The country or bidding zone asked for. */
  public abstract String getArea();

  /** The first and last interval the answer holds; null for installed power or no stamps. */
  public abstract @Nullable Instant getFirstInterval();

  public abstract @Nullable Instant getLastInterval();

  /** How many values the answer held: all of them stored means the request is done. */
  public abstract long getValueCount();

  /** The JSON body as it came. */
  public abstract String getBody();

  public abstract Instant getFetchedAt();

  @SuppressWarnings("TooManyParameters")
  static RawResponse of(
      String request,
      String dataset,
      String area,
      @Nullable Instant first,
      @Nullable Instant last,
      long values,
      String body,
      Instant fetchedAt) {
    return new AutoValue_RawResponse(request, dataset, area, first, last, values, body, fetchedAt);
  }

  long id() {
    return RecordIds.of(getRequest(), getFetchedAt().getMillis());
  }
}
