package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.io.runs.Counting;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableBiFunction;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * The fast way into PostgreSQL: rows stream with binary {@code COPY} into a temporary staging
 * table, and every {@link #DEFAULT_ROWS_PER_TRANSACTION} rows (and at the end of each bundle) one
 * merge statement moves them into the real tables, in one transaction per chunk. The merge decides
 * idempotency (e.g. skipping keys already stored), so a chunk that a runner retries, or a whole
 * re-run, changes nothing twice; that is also what makes committing inside a bundle safe, and
 * chunks let the database merge one chunk while the workers parse the next. {@link #append} skips
 * the merge: rows go straight into a permanent table, for bulk loads that settle them afterwards.
 *
 * <p>The merge statement returns rows of {@code (outcome, records)}: {@code inserted} and {@code
 * updated} say what the chunk did to the target (the other staged rows were stored already, or left
 * as they are); {@code (refused, 1, record_key, reason)} rows name records the target refused,
 * which the sink returns as dead letters ({@link #withRefusals}). With {@link #withCounting} the
 * same transaction adds the chunk to the run's ledger, so what users see committed is exactly what
 * was committed; a chunk the ledger already holds (a retry) is rolled back, so it counts once.
 *
 * <p>An encoder may reject a value instead of writing it ({@link RowEncoder#encodeOrReject}, for
 * encoders that parse as they write): its dead letter is output at once, and it is not counted as
 * written. It may also keep something of the rows it writes: the sink tells it when a counted chunk
 * is stored ({@link RowEncoder#stored}, with the chunk's ledger id) and when a bundle starts and
 * ends, each time on the sink's connection, committed after.
 *
 * <p>Beam's {@code JdbcIO.write} pays per element and loads about 6x slower than {@code COPY}
 * (../shared/notes/stack.md); this is the one small DoFn Beam lacks.
 *
 * <pre>{@code
 * PCollection<DeadLetter> refused = bucketed.apply("WriteTrips",
 *     CopyMergeSink.into(jdbcUrl, STAGING_DDL, "trips_staging", TripsSink::encode)
 *         .withMergeSql("SELECT * FROM trips.merge_staged(?, trips.grouping_id(?, ?), false)",
 *             runId, grid, bucketMinutes)
 *         .withCounting(ledger.written("trips", kv -> kv.getValue().getRecordId())));
 * }</pre>
 */
@AutoValue
public abstract class CopyMergeSink<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  /** 100k rows: big enough that a merge's fixed cost vanishes, small enough to overlap parsing. */
  public static final long DEFAULT_ROWS_PER_TRANSACTION = 100_000;

  abstract String jdbcUrl();

  abstract @Nullable String stagingDdl();

  abstract String stagingTable();

  abstract RowEncoder<T> encoder();

  abstract @Nullable String mergeSql();

  abstract List<Serializable> mergeParameters();

  abstract long rowsPerTransaction();

  abstract @Nullable Counting<T> counting();

  abstract @Nullable Refusals<T> refusals();

  abstract Builder<T> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setJdbcUrl(String jdbcUrl);

    abstract Builder<T> setStagingDdl(String ddl);

    abstract Builder<T> setStagingTable(String table);

    abstract Builder<T> setEncoder(RowEncoder<T> encoder);

    abstract Builder<T> setMergeSql(String sql);

    abstract Builder<T> setMergeParameters(List<Serializable> parameters);

    abstract Builder<T> setRowsPerTransaction(long rows);

    abstract Builder<T> setCounting(Counting<T> counting);

    abstract Builder<T> setRefusals(Refusals<T> refusals);

    abstract CopyMergeSink<T> build();
  }

  /** How refused records are found in a chunk and turned into dead letters. */
  record Refusals<T>(
      SerializableFunction<T, String> key, SerializableBiFunction<T, String, DeadLetter> toLetter)
      implements Serializable {}

  /**
   * Stages rows in {@code stagingTable}, created per connection by {@code stagingDdl} (a {@code
   * CREATE TEMP TABLE ... ON COMMIT DELETE ROWS}), encoding each value with {@code encoder}.
   */
  public static <T> CopyMergeSink<T> into(
      String jdbcUrl, String stagingDdl, String stagingTable, RowEncoder<T> encoder) {
    return new AutoValue_CopyMergeSink.Builder<T>()
        .setJdbcUrl(requireNonNull(jdbcUrl, "jdbcUrl"))
        .setStagingDdl(requireNonNull(stagingDdl, "stagingDdl"))
        .setStagingTable(requireNonNull(stagingTable, "stagingTable"))
        .setEncoder(requireNonNull(encoder, "encoder"))
        .setMergeParameters(List.of())
        .setRowsPerTransaction(DEFAULT_ROWS_PER_TRANSACTION)
        .build();
  }

  /**
   * Appends rows straight to {@code table}, a permanent table with its column list ({@code
   * "trips.trips (a, b)"}), one transaction per chunk and no merge: for bulk loads into a table
   * without indexes, which settle duplicates afterwards. Needs {@link #withCounting}: the ledger is
   * what tells a chunk a runner retries (rolled back) from a new one.
   */
  public static <T> CopyMergeSink<T> append(String jdbcUrl, String table, RowEncoder<T> encoder) {
    return new AutoValue_CopyMergeSink.Builder<T>()
        .setJdbcUrl(requireNonNull(jdbcUrl, "jdbcUrl"))
        .setStagingTable(requireNonNull(table, "table"))
        .setEncoder(requireNonNull(encoder, "encoder"))
        .setMergeParameters(List.of())
        .setRowsPerTransaction(DEFAULT_ROWS_PER_TRANSACTION)
        .build();
  }

  /**
   * The statement that moves staged rows into place, with its parameters (numbers, text, booleans),
   * returning the outcome rows described above.
   */
  public CopyMergeSink<T> withMergeSql(String sql, Serializable... parameters) {
    return toBuilder()
        .setMergeSql(requireNonNull(sql, "sql"))
        .setMergeParameters(List.of(parameters))
        .build();
  }

  /** Commits every {@code rows} rows; chunks are idempotent, so retries stay correct. */
  public CopyMergeSink<T> withRowsPerTransaction(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows per transaction must be positive, was " + rows);
    }
    return toBuilder().setRowsPerTransaction(rows).build();
  }

  /** Counts every chunk into its run's ledger, in the chunk's transaction. */
  public CopyMergeSink<T> withCounting(Counting<T> counting) {
    return toBuilder().setCounting(requireNonNull(counting, "counting")).build();
  }

  /**
   * Returns the records the merge refuses as dead letters: {@code key} names a record as the
   * merge's {@code record_key} does, {@code toLetter} makes its dead letter from the reason.
   */
  public CopyMergeSink<T> withRefusals(
      SerializableFunction<T, String> key, SerializableBiFunction<T, String, DeadLetter> toLetter) {
    return toBuilder()
        .setRefusals(
            new Refusals<>(requireNonNull(key, "key"), requireNonNull(toLetter, "toLetter")))
        .build();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> rows) {
    if (stagingDdl() != null && mergeSql() == null) {
      throw new IllegalStateException(
          "CopyMergeSink needs withMergeSql(...): staged rows must go somewhere");
    }
    if (stagingDdl() == null && counting() == null) {
      throw new IllegalStateException(
          "CopyMergeSink.append needs withCounting(...): without a merge, only the ledger tells a"
              + " retried chunk from a new one");
    }
    return rows.apply(ParDo.of(new CopyFn<>(this)))
        .setCoder(Coders.of(rows.getPipeline(), DeadLetter.class));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("table", stagingTable()))
        .addIfNotNull(DisplayData.item("mergeSql", mergeSql()))
        .add(DisplayData.item("rowsPerTransaction", rowsPerTransaction()))
        .add(DisplayData.item("counted", counting() != null))
        .add(DisplayData.item("refusals", refusals() != null));
  }

  /** A record kept until the merge says whether it was refused, with where it was in the bundle. */
  private record Kept<T>(T value, Instant timestamp, BoundedWindow window) {}

  private static final class CopyFn<T> extends DoFn<T, DeadLetter> {
    private final CopyMergeSink<T> spec;
    private transient Connection connection;
    private transient BinaryCopy copy;
    private transient long rows;
    private transient Counting<T>.Chunk counted;
    private transient Map<String, Kept<T>> kept;
    private transient List<Kept<DeadLetter>> refusedInBundle;

    CopyFn(CopyMergeSink<T> spec) {
      this.spec = spec;
    }

    @Setup
    public void setup() throws SQLException {
      connection = Postgres.connect(spec.jdbcUrl());
      connection.setAutoCommit(false);
      if (spec.stagingDdl() != null) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(spec.stagingDdl());
        }
      }
      spec.encoder().prepare(connection);
      connection.commit();
      counted = spec.counting() == null ? null : spec.counting().chunk();
      kept = new HashMap<>();
      refusedInBundle = new ArrayList<>();
    }

    /** Starts clean: a bundle that failed may have left a COPY, a transaction, kept records. */
    @StartBundle
    public void startBundle() throws SQLException {
      if (copy != null) {
        copy.cancel();
      }
      connection.rollback();
      copy = new BinaryCopy(connection, spec.stagingTable());
      rows = 0;
      kept.clear();
      refusedInBundle.clear();
      if (counted != null) {
        counted.clear();
      }
      spec.encoder().startBundle();
    }

    @ProcessElement
    public void process(
        @Element T value,
        @Timestamp Instant timestamp,
        BoundedWindow window,
        OutputReceiver<DeadLetter> rejected)
        throws SQLException {
      if (!spec.encoder().encodeOrReject(value, copy.rows(), rejected::output)) {
        return;
      }
      rows++;
      if (counted != null) {
        counted.add(value);
      }
      if (spec.refusals() != null) {
        kept.put(spec.refusals().key().apply(value), new Kept<>(value, timestamp, window));
      }
      if (rows >= spec.rowsPerTransaction()) {
        refusedInBundle.addAll(commitChunk());
      } else {
        copy.flushIfFull();
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext context) throws SQLException {
      if (rows > 0) {
        refusedInBundle.addAll(commitChunk());
      }
      spec.encoder().finishBundle(connection);
      connection.commit();
      // Emitted here, each in its record's window: a ProcessElement could only emit into the
      // window of the element at hand.
      for (Kept<DeadLetter> refused : refusedInBundle) {
        context.output(refused.value(), refused.timestamp(), refused.window());
      }
      refusedInBundle.clear();
    }

    /**
     * Ends the COPY, merges the staged rows, counts the chunk, commits: one transaction. Returns
     * the dead letters of refused records, to emit once the chunk is committed.
     */
    private List<Kept<DeadLetter>> commitChunk() throws SQLException {
      List<Kept<DeadLetter>> refused = new ArrayList<>();
      copy.end();
      try {
        if (spec.mergeSql() != null) {
          merge(refused);
        }
        // A chunk the ledger holds already is a retry of one that committed: its rows are stored
        // (and its refusals are output again, as the retried bundle's output was dropped).
        UUID chunk = counted == null ? null : counted.id();
        if (counted == null || counted.commit(connection)) {
          connection.commit();
        } else {
          connection.rollback();
        }
        if (chunk != null) {
          spec.encoder().stored(chunk, connection);
          connection.commit();
        }
        return refused;
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      } finally {
        copy = new BinaryCopy(connection, spec.stagingTable());
        rows = 0;
        kept.clear();
      }
    }

    private void merge(List<Kept<DeadLetter>> refused) throws SQLException {
      try (PreparedStatement merge = connection.prepareStatement(spec.mergeSql())) {
        List<Serializable> parameters = spec.mergeParameters();
        for (int i = 0; i < parameters.size(); i++) {
          merge.setObject(i + 1, parameters.get(i));
        }
        try (ResultSet outcomes = merge.executeQuery()) {
          while (outcomes.next()) {
            outcome(outcomes, refused);
          }
        }
      }
    }

    private void outcome(ResultSet row, List<Kept<DeadLetter>> refused) throws SQLException {
      String outcome = row.getString(1);
      long records = row.getLong(2);
      switch (outcome) {
        case "inserted" -> merged(records, 0);
        case "updated" -> merged(0, records);
        case "refused" -> refused.add(refuse(row.getString(3), row.getString(4)));
        default -> throw new IllegalStateException("unknown merge outcome '" + outcome + "'");
      }
    }

    private void merged(long inserted, long updated) {
      if (counted != null) {
        counted.merged(inserted, updated);
      }
    }

    private Kept<DeadLetter> refuse(String key, String reason) {
      Kept<T> record = spec.refusals() == null ? null : kept.get(key);
      if (record == null) {
        throw new IllegalStateException(
            "the merge refused record " + key + ", which this chunk does not hold");
      }
      if (counted != null) {
        counted.refuse(record.value());
      }
      return new Kept<>(
          spec.refusals().toLetter().apply(record.value(), reason),
          record.timestamp(),
          record.window());
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        if (copy != null) {
          copy.cancel();
        }
        connection.close();
      }
      spec.encoder().close();
    }
  }
}
