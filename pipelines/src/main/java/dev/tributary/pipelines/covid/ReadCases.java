package dev.tributary.pipelines.covid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.RecordException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Reads an answer of {@code /country/{slug}/status/confirmed}, a JSON array of one object per day
 * ({@code ../shared/notes/apis.md} §3), into cleaned days: {@code Cases} a whole number (the API's
 * number, or a string holding one), {@code Lat}/{@code Lon} strings to numbers (empty: none),
 * {@code Date} an ISO instant to its UTC day. A day that repeats keeps its last occurrence, once,
 * so each country and day is one row. An object that breaks a rule is a rejection with the reason
 * and its JSON path; an answer that is not an array (the API's {@code {"message":…}}) fails whole.
 */
final class ReadCases {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** A rejected object of the answer: where, why, and the object as received. */
  record Rejection(String path, String reason, String raw) {}

  record Result(List<ConfirmedDay> days, List<Rejection> rejections) {}

  private ReadCases() {}

  static Result read(String request, String body) throws RecordException {
    JsonNode answer;
    try {
      answer = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new RecordException("the answer is not JSON: " + e.getOriginalMessage());
    }
    if (answer == null || !answer.isArray()) {
      String message = answer == null ? null : answer.path("message").asText(null);
      throw new RecordException(
          message == null
              ? "the answer is not a JSON array of days"
              : "the answer is an error: " + message);
    }
    Map<String, ConfirmedDay> byCountryAndDay = new LinkedHashMap<>();
    List<Rejection> rejections = new ArrayList<>();
    for (int i = 0; i < answer.size(); i++) {
      JsonNode o = answer.get(i);
      try {
        ConfirmedDay day = day(request, o);
        byCountryAndDay.remove(day.getCountryCode() + day.getDay());
        byCountryAndDay.put(day.getCountryCode() + day.getDay(), day);
      } catch (RecordException e) {
        rejections.add(new Rejection("$[" + i + "]", e.getMessage(), o.toString()));
      }
    }
    return new Result(List.copyOf(byCountryAndDay.values()), rejections);
  }

  private static ConfirmedDay day(String request, JsonNode o) throws RecordException {
    if (!o.isObject()) {
      throw new RecordException("a day is not a JSON object");
    }
    if (!o.path("Province").asText("").isEmpty()) {
      // One row per country and day: a province's count is not the country's.
      throw new RecordException("a province's row (" + o.get("Province").asText() + ")");
    }
    String code = o.path("CountryCode").asText("");
    if (!code.matches("[A-Z]{2}")) {
      throw new RecordException("CountryCode is not two capital letters: '" + code + "'");
    }
    String country = o.path("Country").asText("");
    if (country.isBlank()) {
      throw new RecordException("no Country");
    }
    long cases = cases(o.get("Cases"));
    String day;
    try {
      day =
          Instant.parse(o.path("Date").asText(""))
              .atOffset(ZoneOffset.UTC)
              .toLocalDate()
              .toString();
    } catch (DateTimeParseException e) {
      throw new RecordException("Date is not an ISO instant: '" + o.path("Date").asText("") + "'");
    }
    return ConfirmedDay.of(
        code,
        day,
        country,
        cases,
        coordinate(o.get("Lat"), "Lat", 90),
        coordinate(o.get("Lon"), "Lon", 180),
        request);
  }

  private static long cases(@Nullable JsonNode node) throws RecordException {
    long cases;
    if (node != null && node.isIntegralNumber() && node.canConvertToLong()) {
      cases = node.asLong();
    } else if (node != null && node.isTextual() && node.asText().trim().matches("-?[0-9]{1,18}")) {
      cases = Long.parseLong(node.asText().trim());
    } else {
      throw new RecordException("Cases is not a whole number: " + node);
    }
    if (cases < 0) {
      throw new RecordException("Cases is negative: " + cases);
    }
    return cases;
  }

  private static @Nullable Double coordinate(@Nullable JsonNode node, String name, double limit)
      throws RecordException {
    String text = node == null || node.isNull() ? "" : node.asText().trim();
    if (text.isEmpty()) {
      return null;
    }
    try {
      double value = Double.parseDouble(text);
      if (Math.abs(value) <= limit) {
        return value;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new RecordException(name + " is not a number within ±" + (int) limit + ": " + node);
  }
}
