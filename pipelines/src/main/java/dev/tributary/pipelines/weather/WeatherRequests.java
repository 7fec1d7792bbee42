package dev.tributary.pipelines.weather;

import dev.tributary.io.UsageException;
import dev.tributary.io.http.ApiRequest;
import dev.tributary.io.http.HttpRequests;
import dev.tributary.io.postgres.StagedQuery;
import dev.tributary.pipelines.runtime.IsoDurations;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * The requests of a weather run, from its options: one {@code GET /data/2.5/weather?lat=&lon=} per
 * city (by coordinates: OWM's own geocoder is deprecated), once in a batch and at every {@code
 * --interval} in a stream; and the stored answers a rebuild ({@code --source=staged}) or a run's
 * derived tables read back.
 */
final class WeatherRequests implements Serializable {
  static final String DATASET = "weather";
  static final String PATH = "/data/2.5/weather";
  private static final Set<String> UNITS = Set.of("standard", "metric", "imperial");

  private final String apiUrl;
  private final String apiKey;
  private final String units;
  private final List<City> cities;

  private WeatherRequests(WeatherOptions options) {
    this.apiUrl = options.getApiUrl().replaceAll("/+$", "");
    if (!apiUrl.startsWith("http://") && !apiUrl.startsWith("https://")) {
      throw new UsageException("--apiUrl must be an http:// or https:// URL, was '" + apiUrl + "'");
    }
    this.apiKey = key(options.getApiKey(), apiUrl);
    this.units = options.getUnits();
    if (!UNITS.contains(units)) {
      throw new UsageException("--units must be standard, metric or imperial, was '" + units + "'");
    }
    this.cities = chosen(City.read(Path.of(options.getCities())), options.getCity());
  }

  /** The requests of {@code options}, each option checked: one clear line for a bad one. */
  static WeatherRequests of(WeatherOptions options) {
    return new WeatherRequests(options);
  }

  List<City> cities() {
    return cities;
  }

  /** A batch asks for every city once; a stream again at every {@code --interval}. */
  HttpRequests http(WeatherOptions options) {
    Duration every = IsoDurations.positive(options.getInterval(), "--interval");
    List<ApiRequest> poll = cities.stream().map(this::request).toList();
    return HttpRequests.of(apiUrl + PATH, poll).every(every, tick -> poll);
  }

  private ApiRequest request(City city) {
    return ApiRequest.of(
        DATASET,
        apiUrl
            + PATH
            + "?lat="
            + String.format(Locale.ROOT, "%.4f", city.lat())
            + "&lon="
            + String.format(Locale.ROOT, "%.4f", city.lon())
            + "&units="
            + units
            + "&appid="
            + java.net.URLEncoder.encode(apiKey, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The stored answers of the run's cities (the latest per reading), each at the offset of its
   * reading's epoch milliseconds so that every reading is a record of its own: all of them, to
   * rebuild every table from ({@code --source=staged}).
   */
  StagedQuery stored(String jdbcUrl) {
    return recent(jdbcUrl, -1);
  }

  /**
   * The stored answers of each city from {@code hours} before its latest stored reading on: what
   * completes the days and hours a poll's readings fall in (the store's time, not the machine's, so
   * a replay of another day works the same). Negative: all.
   */
  StagedQuery recent(String jdbcUrl, int hours) {
    String ids = cities.stream().map(c -> Long.toString(c.key())).collect(Collectors.joining(","));
    return new StagedQuery(
        jdbcUrl,
        "SELECT request,\n (extract(epoch FROM observed_at) * 1000)::bigint, body, fetched_at"
            + " FROM weather.raw_responses r"
            + " JOIN (SELECT city_id,\n max(observed_at) AS latest FROM weather.raw_responses"
            + " WHERE city_id = ANY (string_to_array(?, ',')::bigint[]) GROUP BY city_id) l"
            + " USING (city_id)"
            + " WHERE ?::integer < 0 OR r.observed_at >= l.latest - make_interval(hours => ?::integer)"
            + " ORDER BY city_id, observed_at",
        List.of(ids, Integer.toString(hours), Integer.toString(hours)));
  }

  private static List<City> chosen(List<City> all, List<String> ids) {
    Set<String> wanted = new HashSet<>();
    ids.forEach(i -> wanted.addAll(List.of(i.split(","))));
    wanted.removeIf(String::isBlank);
    if (wanted.isEmpty()) {
      return all;
    }
    List<City> chosen = all.stream().filter(c -> wanted.remove(Long.toString(c.owmId()))).toList();
    if (!wanted.isEmpty()) {
      throw new UsageException(
          "--city "
              + String.join(",", wanted)
              + ": not an id of --cities (the file's first column)");
    }
    return chosen;
  }

  /** The key; the local replay server takes any, so a loopback URL needs none. */
  private static String key(@Nullable String apiKey, String apiUrl) {
    if (apiKey != null && !apiKey.isBlank()) {
      return apiKey;
    }
    String host = URI.create(apiUrl).getHost();
    if ("127.0.0.1".equals(host) || "localhost".equals(host)) {
      return "replay";
    }
    throw new UsageException(
        "no API key for " + apiUrl + ": set OPENWEATHER_API_KEY or pass --apiKey");
  }
}
