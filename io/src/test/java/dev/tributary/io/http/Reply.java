package dev.tributary.io.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the replay server sends back: a status, a body with its content type, extra headers. Kept as
 * text rather than bytes so faults can rewrite a JSON body (set {@code deprecated}, empty the
 * arrays) the way a misbehaving server would.
 */
public record Reply(int status, String contentType, String body, Map<String, String> headers) {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** A JSON body, minified as the real APIs send it. */
  public static Reply json(int status, JsonNode body) {
    try {
      return new Reply(status, JSON, MAPPER.writeValueAsString(body), Map.of());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain-text body, the way FastAPI's PlainTextResponse answers. */
  public static Reply text(int status, String body) {
    return new Reply(status, TEXT, body, Map.of());
  }

  /** A body as given: JSON when it looks like JSON, else plain text. */
  public static Reply raw(int status, String body) {
    String start = body.stripLeading();
    boolean json = start.startsWith("{") || start.startsWith("[");
    return new Reply(status, json ? JSON : TEXT, body, Map.of());
  }

  /** 429, with a {@code Retry-After} header unless {@code retryAfter} is null. */
  public static Reply tooManyRequests(String retryAfter) {
    Reply reply = text(429, "Too Many Requests");
    return retryAfter == null ? reply : reply.withHeader("Retry-After", retryAfter);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put(name, value);
    return new Reply(status, contentType, body, Map.copyOf(all));
  }
}
