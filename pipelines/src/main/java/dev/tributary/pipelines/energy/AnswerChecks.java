package dev.tributary.pipelines.energy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.pipelines.energy.QualityCheck.Kind;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The data-quality checks of one answer: per check, how many things it looked at and how many
 * failed, with the first failure as an example. A run sums them per dataset ({@link CheckAnswers});
 * every check is reported for every answer it applies to, so a passed check is a row too.
 */
final class AnswerChecks {
  static final Set<String> UNITS = Set.of("EUR/MWh", "EUR / MWh", "EUR / megawatt_hour", "No Unit");
  private static final double MIN_PRICE = -500;
  private static final double MAX_PRICE = 4000;
  private static final long STALE_MILLIS = 6 * 3600_000L;

  private final List<CheckCount> counts = new ArrayList<>();
  private final ResponseReader.Result result;
  private final String dataset;

  private AnswerChecks(ResponseReader.Result result) {
    this.result = result;
    this.dataset = result.dataset.key;
  }

  /** The checks of {@code result}, the answer to {@code url} fetched at {@code fetchedAt}. */
  static List<CheckCount> of(ResponseReader.Result result, String url, Instant fetchedAt) {
    AnswerChecks checks = new AnswerChecks(result);
    checks.check(url, fetchedAt);
    return checks.counts;
  }

  private void check(String url, Instant fetchedAt) {
    JsonNode root = result.root != null && result.root.isObject() ? result.root : null;
    count(
        Kind.DEPRECATED, root != null && root.path("deprecated").asBoolean(false) ? 1 : 0, 1, url);
    @Nullable LocalDate day = requestedDay(url);
    ZoneId zone = Areas.zone(result.raw.getArea());
    boolean over =
        day == null || !day.plusDays(1).atStartOfDay(zone).toInstant().isAfter(toJava(fetchedAt));
    count(Kind.EMPTY_ANSWER, over && result.valuesRead == 0 ? 1 : 0, 1, url);
    if (result.dataset == Dataset.INSTALLED_POWER) {
      names(result.installed.stream().map(InstalledValue::getName));
      negatives(
          result.installed.stream()
              .filter(v -> v.getMeasure().equals("installed"))
              .map(v -> new AbstractMap.SimpleImmutableEntry<>(v.getName(), v.getValue())));
      return;
    }
    if (root == null) {
      return;
    }
    long nulls =
        Stream.concat(
                result.power.stream().map(PowerValue::getValue),
                result.prices.stream().map(PriceValue::getPrice))
            .filter(Objects::isNull)
            .count();
    count(Kind.NULL_SHARE, nulls, result.power.size() + result.prices.size(), "");
    JsonNode stamps = root.path("unix_seconds");
    long distinct = distinct(stamps);
    count(Kind.DUPLICATE_TIMESTAMPS, stamps.size() - distinct, stamps.size(), url);
    lengths(root, stamps.size());
    if (day != null && over) {
      int spacing = result.raw.getFirstInterval() == null ? 900 : spacing();
      long expected =
          java.time.Duration.between(
                      day.atStartOfDay(zone).toInstant(),
                      day.plusDays(1).atStartOfDay(zone).toInstant())
                  .toSeconds()
              / spacing;
      long missing = Math.max(0, expected - distinct);
      count(Kind.MISSING_INTERVALS, missing, expected, missing > 0 ? day + " " + url : "");
    }
    if (day != null && !over && result.raw.getLastInterval() != null) {
      boolean stale =
          result.raw.getLastInterval().getMillis() < fetchedAt.getMillis() - STALE_MILLIS;
      count(
          Kind.STALE_DATA, stale ? 1 : 0, 1, stale ? "newest " + result.raw.getLastInterval() : "");
    }
    if (result.dataset == Dataset.PRICE) {
      String unit = root.path("unit").asText("");
      count(Kind.UNKNOWN_UNIT, UNITS.contains(unit) ? 0 : 1, 1, UNITS.contains(unit) ? "" : unit);
      List<Double> prices =
          result.prices.stream().map(PriceValue::getPrice).filter(Objects::nonNull).toList();
      Predicate<Double> outside = p -> p < MIN_PRICE || p > MAX_PRICE;
      count(
          Kind.PRICE_OUT_OF_BAND,
          prices.stream().filter(outside).count(),
          prices.size(),
          prices.stream().filter(outside).findFirst().map(String::valueOf).orElse(""));
    } else {
      names(result.power.stream().map(PowerValue::getName));
      negatives(
          result.power.stream()
              .map(v -> new AbstractMap.SimpleImmutableEntry<>(v.getName(), v.getValue())));
    }
  }

  private int spacing() {
    return Stream.concat(
            result.power.stream().map(PowerValue::getIntervalSeconds),
            result.prices.stream().map(PriceValue::getIntervalSeconds))
        .min(Integer::compare)
        .orElse(900);
  }

  private void lengths(JsonNode root, int stamps) {
    Map<String, JsonNode> series = new java.util.LinkedHashMap<>();
    root.path("production_types")
        .forEach(t -> series.put(t.path("name").asText("?"), t.path("data")));
    if (root.has("price")) {
      series.put("price", root.path("price"));
    }
    List<String> mismatched =
        series.entrySet().stream()
            .filter(e -> e.getValue().isArray() && e.getValue().size() != stamps)
            .map(e -> e.getKey() + ": " + e.getValue().size() + " values for " + stamps + " stamps")
            .toList();
    count(
        Kind.LENGTH_MISMATCH,
        mismatched.size(),
        series.size(),
        mismatched.isEmpty() ? "" : mismatched.get(0));
  }

  private void names(Stream<String> names) {
    Set<String> seen = new HashSet<>();
    names.forEach(seen::add);
    List<String> unknown =
        seen.stream().filter(n -> !KnownSeries.KEYS.contains(SeriesKeys.of(n))).sorted().toList();
    count(Kind.UNKNOWN_NAME, unknown.size(), seen.size(), String.join(", ", unknown));
  }

  private void negatives(Stream<Map.Entry<String, Double>> values) {
    long[] checked = {0};
    List<String> negative = new ArrayList<>();
    values
        .filter(e -> !KnownSeries.mayBeNegative(SeriesKeys.of(e.getKey())))
        .filter(e -> e.getValue() != null)
        .forEach(
            e -> {
              checked[0]++;
              if (e.getValue() < 0) {
                negative.add(e.getKey() + " " + e.getValue());
              }
            });
    count(
        Kind.NEGATIVE_VALUES,
        negative.size(),
        checked[0],
        negative.isEmpty() ? "" : negative.get(0));
  }

  private void count(Kind kind, long failures, long total, String example) {
    counts.add(CheckCount.of(dataset, kind, failures, total, failures > 0 ? example : ""));
  }

  private static long distinct(JsonNode stamps) {
    Set<String> seen = new HashSet<>();
    stamps.forEach(s -> seen.add(s.asText()));
    return seen.size();
  }

  /** The local day a daily-format request asks for ({@code start=YYYY-MM-DD}), else null. */
  private static @Nullable LocalDate requestedDay(String url) {
    try {
      return LocalDate.parse(ResponseReader.query(url).getOrDefault("start", ""));
    } catch (DateTimeParseException e) {
      return null; // not the daily format: no day to hold the answer to
    }
  }

  private static java.time.Instant toJava(Instant instant) {
    return java.time.Instant.ofEpochMilli(instant.getMillis());
  }
}
