package dev.tributary.io.http;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most N requests per client within any one second (a sliding window), like the stricter limits
 * Energy-Charts introduced in v1.5 (2025-10-21): clients must pace themselves and honour 429s.
 * Refused requests do not count, so a client that backs off gets through again.
 */
final class RateLimit {
  private static final long WINDOW_NANOS = 1_000_000_000L;

  private final Map<InetAddress, ArrayDeque<Long>> recent = new HashMap<>();
  private int perSecond;

  RateLimit(int perSecond) {
    set(perSecond);
  }

  /** 0 turns the limit off. */
  synchronized void set(int perSecond) {
    if (perSecond < 0) {
      throw new IllegalArgumentException("requests per second must be >= 0, not " + perSecond);
    }
    this.perSecond = perSecond;
    recent.clear();
  }

  /**
   * Whether {@code client} may have a request at {@code nanos} (System.nanoTime); counts it if so.
   */
  synchronized boolean admit(InetAddress client, long nanos) {
    if (perSecond == 0) {
      return true;
    }
    ArrayDeque<Long> times = recent.computeIfAbsent(client, c -> new ArrayDeque<>());
    while (!times.isEmpty() && nanos - times.peekFirst() >= WINDOW_NANOS) {
      times.pollFirst();
    }
    if (times.size() >= perSecond) {
      return false;
    }
    times.addLast(nanos);
    return true;
  }
}
