package dev.tributary.io.runs;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.postgres.Postgres;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Where a run's counts go: the ledger {@code ops.run_chunks} of run {@code runId}, whose first
 * level is {@code level} (rows, models, ...). Every step that reads, writes or rejects records adds
 * its chunks' counts there in the transaction that commits them ({@link Counting}); a chunk a
 * runner retries is counted once. What a run read, wrote and rejected is the sum: {@link #totals}.
 */
public record Ledger(String jdbcUrl, long runId, String level) implements Serializable {
  public Ledger {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(level, "level");
    if (runId <= 0) {
      throw new IllegalArgumentException("run id must come from IngestionRuns.start, was " + runId);
    }
  }

  /**
   * Counts what step {@code step} reads, one record of the run's level each; {@code recordId} says
   * which input record an element is: two records must not share an id, because a chunk of ids the
   * step counted before is taken for a retry. The step names the counting point: two steps never
   * share a chunk, even over the same records.
   */
  public <T> Counting<T> read(String step, SerializableFunction<T, Long> recordId) {
    return new Counting<>(this, step, Counting.Role.READ, recordId, null, level);
  }

  /** Counts the records sink {@code step} stores as written. */
  public <T> Counting<T> written(String step, SerializableFunction<T, Long> recordId) {
    return new Counting<>(this, step, Counting.Role.WRITTEN, recordId, null, level);
  }

  /** Counts the records dead-letter sink {@code step} stores as rejected. */
  public <T> Counting<T> rejected(String step, SerializableFunction<T, Long> recordId) {
    return new Counting<>(this, step, Counting.Role.REJECTED, recordId, null, level);
  }

  /** Adds a chunk's counts unless it was counted before; call in the chunk's transaction. */
  boolean count(Connection c, UUID chunk, Tally tally) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT ops.count_chunk(?, ?, ?::jsonb)")) {
      s.setLong(1, runId);
      s.setObject(2, chunk);
      s.setString(3, tally.toJson());
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    }
  }

  /** What the run read, wrote and rejected so far, per level: {@code levels} first, in order. */
  public Map<String, Counts> totals(List<String> levels) {
    Map<String, Counts> totals = new LinkedHashMap<>();
    levels.forEach(l -> totals.put(l, Counts.NONE));
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT level, read, written, inserted, updated, rejected FROM ops.run_counts"
                    + " WHERE run_id = ? ORDER BY level")) {
      s.setLong(1, runId);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          totals.put(
              r.getString(1),
              new Counts(r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the counts of run " + runId + ": " + e.getMessage(), e);
    }
    return totals;
  }
}
