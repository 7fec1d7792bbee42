package dev.tributary.pipelines.energy;

import dev.tributary.io.UsageException;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Energy-Charts datasets the job loads: each is an API path, a level of the run's counts (read
 * = written + rejected per dataset) and a table of the {@code energy} schema.
 */
enum Dataset {
  PUBLIC_POWER("public_power", "energy.public_power"),
  PRICE("price", "energy.prices"),
  INSTALLED_POWER("installed_power", "energy.installed_power");

  /** The API path, the option's value, the run's level and the raw responses' dataset. */
  final String key;

  final String table;

  Dataset(String key, String table) {
    this.key = key;
    this.table = table;
  }

  /** {@code public_power} → PUBLIC_POWER, one clear line for anything else. */
  static Dataset named(String key) {
    return Arrays.stream(values())
        .filter(d -> d.key.equals(key.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new UsageException(
                    "unknown dataset '" + key + "' in --datasets; datasets: " + keys()));
  }

  /** The dataset a request's URL asks for: its path's last segment. */
  static Dataset ofRequest(String url) {
    String path = URI.create(url).getPath();
    return named(path.substring(path.lastIndexOf('/') + 1));
  }

  static String keys() {
    return Arrays.stream(values()).map(d -> d.key).collect(Collectors.joining(","));
  }
}
