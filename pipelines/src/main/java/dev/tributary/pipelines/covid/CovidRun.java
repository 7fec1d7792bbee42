package dev.tributary.pipelines.covid;

import dev.tributary.io.postgres.Postgres;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The report of a covid run: its days' balance and, per stored country, its series. */
final class CovidRun {
  static final String SERIES =
      "SELECT country, country_code, count(*), min(day), max(day),"
          + " (array_agg(cumulative ORDER BY day DESC))[1], count(*) FILTER (WHERE decrease)"
          + " FROM covid.daily_cases GROUP BY country, country_code ORDER BY country_code";

  private CovidRun() {}

  static void report(String jdbcUrl, RunSummary summary, PrintStream out) {
    out.println(CovidPipeline.DAYS + ": " + summary.changes(CovidPipeline.DAYS));
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(SERIES);
        ResultSet r = s.executeQuery()) {
      while (r.next()) {
        out.printf(
            "covid: %s (%s) days %d (%s..%s), cumulative at last %d, days with a decrease %d%n",
            r.getString(1),
            r.getString(2),
            r.getLong(3),
            r.getString(4),
            r.getString(5),
            r.getLong(6),
            r.getLong(7));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the covid report failed: " + e.getMessage(), e);
    }
  }
}
