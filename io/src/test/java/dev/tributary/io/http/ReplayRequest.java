package dev.tributary.io.http;

import java.time.Instant;
import java.util.Map;

/**
 * One request as a {@link Route} sees it: its path, its decoded query parameters (the last value of
 * a repeated one, as FastAPI takes it), and the server's clock and revision at arrival, so that a
 * route's answer depends on nothing else and the same request always gets the same bytes.
 */
public record ReplayRequest(String path, Map<String, String> query, Instant now, int revision) {

  /** The parameter's value (possibly empty) when the request has it, else {@code fallback}. */
  public String param(String name, String fallback) {
    return query.getOrDefault(name, fallback);
  }
}
