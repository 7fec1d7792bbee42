package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.status.IngestionRuns;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The bulk path into PostgreSQL: rows stream with binary {@code COPY} into a temporary staging
 * table, and every {@link #DEFAULT_ROWS_PER_TRANSACTION} rows (and at the end of each bundle) one
 * merge statement moves them into the real tables, in one transaction per chunk. The merge decides
 * idempotency (e.g. skipping keys already stored), so a chunk that a runner retries, or a whole
 * re-run, changes nothing twice; that is also what makes committing inside a bundle safe, and
 * chunks let the database merge one chunk while the workers parse the next. When a run id is set,
 * the same transaction adds the chunk's counts to {@code ingestion_runs}, so the progress users see
 * is exactly what was committed.
 *
 * <p>Beam's {@code JdbcIO.write} pays per element and loads about 6x slower than {@code COPY}
 * (../shared/notes/stack.md); this is the one small DoFn Beam lacks.
 *
 * <pre>{@code
 * trips.apply("WriteTrips", CopyMergeSink.<Trip>into(jdbcUrl, STAGING_DDL, "trips_staging", Trip::encode)
 *     .withMergeSql("SELECT staged, inserted FROM trips_merge_staged(?)", groupingId)
 *     .withRunId(runId));
 * }</pre>
 */
public final class CopyMergeSink<T> extends PTransform<PCollection<T>, PCollection<Void>> {
  /** 100k rows: big enough that a merge's fixed cost vanishes, small enough to overlap parsing. */
  public static final long DEFAULT_ROWS_PER_TRANSACTION = 100_000;

  private final String jdbcUrl;
  private final String stagingDdl;
  private final String stagingTable;
  private final RowEncoder<T> encoder;
  private final String mergeSql;
  private final long[] mergeParameters;
  private final long runId;
  private final long rowsPerTransaction;

  private CopyMergeSink(
      String jdbcUrl,
      String stagingDdl,
      String stagingTable,
      RowEncoder<T> encoder,
      String mergeSql,
      long[] mergeParameters,
      long runId,
      long rowsPerTransaction) {
    this.jdbcUrl = jdbcUrl;
    this.stagingDdl = stagingDdl;
    this.stagingTable = stagingTable;
    this.encoder = encoder;
    this.mergeSql = mergeSql;
    this.mergeParameters = mergeParameters;
    this.runId = runId;
    this.rowsPerTransaction = rowsPerTransaction;
  }

  /**
   * Stages rows in {@code stagingTable}, created per connection by {@code stagingDdl} (a {@code
   * CREATE TEMP TABLE ... ON COMMIT DELETE ROWS}), encoding each value with {@code encoder}.
   */
  public static <T> CopyMergeSink<T> into(
      String jdbcUrl, String stagingDdl, String stagingTable, RowEncoder<T> encoder) {
    return new CopyMergeSink<>(
        requireNonNull(jdbcUrl, "jdbcUrl"),
        requireNonNull(stagingDdl, "stagingDdl"),
        requireNonNull(stagingTable, "stagingTable"),
        requireNonNull(encoder, "encoder"),
        null,
        new long[0],
        0,
        DEFAULT_ROWS_PER_TRANSACTION);
  }

  /**
   * The statement that moves staged rows into place, with its long parameters. It must return one
   * row of two numbers: rows staged (all accepted into the target) and rows new to the target.
   */
  public CopyMergeSink<T> withMergeSql(String sql, long... parameters) {
    return new CopyMergeSink<>(
        jdbcUrl,
        stagingDdl,
        stagingTable,
        encoder,
        requireNonNull(sql, "sql"),
        parameters.clone(),
        runId,
        rowsPerTransaction);
  }

  /**
   * Adds each bundle's counts to this run in {@code ingestion_runs}, in the bundle's transaction.
   */
  public CopyMergeSink<T> withRunId(long runId) {
    return new CopyMergeSink<>(
        jdbcUrl,
        stagingDdl,
        stagingTable,
        encoder,
        mergeSql,
        mergeParameters,
        runId,
        rowsPerTransaction);
  }

  /** Commits every {@code rows} rows; chunks are idempotent, so retries stay correct. */
  public CopyMergeSink<T> withRowsPerTransaction(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows per transaction must be positive, was " + rows);
    }
    return new CopyMergeSink<>(
        jdbcUrl, stagingDdl, stagingTable, encoder, mergeSql, mergeParameters, runId, rows);
  }

  @Override
  public PCollection<Void> expand(PCollection<T> rows) {
    if (mergeSql == null) {
      throw new IllegalStateException(
          "CopyMergeSink needs withMergeSql(...): staged rows must go somewhere");
    }
    return rows.apply(ParDo.of(new CopyFn<>(this)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("stagingTable", stagingTable))
        .add(DisplayData.item("mergeSql", mergeSql))
        .add(DisplayData.item("rowsPerTransaction", rowsPerTransaction));
  }

  private static final class CopyFn<T> extends DoFn<T, Void> {
    /**
     * Hand rows to the server in chunks of about this size, so memory stays flat in big bundles.
     */
    private static final int CHUNK_BYTES = 1 << 20;

    private final String jdbcUrl;
    private final String stagingDdl;
    private final String copySql;
    private final RowEncoder<T> encoder;
    private final String mergeSql;
    private final long[] mergeParameters;
    private final long runId;
    private final long rowsPerTransaction;
    private transient Connection connection;
    private transient PgBinaryWriter writer;
    private transient CopyIn copy;
    private transient long rows;

    CopyFn(CopyMergeSink<T> spec) {
      this.jdbcUrl = spec.jdbcUrl;
      this.stagingDdl = spec.stagingDdl;
      this.copySql = "COPY " + spec.stagingTable + " FROM STDIN (FORMAT binary)";
      this.encoder = spec.encoder;
      this.mergeSql = spec.mergeSql;
      this.mergeParameters = spec.mergeParameters;
      this.runId = spec.runId;
      this.rowsPerTransaction = spec.rowsPerTransaction;
    }

    @Setup
    public void setup() throws SQLException {
      connection = Postgres.connect(jdbcUrl);
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute(stagingDdl);
      }
      connection.commit();
    }

    @StartBundle
    public void startBundle() {
      writer = new PgBinaryWriter();
      copy = null;
      rows = 0;
    }

    @ProcessElement
    public void process(@Element T value) throws SQLException {
      encoder.encode(value, writer);
      rows++;
      if (rows >= rowsPerTransaction) {
        commitChunk();
      } else if (writer.size() >= CHUNK_BYTES) {
        flush();
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      if (rows > 0) {
        commitChunk();
      }
    }

    /** Ends the COPY, merges the staged rows, records the counts, commits: one transaction. */
    private void commitChunk() throws SQLException {
      writer.trailer();
      flush();
      copy.endCopy();
      try (PreparedStatement merge = connection.prepareStatement(mergeSql)) {
        for (int i = 0; i < mergeParameters.length; i++) {
          merge.setLong(i + 1, mergeParameters[i]);
        }
        try (ResultSet result = merge.executeQuery()) {
          result.next();
          long staged = result.getLong(1);
          long inserted = result.getLong(2);
          if (runId > 0) {
            IngestionRuns.addWritten(connection, runId, staged, inserted);
          }
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        copy = null;
        rows = 0;
        writer = new PgBinaryWriter();
      }
    }

    private void flush() throws SQLException {
      if (copy == null) {
        copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
      }
      copy.writeToCopy(writer.buffer(), 0, writer.size());
      writer.reset();
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        if (copy != null && copy.isActive()) {
          copy.cancelCopy();
        }
        connection.close();
      }
    }
  }
}
