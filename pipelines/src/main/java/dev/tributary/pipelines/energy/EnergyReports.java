package dev.tributary.pipelines.energy;

import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.runtime.QueryTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The energy reports, answered with the very SQL files of {@code infra/sql/queries/energy/} that
 * people run with psql: {@link Report#PRODUCTION_TREND}, {@link Report#UNDERPERFORMANCE} and {@link
 * Report#PRICE_VS_WIND}. A report's rows come back as PostgreSQL prints them (numbers rounded by
 * the query, {@code t}/{@code f}, null for NULL), for {@code scripts/energy.sh} and the tests. Days
 * are local days of {@link Request#zone}.
 */
final class EnergyReports {
  private EnergyReports() {}

  /** Which rows a report's days are the days of, when none are asked for. */
  private enum Covers {
    /** The country's public power. */
    POWER(
        "SELECT min(interval_start), max(interval_start) FROM energy.public_power"
            + " WHERE country = ?",
        false),
    /** The bidding zone's prices and the country's wind. */
    PRICES_AND_WIND(
        "SELECT least(p.first, w.first), greatest(p.last, w.last)"
            + " FROM (SELECT min(interval_start) AS first, max(interval_start) AS last"
            + "       FROM energy.public_power"
            + "       WHERE country = ? AND series IN ('wind_offshore', 'wind_onshore')) w,"
            + "      (SELECT min(interval_start) AS first, max(interval_start) AS last"
            + "       FROM energy.prices WHERE bzn = ?) p",
        true);

    /** Takes the country (and the bidding zone); answers the first and last interval start. */
    private final String span;

    private final boolean prices;

    Covers(String span, boolean prices) {
      this.span = span;
      this.prices = prices;
    }
  }

  /** A report: its name on the command line, its query and the rows it covers. */
  enum Report {
    /** Per local day and production type: MWh, time-weighted mean MW, hours reported. */
    PRODUCTION_TREND("production-trend", "production_trend.sql", Covers.POWER),
    /** Per 30-minute local slot and series: mean MW against the trailing four weeks' same slot. */
    UNDERPERFORMANCE("underperformance", "underperformance.sql", Covers.POWER),
    /** Per local day: the time-weighted mean day-ahead price beside wind offshore/onshore MWh. */
    PRICE_VS_WIND("price-vs-wind", "price_vs_wind.sql", Covers.PRICES_AND_WIND);

    /** The report's name in {@code scripts/energy.sh report NAME}. */
    final String command;

    /** The file under {@code infra/sql/queries/energy/}. */
    final String file;

    private final Covers covers;
    private final SqlFile query;

    Report(String command, String file, Covers covers) {
      this.command = command;
      this.file = file;
      this.covers = covers;
      this.query = SqlFile.load("sql/queries/energy/" + file);
    }

    /** The report called {@code command} on the command line, if there is one. */
    static Optional<Report> named(String command) {
      return Arrays.stream(values()).filter(r -> r.command.equals(command)).findFirst();
    }

    /** The reports' command-line names, in order. */
    static List<String> commands() {
      return Arrays.stream(values()).map(r -> r.command).toList();
    }

    /** Whether the report reads prices (and so takes a bidding zone). */
    boolean readsPrices() {
      return covers.prices;
    }
  }

  /**
   * What a report is asked: the country (public power) and bidding zone (prices), the zone whose
   * local days and slots it reports, the days (inclusive), and the underperformance flag's ratio
   * threshold and least expected MW. A report binds the values its query names.
   */
  record Request(
      String country,
      String bzn,
      ZoneId zone,
      LocalDate from,
      LocalDate to,
      double threshold,
      double minExpectedMw) {
    /** The psql variables of the query files. */
    Map<String, Object> values() {
      return Map.of(
          "country", country,
          "bzn", bzn,
          "zone", zone.getId(),
          "from", from.toString(),
          "to", to.toString(),
          "threshold", threshold,
          "min_expected_mw", minExpectedMw);
    }
  }

  /** The first and last local day a report's rows are stored for. */
  record Days(LocalDate first, LocalDate last) {}

  /** Runs {@code report}'s SQL file with the values of {@code request}. */
  static QueryTable run(String jdbcUrl, Report report, Request request) throws SQLException {
    return QueryTable.run(jdbcUrl, report.query, request.values());
  }

  /**
   * The first and last local day (in {@code zone}) that {@code report}'s rows are stored for: the
   * country's public power, for price-vs-wind the bidding zone's prices and the country's wind;
   * empty when none is.
   */
  static Optional<Days> storedDays(
      String jdbcUrl, Report report, String country, String bzn, ZoneId zone) throws SQLException {
    // The days as the reports' own SQL makes them: PostgreSQL's AT TIME ZONE, not Java's zone
    // rules.
    String days =
        "SELECT (first AT TIME ZONE ?)::date, (last AT TIME ZONE ?)::date FROM ("
            + report.covers.span
            + ") span (first, last)";
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(days)) {
      s.setString(1, zone.getId());
      s.setString(2, zone.getId());
      s.setString(3, country);
      if (report.covers.prices) {
        s.setString(4, bzn);
      }
      try (ResultSet r = s.executeQuery()) {
        r.next();
        LocalDate first = r.getObject(1, LocalDate.class);
        LocalDate last = r.getObject(2, LocalDate.class);
        return first == null ? Optional.empty() : Optional.of(new Days(first, last));
      }
    }
  }

  /** Whether public power is stored for {@code country}. */
  static boolean storesCountry(String jdbcUrl, String country) throws SQLException {
    return !strings(jdbcUrl, "SELECT 1 FROM energy.public_power WHERE country = ? LIMIT 1", country)
        .isEmpty();
  }

  /** Whether prices are stored for the bidding zone {@code bzn}. */
  static boolean storesBiddingZone(String jdbcUrl, String bzn) throws SQLException {
    return !strings(jdbcUrl, "SELECT 1 FROM energy.prices WHERE bzn = ? LIMIT 1", bzn).isEmpty();
  }

  /** The countries public power is stored for. */
  static List<String> countries(String jdbcUrl) throws SQLException {
    return strings(jdbcUrl, "SELECT DISTINCT country FROM energy.public_power ORDER BY 1");
  }

  /** The bidding zones prices are stored for. */
  static List<String> biddingZones(String jdbcUrl) throws SQLException {
    return strings(jdbcUrl, "SELECT DISTINCT bzn FROM energy.prices ORDER BY 1");
  }

  /** The first column of every row of {@code sql}, its parameters bound to {@code values}. */
  private static List<String> strings(String jdbcUrl, String sql, String... values)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setString(i + 1, values[i]);
      }
      try (ResultSet r = s.executeQuery()) {
        List<String> firsts = new ArrayList<>();
        while (r.next()) {
          firsts.add(r.getString(1));
        }
        return firsts;
      }
    }
  }
}
