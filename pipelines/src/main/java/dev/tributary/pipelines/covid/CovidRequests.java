package dev.tributary.pipelines.covid;

import dev.tributary.io.UsageException;
import dev.tributary.io.http.ApiRequest;
import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.http.Urls;
import dev.tributary.io.postgres.StagedQuery;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The request of a covid run, from its options: one {@code GET
 * [/total]/country/{country}/status/confirmed?from=&to=}, the days as the API's UTC midnights. One
 * request suffices: the API answered a country without provinces for any range in one array.
 */
final class CovidRequests {
  static final String DATASET = "confirmed";

  private CovidRequests() {}

  /** The run's request, each option checked: one clear line for a bad one. */
  static HttpRequests http(CovidOptions options) {
    Request request = request(options);
    return HttpRequests.of(request.path(), List.of(ApiRequest.of(DATASET, request.url())));
  }

  /**
   * The run's answer as {@code covid.raw_responses} keeps it, to rebuild the days from with {@code
   * --source=staged} (no API): the request a run with these options makes.
   */
  static StagedQuery staged(CovidOptions options) {
    return new StagedQuery(
        options.getJdbcUrl(),
        "SELECT request, 0,\n body, fetched_at FROM covid.raw_responses WHERE request = ?",
        List.of(Urls.mask(request(options).url())));
  }

  /** The request's path without its query (what the API's probe asks) and its URL. */
  private record Request(String path, String url) {}

  private static Request request(CovidOptions options) {
    String apiUrl = options.getApiUrl().replaceAll("/+$", "");
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      throw new UsageException("--apiUrl must be an http:// or https:// URL, was '" + apiUrl + "'");
    }
    String country = options.getCountry();
    if (!country.matches("[a-z0-9-]+")) {
      throw new UsageException(
          "--country must be the API's slug (lower case, e.g. singapore), was '" + country + "'");
    }
    String endpoint = options.getEndpoint();
    if (!endpoint.equals("country") && !endpoint.equals("total")) {
      throw new UsageException("--endpoint must be country or total, was '" + endpoint + "'");
    }
    LocalDate from = day(options.getFrom(), "--from");
    LocalDate to = day(options.getTo(), "--to");
    if (from != null && to != null && to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }
    String path =
        apiUrl
            + (endpoint.equals("total") ? "/total" : "")
            + "/country/"
            + country
            + "/status/confirmed";
    StringBuilder url = new StringBuilder(path);
    if (from != null) {
      url.append("?from=").append(from).append("T00:00:00Z");
    }
    if (to != null) {
      url.append(from == null ? '?' : '&').append("to=").append(to).append("T00:00:00Z");
    }
    return new Request(path, url.toString());
  }

  private static @Nullable LocalDate day(@Nullable String value, String option) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          option + " must be a day (YYYY-MM-DD) or empty, was '" + value + "'");
    }
  }
}
