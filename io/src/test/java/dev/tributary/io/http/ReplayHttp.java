package dev.tributary.io.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The replay server's tests ask it over real HTTP, as the pipelines' clients will. */
final class ReplayHttp {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private ReplayHttp() {}

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return get(url, Duration.ofSeconds(30));
  }

  static HttpResponse<String> get(String url, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The body of a 200 as JSON; fails with the status and body otherwise. */
  static JsonNode json(String url) throws IOException, InterruptedException {
    HttpResponse<String> response = get(url);
    if (response.statusCode() != 200) {
      throw new AssertionError(url + " answered " + response.statusCode() + ": " + response.body());
    }
    try {
      return Reply.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Long> longs(JsonNode array) {
    List<Long> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asLong()));
    return values;
  }

  /** The numbers of {@code array}, null for JSON null. */
  static List<Double> numbers(JsonNode array) {
    List<Double> values = new ArrayList<>();
    array.forEach(value -> values.add(value.isNull() ? null : value.asDouble()));
    return values;
  }

  /** The data of the production type {@code name} in a public_power or installed_power body. */
  static List<Double> series(JsonNode body, String name) {
    for (JsonNode type : body.get("production_types")) {
      if (type.get("name").asText().equals(name)) {
        return numbers(type.get("data"));
      }
    }
    throw new AssertionError("no production type '" + name + "' in " + body);
  }

  static List<String> names(JsonNode body) {
    List<String> names = new ArrayList<>();
    body.get("production_types").forEach(type -> names.add(type.get("name").asText()));
    return names;
  }
}
