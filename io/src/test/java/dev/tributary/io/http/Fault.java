package dev.tributary.io.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A misbehaviour the real APIs have shown (5xx, 404 gaps, 429, slow answers, a deprecation flag,
 * 200 with empty arrays), injected by a test with {@link ReplayServer#fault} for the first {@code
 * times} matching requests, so clients' retry and validation paths can be tested without the
 * internet.
 */
public final class Fault {
  /** A fault that never wears off. */
  public static final int ALWAYS = Integer.MAX_VALUE;

  private final int times;
  private final Function<Supplier<Reply>, Reply> effect;

  private Fault(int times, Function<Supplier<Reply>, Reply> effect) {
    if (times < 1) {
      throw new IllegalArgumentException("a fault must apply at least once, not " + times);
    }
    this.times = times;
    this.effect = effect;
  }

  /** {@code status} with {@code body} (JSON when it looks like JSON, else plain text). */
  public static Fault status(int status, String body, int times) {
    return new Fault(times, normal -> Reply.raw(status, body));
  }

  /** 429 Too Many Requests, with a {@code Retry-After} header unless {@code retryAfter} is null. */
  public static Fault tooManyRequests(String retryAfter, int times) {
    return new Fault(times, normal -> Reply.tooManyRequests(retryAfter));
  }

  /** The normal answer, after {@code delay}: a client's timeout. */
  public static Fault delay(Duration delay, int times) {
    return new Fault(
        times,
        normal -> {
          try {
            Thread.sleep(delay.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return normal.get();
        });
  }

  /** The normal answer with {@code "deprecated":true}: the announced end of an endpoint. */
  public static Fault deprecated(int times) {
    return new Fault(times, normal -> rewrite(normal.get(), body -> body.put("deprecated", true)));
  }

  /** The normal answer with every array emptied: the silent failure seen on Energy-Charts. */
  public static Fault emptyArrays(int times) {
    return new Fault(
        times,
        normal ->
            rewrite(
                normal.get(),
                body -> {
                  for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (field.getValue().isArray()) {
                      field.setValue(body.arrayNode());
                    }
                  }
                  return body;
                }));
  }

  int times() {
    return times;
  }

  Reply apply(Supplier<Reply> normal) {
    return effect.apply(normal);
  }

  /** {@code reply} with its JSON object rewritten; anything else (an error's text) unchanged. */
  private static Reply rewrite(Reply reply, Function<ObjectNode, ObjectNode> change) {
    if (reply.status() != 200 || !Reply.JSON.equals(reply.contentType())) {
      return reply;
    }
    try {
      JsonNode body = Reply.MAPPER.readTree(reply.body());
      return body instanceof ObjectNode object ? Reply.json(200, change.apply(object)) : reply;
    } catch (JsonProcessingException e) {
      return reply;
    }
  }
}
