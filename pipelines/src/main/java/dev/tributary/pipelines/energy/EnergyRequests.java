package dev.tributary.pipelines.energy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.UsageException;
import dev.tributary.io.http.ApiRequest;
import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.http.Urls;
import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.pipelines.runtime.IsoDurations;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.joda.time.Instant;

/**
 * The requests of an energy run, from its options: per local day and dataset one daily-format
 * request ({@code start=end=YYYY-MM-DD}, which the API reads as that day in the area's zone), and
 * the installed power once per run (yearly; and monthly, which the API has for Germany only).
 */
final class EnergyRequests implements Serializable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String apiUrl;
  private final String country;
  private final String bzn;
  private final LocalDate start;
  private final LocalDate end;
  private final Set<Dataset> datasets;

  private EnergyRequests(EnergyOptions options) {
    this.apiUrl = options.getApiUrl().replaceAll("/+$", "");
    this.country = options.getCountry();
    this.bzn = options.getBzn();
    this.start = day(options.getStart(), "--start");
    this.end = day(options.getEnd(), "--end");
    if (end.isBefore(start)) {
      throw new UsageException("--end " + end + " is before --start " + start);
    }
    this.datasets =
        Arrays.stream(options.getDatasets().split(","))
            .filter(s -> !s.isBlank())
            .map(Dataset::named)
            .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(Dataset.class)));
    if (datasets.isEmpty()) {
      throw new UsageException("--datasets names no dataset; datasets: " + Dataset.keys());
    }
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      throw new UsageException("--apiUrl must be an http:// or https:// URL, was '" + apiUrl + "'");
    }
  }

  /** The requests of {@code options}, each option checked: one clear line for a bad one. */
  static EnergyRequests of(EnergyOptions options) {
    return new EnergyRequests(options);
  }

  /**
   * What the run asks the API: in a batch the backfill window, every day of it per daily dataset
   * and the installed power once; a stream fetches the same once and then, at every tick of a
   * dataset's schedule, the days from {@code --refetchDays} before today up to today (prices also
   * tomorrow's: they are day-ahead).
   */
  HttpRequests http(EnergyOptions options) {
    int refetch = options.getRefetchDays();
    if (refetch < 0) {
      throw new UsageException("--refetchDays must be 0 or more, was " + refetch);
    }
    Set<String> stored = Set.copyOf(options.getStoredRequests());
    List<ApiRequest> backfill = new ArrayList<>();
    for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
      for (ApiRequest request : dailyOn(day)) {
        boolean recent = !day.isBefore(today(Instant.now(), area(request)).minusDays(refetch));
        if (recent || !stored.contains(request.getUrl())) {
          backfill.add(request);
        }
      }
    }
    backfill.addAll(installed());
    HttpRequests requests = HttpRequests.of(apiUrl + "/", backfill);
    if (datasets.contains(Dataset.PUBLIC_POWER)) {
      requests =
          requests.every(
              IsoDurations.positive(options.getPublicPowerEvery(), "--publicPowerEvery"),
              tick -> {
                LocalDate today = today(tick, country);
                return daily(Dataset.PUBLIC_POWER, today.minusDays(refetch), today);
              });
    }
    if (datasets.contains(Dataset.PRICE)) {
      requests =
          requests.every(
              IsoDurations.positive(options.getPriceEvery(), "--priceEvery"),
              tick -> {
                LocalDate today = today(tick, bzn);
                return daily(Dataset.PRICE, today.minusDays(refetch), today.plusDays(1));
              });
    }
    if (datasets.contains(Dataset.INSTALLED_POWER)) {
      requests =
          requests.every(
              IsoDurations.positive(options.getInstalledPowerEvery(), "--installedPowerEvery"),
              tick -> installed());
    }
    return requests;
  }

  /** Every request of the window: what the cursor is looked up for. */
  List<String> window() {
    List<String> urls = new ArrayList<>();
    for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
      dailyOn(day).forEach(r -> urls.add(r.getUrl()));
    }
    return urls;
  }

  /**
   * The window's answers as {@code energy.raw_responses} keeps them (the latest per request), to
   * rebuild the tables from with {@code --source=staged}: the requests a batch would make, the
   * stored ones included, under the same {@code --apiUrl}.
   */
  StagedQuery staged(String jdbcUrl) {
    List<String> urls = new ArrayList<>(window());
    installed().forEach(request -> urls.add(request.getUrl()));
    String json;
    try {
      json = JSON.writeValueAsString(urls.stream().map(Urls::mask).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new StagedQuery(
        jdbcUrl,
        "SELECT request, 0,\n body, fetched_at FROM energy.raw_responses"
            + " WHERE request IN (SELECT jsonb_array_elements_text(?::jsonb))",
        List.of(json));
  }

  private List<ApiRequest> dailyOn(LocalDate day) {
    List<ApiRequest> requests = new ArrayList<>(daily(Dataset.PUBLIC_POWER, day, day));
    requests.addAll(daily(Dataset.PRICE, day, day));
    return requests;
  }

  private String area(ApiRequest request) {
    return request.getDataset().equals(Dataset.PRICE.key) ? bzn : country;
  }

  private static LocalDate today(Instant tick, String area) {
    return java.time.Instant.ofEpochMilli(tick.getMillis()).atZone(Areas.zone(area)).toLocalDate();
  }

  /** One request per day {@code from} … {@code to} of a daily dataset, if it is asked for. */
  private List<ApiRequest> daily(Dataset dataset, LocalDate from, LocalDate to) {
    List<ApiRequest> requests = new ArrayList<>();
    if (!datasets.contains(dataset)) {
      return requests;
    }
    Map<String, String> area =
        dataset == Dataset.PRICE ? Map.of("bzn", bzn) : Map.of("country", country);
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      Map<String, String> query = new LinkedHashMap<>(area);
      query.put("start", day.toString());
      query.put("end", day.toString());
      requests.add(ApiRequest.of(dataset.key, url(dataset, query)));
    }
    return requests;
  }

  /** The installed power: yearly, and monthly for Germany. */
  List<ApiRequest> installed() {
    if (!datasets.contains(Dataset.INSTALLED_POWER)) {
      return List.of();
    }
    List<ApiRequest> requests = new ArrayList<>();
    for (String step : country.equals("de") ? List.of("yearly", "monthly") : List.of("yearly")) {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("country", country);
      query.put("time_step", step);
      query.put("installation_decommission", "false");
      requests.add(ApiRequest.of(Dataset.INSTALLED_POWER.key, url(Dataset.INSTALLED_POWER, query)));
    }
    return requests;
  }

  private String url(Dataset dataset, Map<String, String> query) {
    return apiUrl
        + "/"
        + dataset.key
        + "?"
        + query.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
  }

  private static LocalDate day(String value, String option) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " must be a day as YYYY-MM-DD, was '" + value + "'");
    }
  }
}
