package dev.tributary.io.http;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * What a pipeline asks an API for with {@code --source=http}: a URL that must answer before the run
 * ({@code probeUrl}, checked by {@link HttpSource#probe}), the requests of a batch ({@code
 * backfill}, which a stream fetches once at its start) and, for a stream, {@link Schedule}s: at
 * every tick, the requests for that instant.
 *
 * <pre>{@code
 * HttpRequests.of(api + "/public_power?country=de", days.stream().map(powerOn).toList())
 *     .every(Duration.standardMinutes(15), tick -> List.of(powerOn(tick)));
 * }</pre>
 */
public record HttpRequests(String probeUrl, List<ApiRequest> backfill, List<Schedule> schedules)
    implements Serializable {
  public HttpRequests {
    requireNonNull(probeUrl, "probeUrl");
    backfill = List.copyOf(backfill);
    schedules = List.copyOf(schedules);
  }

  /** A batch of {@code backfill} requests, no schedule. */
  public static HttpRequests of(String probeUrl, List<ApiRequest> backfill) {
    return new HttpRequests(probeUrl, backfill, List.of());
  }

  /** These requests, and in a stream also {@code requestsAt(tick)} at every tick {@code every}. */
  public HttpRequests every(
      Duration every, SerializableFunction<Instant, List<ApiRequest>> requestsAt) {
    List<Schedule> more = new ArrayList<>(schedules);
    more.add(new Schedule(every, requestsAt));
    return new HttpRequests(probeUrl, backfill, more);
  }

  /**
   * Requests a stream makes at every tick of a Beam {@code PeriodicImpulse} with interval {@code
   * every}: {@code requestsAt(tick)}, each request's sequence set to the tick's epoch millis.
   */
  public record Schedule(Duration every, SerializableFunction<Instant, List<ApiRequest>> requestsAt)
      implements Serializable {
    public Schedule {
      if (every == null || every.getMillis() < 1) {
        throw new IllegalArgumentException("a schedule's interval must be positive, was " + every);
      }
      requireNonNull(requestsAt, "requestsAt");
    }
  }
}
