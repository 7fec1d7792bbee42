package dev.tributary.io.http;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import java.io.Serializable;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;

/**
 * One GET an HTTP source makes: what its answer holds ({@code dataset}, such as "public_power"),
 * the full URL (which may carry a secret such as {@code appid=}; only {@link FetchResponses} sees
 * it, everything else shows {@link Urls#mask}) and its {@code sequence}: 0 in a batch, the
 * scheduled tick's epoch millis in a stream, so the same URL fetched at two ticks is two records
 * (the sequence is the offset of the response's {@code Location}).
 */
@DefaultSchema(AutoValueSchema.class)
@AutoValue
public abstract class ApiRequest implements Serializable {
  public abstract String getDataset();

  public abstract String getUrl();

  public abstract long getSequence();

  /** A request of a batch: sequence 0. */
  public static ApiRequest of(String dataset, String url) {
    return create(dataset, url, 0);
  }

  private static ApiRequest create(String dataset, String url, long sequence) {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
    }
    return new AutoValue_ApiRequest(
        requireNonNull(dataset, "dataset"), requireNonNull(url, "url"), sequence);
  }

  /** The same request at {@code sequence}: a stream's tick, in epoch millis. */
  public ApiRequest withSequence(long sequence) {
    return create(getDataset(), getUrl(), sequence);
  }

  /** With the URL masked: a request may be logged or shown in a failed assertion. */
  @Override
  public String toString() {
    return "ApiRequest{" + getDataset() + ", " + Urls.mask(getUrl()) + ", " + getSequence() + "}";
  }
}
