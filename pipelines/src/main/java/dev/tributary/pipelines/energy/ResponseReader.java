package dev.tributary.pipelines.energy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Reads one Energy-Charts answer into the rows it holds, value {@code i} of a series with {@code
 * unix_seconds[i]} (or {@code time[i]}): never a cartesian product, never by position of a name.
 * What cannot be aligned is rejected with its reason and the number of values it takes along: a
 * series whose length differs from the timestamps', a value whose timestamp is missing, repeated or
 * not a whole number, a value that is not a number. Nulls are kept: the API sends them for
 * intervals not reported yet.
 */
final class ResponseReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MONTH = Pattern.compile("(\\d{2})\\.(\\d{4})");
  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final int RAW_CHARACTERS = 1024;

  /** Values rejected at {@code path} ({@code $.production_types[3]}), and why. */
  record Rejection(String path, String reason, long values, String raw) {}

  /** What one answer held. */
  static final class Result {
    final Dataset dataset;
    @Nullable RawResponse raw;
    final List<PowerValue> power = new ArrayList<>();
    final List<PriceValue> prices = new ArrayList<>();
    final List<InstalledValue> installed = new ArrayList<>();
    final List<Rejection> rejections = new ArrayList<>();
    long valuesRead;

    /** The parsed answer, for the quality checks. */
    final @Nullable JsonNode root;

    Result(Dataset dataset, @Nullable JsonNode root) {
      this.dataset = dataset;
      this.root = root;
    }
  }

  private ResponseReader() {}

  /**
   * Reads {@code body}, the answer to {@code url} (secrets masked) fetched at {@code fetchedAt};
   * throws {@link JsonProcessingException} when the body is not JSON at all.
   */
  static Result read(String url, String body, Instant fetchedAt) throws JsonProcessingException {
    Dataset dataset = Dataset.ofRequest(url);
    JsonNode root = JSON.readTree(body);
    Result result = new Result(dataset, root);
    Map<String, String> query = query(url);
    String area =
        dataset == Dataset.PRICE
            ? query.getOrDefault("bzn", "DE-LU")
            : query.getOrDefault("country", "de");
    Stamps stamps = Stamps.of(root != null ? root.get("unix_seconds") : null);
    if (root != null && root.isObject()) { // else stored as received; the checks say what is wrong
      switch (dataset) {
        case PUBLIC_POWER ->
            forEachSeries(
                root,
                result,
                (name, i, value) ->
                    result.power.add(
                        PowerValue.of(
                            area, name, stamps.start(i), stamps.seconds(i), value, fetchedAt)),
                stamps);
        case PRICE -> {
          String unit = root.path("unit").asText("");
          JsonNode prices = root.get("price");
          if (prices != null && prices.isArray()) {
            alignSeries(
                "$.price",
                prices,
                stamps,
                result,
                (i, value) ->
                    result.prices.add(
                        PriceValue.of(
                            area, stamps.start(i), stamps.seconds(i), value, unit, fetchedAt)));
          }
        }
        case INSTALLED_POWER -> readInstalled(root, query, fetchedAt, result);
      }
    }
    result.raw =
        RawResponse.of(
            url,
            dataset.key,
            area,
            stamps.first(),
            stamps.last(),
            result.valuesRead,
            body,
            fetchedAt);
    return result;
  }

  private static void readInstalled(
      JsonNode root, Map<String, String> query, Instant fetchedAt, Result result) {
    String country = query.getOrDefault("country", "de");
    String timeStep = query.getOrDefault("time_step", "yearly");
    boolean net = Boolean.parseBoolean(query.getOrDefault("installation_decommission", "false"));
    ZoneId zone = Areas.zone(country);
    Stamps periods = Stamps.ofPeriods(root.get("time"), zone);
    forEachSeries(
        root,
        result,
        (name, i, value) ->
            result.installed.add(
                InstalledValue.of(
                    country,
                    timeStep,
                    net ? "net_installation" : "installed",
                    name,
                    periods.start(i),
                    periods.label(i),
                    unit(name, net, timeStep),
                    value,
                    fetchedAt)),
        periods);
  }

  /** GW, GWh for battery capacity; net installations per month in MW (the spec says so). */
  private static String unit(String name, boolean net, String timeStep) {
    if (net && timeStep.equals("monthly")) {
      return "MW";
    }
    return name.toLowerCase(Locale.ROOT).contains("capacity") ? "GWh" : "GW";
  }

  private interface NamedValue {
    void accept(String name, int index, @Nullable Double value);
  }

  private interface IndexedValue {
    void accept(int index, @Nullable Double value);
  }

  /** Each named series of {@code production_types}, aligned with {@code stamps}. */
  private static void forEachSeries(
      JsonNode root, Result result, NamedValue values, Stamps stamps) {
    JsonNode series = root.get("production_types");
    if (series == null || !series.isArray()) {
      return;
    }
    for (int j = 0; j < series.size(); j++) {
      JsonNode one = series.get(j);
      String path = "$.production_types[" + j + "]";
      JsonNode data = one.get("data");
      if (data == null || !data.isArray()) {
        continue; // no values to account for; the quality checks report the series
      }
      JsonNode name = one.get("name");
      if (name == null || !name.isTextual() || name.asText().isBlank()) {
        result.valuesRead += data.size();
        reject(result, path, "a series without a name", data.size(), one);
        continue;
      }
      alignSeries(
          path + ".data", data, stamps, result, (i, v) -> values.accept(name.asText(), i, v));
    }
  }

  /** Value i with stamp i: a series of another length is rejected whole, bad values one by one. */
  private static void alignSeries(
      String path, JsonNode data, Stamps stamps, Result result, IndexedValue values) {
    result.valuesRead += data.size();
    if (data.size() != stamps.size()) {
      reject(
          result,
          path,
          String.format(
              "%d values for %d %s: they cannot be aligned",
              data.size(), stamps.size(), stamps.what()),
          data.size(),
          data);
      return;
    }
    for (int i = 0; i < data.size(); i++) {
      JsonNode value = data.get(i);
      String problem = stamps.problem(i);
      if (problem == null && !value.isNull() && !value.isNumber()) {
        problem = "not a number: " + value;
      }
      if (problem != null) {
        reject(result, path + "[" + i + "]", problem, 1, value);
      } else {
        values.accept(i, value.isNull() ? null : value.doubleValue());
      }
    }
  }

  private static void reject(Result result, String path, String reason, long values, JsonNode at) {
    String raw = at.toString();
    result.rejections.add(
        new Rejection(
            path,
            reason,
            values,
            raw.length() > RAW_CHARACTERS ? raw.substring(0, RAW_CHARACTERS) : raw));
  }

  /** The query parameters of {@code url}, decoded. */
  static Map<String, String> query(String url) {
    Map<String, String> query = new HashMap<>();
    String raw = URI.create(url).getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          query.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return query;
  }

  /** The period labels of {@code /installed_power}: {@code 2002} or {@code 01.2002}. */
  static @Nullable LocalDate periodStart(String label) {
    Matcher month = MONTH.matcher(label);
    if (month.matches()) {
      int m = Integer.parseInt(month.group(1));
      return m >= 1 && m <= 12 ? LocalDate.of(Integer.parseInt(month.group(2)), m, 1) : null;
    }
    return YEAR.matcher(label).matches() ? LocalDate.of(Integer.parseInt(label), 1, 1) : null;
  }
}
