package dev.tributary.io.status;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The {@code ingestion_runs} table: one row per pipeline run with its status and counts. A trigger
 * on the table publishes every change with {@code NOTIFY} on {@link #CHANNEL}, so recording a
 * status and pushing it to listeners are one write (see V1 in infra/sql/postgres/). Sinks add their
 * counts inside their own write transactions, so the counts never run ahead of the data.
 */
public final class IngestionRuns {
  /** The NOTIFY channel; each payload is the run's row as JSON plus the {@code event} name. */
  public static final String CHANNEL = "tributary_ingestion";

  private IngestionRuns() {}

  /** Records a new run (event {@code started}) and returns its id. */
  public static long start(String jdbcUrl, String pipeline, String input, long expectedRows) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO ingestion_runs (pipeline, input, rows_expected) VALUES (?, ?, ?) RETURNING run_id")) {
      s.setString(1, pipeline);
      s.setString(2, input);
      s.setLong(3, expectedRows);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not record the run in ingestion_runs: " + e.getMessage(), e);
    }
  }

  /**
   * Adds a committed bundle's rows (event {@code progress}); call inside the bundle's transaction.
   */
  public static void addWritten(Connection c, long runId, long written, long inserted)
      throws SQLException {
    update(
        c,
        "UPDATE ingestion_runs SET rows_written = rows_written + ?, rows_new = rows_new + ?,"
            + " last_event = 'progress', updated_at = clock_timestamp() WHERE run_id = ?",
        written,
        inserted,
        runId);
  }

  /** Adds records read (event {@code progress}); {@link CountRead} calls it once per bundle. */
  public static void addRead(Connection c, long runId, long read) throws SQLException {
    update(
        c,
        "UPDATE ingestion_runs SET rows_read = coalesce(rows_read, 0) + ?,"
            + " last_event = 'progress', updated_at = clock_timestamp() WHERE run_id = ?",
        read,
        runId);
  }

  /** Adds rejected records (event {@code rejected}); call inside the dead letters' transaction. */
  public static void addRejected(Connection c, long runId, long rejected) throws SQLException {
    update(
        c,
        "UPDATE ingestion_runs SET rows_rejected = rows_rejected + ?,"
            + " last_event = 'rejected', updated_at = clock_timestamp() WHERE run_id = ?",
        rejected,
        runId);
  }

  /** Marks the run finished (event {@code finished}); no record counted as read is 0 read. */
  public static void finish(String jdbcUrl, long runId) {
    finish(jdbcUrl, runId, 0);
  }

  /**
   * Marks the run finished, adding {@code read} records read: for pipelines that count what they
   * read with Beam metrics rather than {@link CountRead}.
   */
  public static void finish(String jdbcUrl, long runId, long read) {
    try (Connection c = Postgres.connect(jdbcUrl)) {
      update(
          c,
          "UPDATE ingestion_runs SET status = 'finished', last_event = 'finished',"
              + " rows_read = coalesce(rows_read, 0) + ?, finished_at = clock_timestamp(),"
              + " updated_at = clock_timestamp() WHERE run_id = ?",
          read,
          runId);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not mark run " + runId + " finished: " + e.getMessage(), e);
    }
  }

  /** Marks the run failed (event {@code failed}) with the reason users will read. */
  public static void fail(String jdbcUrl, long runId, String reason) {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "UPDATE ingestion_runs SET status = 'failed', last_event = 'failed', message = ?,"
                    + " finished_at = clock_timestamp(), updated_at = clock_timestamp() WHERE run_id = ?")) {
      s.setString(1, reason);
      s.setLong(2, runId);
      s.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      // The run already failed; its cause matters more than this bookkeeping error.
    }
  }

  private static void update(Connection c, String sql, long... values) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        s.setLong(i + 1, values[i]);
      }
      s.executeUpdate();
    }
  }
}
