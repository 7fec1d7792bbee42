package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.status.IngestionRuns;
import dev.tributary.transforms.DeadLetter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes dead letters to {@code rejected_records}, upserting located ones on (pipeline, source,
 * offset, JSON path) so a re-run records each rejected input once, with the latest run and reason.
 * The bundle's rejected count is added to the run's status in the same transaction.
 */
public final class DeadLetterSink extends PTransform<PCollection<DeadLetter>, PCollection<Void>> {
  private static final String UPSERT =
      "INSERT INTO rejected_records"
          + " (pipeline, run_id, source, byte_offset, line, json_path, step, reason, raw)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (pipeline, source, byte_offset, json_path) WHERE byte_offset >= 0"
          + " DO UPDATE SET run_id = EXCLUDED.run_id,"
          + " line = EXCLUDED.line, step = EXCLUDED.step, reason = EXCLUDED.reason, raw = EXCLUDED.raw,"
          + " rejected_at = clock_timestamp()";

  private final String jdbcUrl;
  private final String pipeline;
  private final long runId;

  private DeadLetterSink(String jdbcUrl, String pipeline, long runId) {
    this.jdbcUrl = jdbcUrl;
    this.pipeline = pipeline;
    this.runId = runId;
  }

  /** Writes {@code pipeline}'s dead letters for run {@code runId} of {@code ingestion_runs}. */
  public static DeadLetterSink of(String jdbcUrl, String pipeline, long runId) {
    if (runId <= 0) {
      throw new IllegalArgumentException("run id must come from IngestionRuns.start, was " + runId);
    }
    return new DeadLetterSink(
        requireNonNull(jdbcUrl, "jdbcUrl"), requireNonNull(pipeline, "pipeline"), runId);
  }

  @Override
  public PCollection<Void> expand(PCollection<DeadLetter> deadLetters) {
    return deadLetters.apply(ParDo.of(new WriteFn(jdbcUrl, pipeline, runId)));
  }

  private static final class WriteFn extends DoFn<DeadLetter, Void> {
    private final String jdbcUrl;
    private final String pipeline;
    private final long runId;
    private transient Connection connection;
    private transient List<DeadLetter> batch;

    WriteFn(String jdbcUrl, String pipeline, long runId) {
      this.jdbcUrl = jdbcUrl;
      this.pipeline = pipeline;
      this.runId = runId;
    }

    @Setup
    public void setup() throws SQLException {
      connection = Postgres.connect(jdbcUrl);
      connection.setAutoCommit(false);
    }

    @StartBundle
    public void startBundle() {
      batch = new ArrayList<>();
    }

    @ProcessElement
    public void process(@Element DeadLetter letter) {
      batch.add(letter);
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      if (batch.isEmpty()) {
        return;
      }
      try (PreparedStatement s = connection.prepareStatement(UPSERT)) {
        for (DeadLetter d : batch) {
          s.setString(1, pipeline);
          s.setLong(2, runId);
          s.setString(3, noNul(d.getSource()));
          s.setLong(4, d.getOffset());
          s.setLong(5, d.getLine());
          s.setString(6, noNul(d.getPath()));
          s.setString(7, noNul(d.getStep()));
          s.setString(8, noNul(d.getReason()));
          s.setString(9, noNul(d.getRaw()));
          s.addBatch();
        }
        s.executeBatch();
        IngestionRuns.addRejected(connection, runId, batch.size());
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }

    /** PostgreSQL text cannot hold NUL; a dirty record must still be recorded. */
    private static String noNul(String s) {
      return s.indexOf('\0') < 0 ? s : s.replace("\0", "\\0");
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
