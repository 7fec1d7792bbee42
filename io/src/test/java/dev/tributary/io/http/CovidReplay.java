package dev.tributary.io.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * covid19api.com's {@code GET /country/{slug}/status/{status}?from=&to=} as the replay server
 * serves it. The service was shut down in May 2023, so the answer is the one recorded response (a
 * JSON array of one object per day, {@code data/sample/covid/}, see its README): Singapore's
 * confirmed cases from 2020-01-23 to 2023-03-09, its days filtered to {@code from} ≤ {@code Date} ≤
 * {@code to} (ISO instants such as {@code 2020-03-01T00:00:00Z}; either may be left out) and sent
 * minified, as the API sent it. Any other country or status: 404 {@link #NOT_FOUND}, as the API
 * answered an unknown slug; a {@code from} or {@code to} that is not an instant: 400.
 */
public final class CovidReplay {
  public static final String PATH = "/country/singapore/status/confirmed";
  public static final String RESOURCE = "/covid/covid19api_country_singapore_status_confirmed.json";
  public static final String TOTAL_PATH = "/total" + PATH;
  public static final String TOTAL_RESOURCE =
      "/covid/covid19api_total_country_singapore_confirmed_cases.csv";
  public static final String NOT_FOUND = "{\"message\":\"Not Found\"}";

  private static final JsonNode RECORDED = load();
  private static final JsonNode TOTAL = total(RECORDED.get(0));

  private CovidReplay() {}

  /**
   * The routes, by path, that {@link ReplayServer} serves: every path under {@code /country/} and
   * {@code /total/country/}.
   */
  static Map<String, Route> routes() {
    return Map.of(
        "/country/", request -> days(request, PATH, RECORDED),
        "/total/country/", request -> days(request, TOTAL_PATH, TOTAL));
  }

  private static Reply days(ReplayRequest request, String path, JsonNode recorded) {
    if (!request.path().equals(path)) {
      return Reply.raw(404, NOT_FOUND);
    }
    Instant from;
    Instant to;
    try {
      from = instant(request.param("from", ""), Instant.MIN);
      to = instant(request.param("to", ""), Instant.MAX);
    } catch (DateTimeParseException e) {
      return Reply.raw(400, "{\"message\":\"from and to must be ISO instants\"}");
    }
    ArrayNode days = Reply.MAPPER.createArrayNode();
    for (JsonNode day : recorded) {
      Instant date = Instant.parse(day.get("Date").asText());
      if (!date.isBefore(from) && !date.isAfter(to)) {
        days.add(day);
      }
    }
    return Reply.json(200, days);
  }

  private static Instant instant(String value, Instant none) {
    return value.isEmpty() ? none : Instant.parse(value);
  }

  private static JsonNode load() {
    try (InputStream in = open(RESOURCE)) {
      return Reply.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recorded {@code Date,Cases} lines as objects shaped like {@code template}. */
  private static JsonNode total(JsonNode template) {
    ArrayNode days = Reply.MAPPER.createArrayNode();
    try (InputStream in = open(TOTAL_RESOURCE)) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      for (String line : lines.subList(1, lines.size())) {
        String[] dateAndCases = line.split(",");
        ObjectNode day = template.deepCopy();
        day.put("Cases", Long.parseLong(dateAndCases[1]));
        day.put("Date", dateAndCases[0]);
        days.add(day);
      }
      return days;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = CovidReplay.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(resource + " is not on the classpath (io's pom copies it)");
    }
    return in;
  }
}
