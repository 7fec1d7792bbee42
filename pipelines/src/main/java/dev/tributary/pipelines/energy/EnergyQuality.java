package dev.tributary.pipelines.energy;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The data-quality checks a run stored in {@code energy.quality_checks}, summed over its days. */
final class EnergyQuality {
  /** One check of one dataset over a run. */
  record Outcome(
      String dataset,
      String check,
      String severity,
      long failures,
      long total,
      boolean passed,
      String example) {
    /** {@code public_power null_share: 672 of 14112 (e.g. ...)}. */
    @Override
    public String toString() {
      return String.format(
          "%s %s: %d of %d%s",
          dataset, check, failures, total, example.isEmpty() ? "" : " (" + example + ")");
    }
  }

  private EnergyQuality() {}

  /** The last energy run's id, 0 when there is none. */
  static long lastRun(String jdbcUrl) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT coalesce(max(run_id), 0) FROM ops.ingestion_runs WHERE pipeline = 'energy'");
        ResultSet r = s.executeQuery()) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the energy runs: " + e.getMessage(), e);
    }
  }

  static List<Outcome> of(String jdbcUrl, long runId) {
    String sql =
        "SELECT dataset, check_name, min(severity), sum(failures), sum(total), bool_and(passed),"
            + " coalesce(min(nullif(example, '')), '')"
            + " FROM energy.quality_checks WHERE run_id = ? GROUP BY 1, 2"
            + " ORDER BY min(severity), 1, 2";
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(sql)) {
      s.setLong(1, runId);
      List<Outcome> outcomes = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          outcomes.add(
              new Outcome(
                  r.getString(1),
                  r.getString(2),
                  r.getString(3),
                  r.getLong(4),
                  r.getLong(5),
                  r.getBoolean(6),
                  r.getString(7)));
        }
      }
      return outcomes;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the run's quality checks: " + e.getMessage(), e);
    }
  }
}
