package dev.tributary.pipelines.weather;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Postgres;
import dev.tributary.pipelines.runtime.IsoDurations;
import dev.tributary.pipelines.runtime.QueryTable;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What a weather run does around its graph: before it, its options checked and the cities of the
 * run registered in {@code weather.cities} (the readings' foreign key); after it, its report.
 */
final class WeatherRun {
  /** Cities of the latest readings a run's report shows. */
  private static final int LATEST_SHOWN = 10;

  private WeatherRun() {}

  /**
   * Checks the rate and window options, each one line if wrong, and turns {@code
   * --requestsPerMinute} into the HTTP source's rate.
   */
  static void checkOptions(WeatherOptions options) {
    double perMinute = options.getRequestsPerMinute();
    if (perMinute < 0) {
      throw new UsageException(
          "--requestsPerMinute must be 0 (no limit) or more, was " + perMinute);
    }
    options.setRequestsPerSecond(perMinute == 0 ? Double.MAX_VALUE : perMinute / 60);
    IsoDurations.positive(options.getUpdateEvery(), "--updateEvery");
    IsoDurations.positive(options.getAllowedLateness(), "--allowedLateness");
  }

  /**
   * Registers the cities and, when polling the API takes long because of its limit, says so: the
   * API's limit, not the pipeline, sets a poll's pace.
   */
  static void start(WeatherOptions options, List<City> cities, boolean fromApi, PrintStream out) {
    registerCities(options.getJdbcUrl(), cities);
    double perMinute = options.getRequestsPerMinute();
    if (fromApi && perMinute > 0 && cities.size() > perMinute / 6) {
      out.printf(
          "weather: %d cities at --requestsPerMinute=%s take about %.0f s a poll: the API's limit,"
              + " not the pipeline's%n",
          cities.size(),
          BigDecimal.valueOf(perMinute).stripTrailingZeros().toPlainString(),
          (cities.size() - 1) * 60 / perMinute);
    }
  }

  /** Inserts the cities, or updates a changed name or place; one transaction. */
  private static void registerCities(String jdbcUrl, List<City> cities) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO weather.cities (city_id, owm_id, name, country, lat, lon, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (city_id) DO UPDATE SET"
                    + " owm_id = EXCLUDED.owm_id, name = EXCLUDED.name, country = EXCLUDED.country,"
                    + " lat = EXCLUDED.lat, lon = EXCLUDED.lon, updated_at = now()"
                    + " WHERE (weather.cities.owm_id, weather.cities.name, weather.cities.country,"
                    + " weather.cities.lat, weather.cities.lon) IS DISTINCT FROM (EXCLUDED.owm_id,"
                    + " EXCLUDED.name, EXCLUDED.country, EXCLUDED.lat, EXCLUDED.lon)")) {
      c.setAutoCommit(false);
      for (City city : cities) {
        s.setLong(1, city.key());
        s.setLong(2, city.owmId());
        s.setString(3, city.name());
        s.setString(4, city.country());
        s.setDouble(5, city.lat());
        s.setDouble(6, city.lon());
        s.addBatch();
      }
      s.executeBatch();
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("registering the cities failed: " + e.getMessage(), e);
    }
  }

  /** The balance of readings, the derived rows the run wrote, the latest readings. */
  static void report(String jdbcUrl, RunSummary summary, PrintStream out) {
    out.println(WeatherPipeline.READINGS + ": " + summary.changes(WeatherPipeline.READINGS));
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT (SELECT count(*) FROM weather.daily_summaries WHERE run_id = ?),"
                    + " (SELECT count(*) FROM weather.hourly_temperatures WHERE run_id = ?)")) {
      s.setLong(1, summary.runId());
      s.setLong(2, summary.runId());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        out.printf(
            "derived: %d daily summaries and %d hourly moving averages new or changed in this run%n",
            r.getLong(1), r.getLong(2));
      }
      QueryTable latest = QueryTable.run(jdbcUrl, WeatherCli.LATEST, Map.of());
      out.println("latest readings (all: scripts/weather.sh latest):");
      out.print("  " + QueryTable.csvLine(latest.columns()));
      latest.rows().stream()
          .limit(LATEST_SHOWN)
          .forEach(row -> out.print("  " + QueryTable.csvLine(row)));
      if (latest.rows().size() > LATEST_SHOWN) {
        out.printf("  … and %d more cities%n", latest.rows().size() - LATEST_SHOWN);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the weather report failed: " + e.getMessage(), e);
    }
  }
}
