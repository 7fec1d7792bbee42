package dev.tributary.io.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;

/**
 * What every fetch of a JVM shares: one {@link HttpClient} (its connection pool and selector
 * thread) and, per bucket and rate, one resilience4j {@link RateLimiter}, so that all the DoFn
 * instances and threads of a job on a worker draw from the same token bucket. A runner with several
 * workers has a bucket per worker: the API sees up to workers × rate.
 */
final class Shared {
  private static final RateLimiterRegistry LIMITERS = RateLimiterRegistry.ofDefaults();

  private Shared() {}

  /** The JVM's client: HTTP/2 where the server has it, redirects followed (never to http). */
  static HttpClient httpClient() {
    return ClientHolder.CLIENT;
  }

  /**
   * The bucket {@code bucket} at {@code requestsPerSecond}, made on first use: one token every
   * 1/rate seconds, no burst; a request waits at most {@code permitTimeout} for its token.
   */
  static RateLimiter rateLimiter(String bucket, double requestsPerSecond, Duration permitTimeout) {
    String name =
        String.format(Locale.ROOT, "%s@%s/s,timeout=%s", bucket, requestsPerSecond, permitTimeout);
    return LIMITERS.rateLimiter(name, rateLimiterConfig(requestsPerSecond, permitTimeout));
  }

  /**
   * A token bucket at {@code requestsPerSecond}: resilience4j's limiter with one permit per period
   * of 1/rate seconds (so 2 requests per second is one every 500 ms, 0.1 one every 10 s).
   */
  static RateLimiterConfig rateLimiterConfig(double requestsPerSecond, Duration permitTimeout) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException(
          "requests per second must be positive, was " + requestsPerSecond);
    }
    long periodNanos = Math.max(1, Math.round(1e9 / requestsPerSecond));
    return RateLimiterConfig.custom()
        .limitForPeriod(1)
        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
        .timeoutDuration(permitTimeout)
        .build();
  }

  /** Made on first use, so a job that reads no API starts no client. */
  private static final class ClientHolder {
    static final HttpClient CLIENT =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
  }
}
