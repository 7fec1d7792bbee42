package dev.tributary.io.runs;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code ops.ingestion_runs} table: one row per pipeline run with its status, and the totals of
 * its first level that the run's {@link Ledger} keeps there. A trigger on the table publishes every
 * change with {@code NOTIFY} on {@link #CHANNEL}, so recording a status and pushing it to listeners
 * are one write (infra/sql/postgres/V1 and V7).
 */
public final class IngestionRuns {
  /** The NOTIFY channel; each payload is the run's row as JSON plus the {@code event} name. */
  public static final String CHANNEL = "tributary_ingestion";

  private IngestionRuns() {}

  /** How a run ended, as {@link #load} reads it back. */
  public record Run(long runId, String pipeline, String status, double seconds, String message) {
    /** The run ended by itself or was stopped, rather than failing or still running. */
    public boolean ended() {
      return status.equals("finished") || status.equals("stopped");
    }
  }

  /**
   * Records a new run (event {@code started}) of {@code pipeline} whose records are of {@code
   * level}, and returns its ledger.
   */
  public static Ledger start(
      String jdbcUrl, String pipeline, String input, long expectedRows, String level) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO ops.ingestion_runs (pipeline, input, rows_expected, level)"
                    + " VALUES (?, ?, ?, ?) RETURNING run_id")) {
      s.setString(1, pipeline);
      s.setString(2, input);
      s.setLong(3, expectedRows);
      s.setString(4, level);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new Ledger(jdbcUrl, r.getLong(1), level);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not record the run in ops.ingestion_runs: " + e.getMessage(), e);
    }
  }

  /** Marks the run finished, or stopped (a stream someone ended): events of the same names. */
  public static void finish(String jdbcUrl, long runId, boolean stopped) {
    String status = stopped ? "stopped" : "finished";
    try {
      end(jdbcUrl, runId, status, null);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not mark run " + runId + " " + status + ": " + e.getMessage(), e);
    }
  }

  /** Marks the run failed (event {@code failed}) with the reason users will read. */
  public static void fail(String jdbcUrl, long runId, String reason) {
    try {
      end(jdbcUrl, runId, "failed", reason);
    } catch (SQLException | RuntimeException e) {
      // The run already failed; its cause matters more than this bookkeeping error.
    }
  }

  /** A run ends once: whoever records its end first (the job, or a stop at exit) is kept. */
  private static void end(String jdbcUrl, long runId, String status, String message)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE ops.ingestion_runs SET status = ?, last_event = ?, message = ?,"
                    + " rows_read = coalesce(rows_read, 0), finished_at = clock_timestamp(),"
                    + " updated_at = clock_timestamp() WHERE run_id = ? AND status = 'running'")) {
      s.setString(1, status);
      s.setString(2, status);
      s.setString(3, message);
      s.setLong(4, runId);
      s.executeUpdate();
    }
  }

  /** The run as recorded: status, how long it took (so far), why it failed. */
  public static Run load(String jdbcUrl, long runId) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT pipeline, status, extract(epoch FROM coalesce(finished_at,"
                    + " clock_timestamp()) - started_at), coalesce(message, '')"
                    + " FROM ops.ingestion_runs WHERE run_id = ?")) {
      s.setLong(1, runId);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          throw new IllegalStateException("no run " + runId + " in ops.ingestion_runs");
        }
        return new Run(runId, r.getString(1), r.getString(2), r.getDouble(3), r.getString(4));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read run " + runId + ": " + e.getMessage(), e);
    }
  }
}
