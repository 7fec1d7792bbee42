package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The token bucket the fetches share, on resilience4j's own limiter driven by a fake clock: how
 * long each request must wait is read from the limiter, not slept.
 */
class FetchRateLimitTest {
  private static final long MS = 1_000_000;

  private final AtomicLong nanos = new AtomicLong(1_000 * MS);

  private RateLimiter limiter(double requestsPerSecond, Duration permitTimeout) {
    RateLimiterConfig config = Shared.rateLimiterConfig(requestsPerSecond, permitTimeout);
    return new AtomicRateLimiter("test", config, nanos::get);
  }

  @Test
  void twoPerSecondIsOneRequestEvery500Ms() {
    RateLimiter limiter = limiter(2, Duration.ofMinutes(1));
    // Three requests at once: the first goes now, the next wait 500 ms and 1 s for their tokens.
    assertEquals(0, limiter.reservePermission());
    assertEquals(500 * MS, limiter.reservePermission());
    assertEquals(1_000 * MS, limiter.reservePermission());
    // Two seconds on, the bucket is not fuller than one token: no burst after a pause.
    nanos.addAndGet(2_000 * MS);
    assertEquals(0, limiter.reservePermission());
    assertEquals(500 * MS, limiter.reservePermission());
  }

  @Test
  void aRequestWithoutATokenWithinThePermitTimeoutIsRefused() {
    RateLimiter limiter = limiter(2, Duration.ZERO);
    assertTrue(limiter.acquirePermission());
    assertFalse(limiter.acquirePermission(), "the second token comes in 500 ms");
    nanos.addAndGet(499 * MS);
    assertFalse(limiter.acquirePermission());
    nanos.addAndGet(MS);
    assertTrue(limiter.acquirePermission());
    assertFalse(limiter.acquirePermission());
  }

  @Test
  void slowAndFastRates() {
    RateLimiterConfig tenth = Shared.rateLimiterConfig(0.1, Duration.ZERO);
    assertEquals(1, tenth.getLimitForPeriod());
    assertEquals(Duration.ofSeconds(10), tenth.getLimitRefreshPeriod());
    assertEquals(
        Duration.ofMillis(4), Shared.rateLimiterConfig(250, Duration.ZERO).getLimitRefreshPeriod());
    RateLimiter limiter = limiter(0.1, Duration.ofMinutes(1));
    assertEquals(0, limiter.reservePermission());
    assertEquals(10_000 * MS, limiter.reservePermission());
  }

  @Test
  void oneBucketPerNameAndRateInAJvm() {
    Duration timeout = Duration.ofSeconds(1);
    RateLimiter a = Shared.rateLimiter("rate-test-a", 2, timeout);
    assertSame(a, Shared.rateLimiter("rate-test-a", 2, timeout), "every DoFn instance gets it");
    assertNotSame(a, Shared.rateLimiter("rate-test-b", 2, timeout));
    assertNotSame(a, Shared.rateLimiter("rate-test-a", 3, timeout));
    assertEquals(Duration.ofMillis(500), a.getRateLimiterConfig().getLimitRefreshPeriod());
    assertEquals(timeout, a.getRateLimiterConfig().getTimeoutDuration());
  }

  @Test
  void ratesThatAreNoRateAreRefused() {
    for (double rate : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThrows(
          IllegalArgumentException.class,
          () -> Shared.rateLimiterConfig(rate, Duration.ZERO),
          "rate " + rate);
    }
  }

  @Test
  void theFreeTiersSixtyPerMinuteSpacesAHundredCitiesASecondApart() {
    // A weather poll of 100 cities at --requestsPerMinute=60 (one token a second): the last
    // request waits 99 s, none goes sooner than its second, and a second poll cannot burst.
    RateLimiter limiter = limiter(60 / 60.0, Duration.ofMinutes(5));
    for (int city = 0; city < 100; city++) {
      assertEquals(city * 1_000 * MS, limiter.reservePermission(), "city " + city);
    }
    nanos.addAndGet(100_000 * MS);
    assertEquals(0, limiter.reservePermission());
    assertEquals(1_000 * MS, limiter.reservePermission());
  }
}
