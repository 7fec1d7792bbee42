package dev.tributary.io.runs;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes records on unchanged and counts them into their run as {@link Counting} says, once per
 * bundle and at least every {@link #RECORDS_PER_COMMIT} records. Right after a source it is the
 * "read" of read = written + rejected, the same for a file and a stream: the database, not Beam
 * metrics, holds it, because a cancelled stream's metrics are not always there to ask (a detached
 * Flink job takes them along) and watchers see reads as they happen. After a sink that keeps no
 * ledger itself (BigQuery) it counts what was written. A bundle a runner retries is counted once
 * ({@link Ledger}); fused with its neighbours, it costs one hash per record.
 */
public final class CountRecords<T> extends PTransform<PCollection<T>, PCollection<T>> {
  /** Commit at least this often, so a progress bar moves during a long bundle. */
  public static final int RECORDS_PER_COMMIT = 100_000;

  private final Counting<T> counting;
  private final boolean refusals;

  private CountRecords(Counting<T> counting, boolean refusals) {
    this.counting = counting;
    this.refusals = refusals;
  }

  /** Counts each record as {@code counting} says: read, written or rejected. */
  public static <T> CountRecords<T> of(Counting<T> counting) {
    return new CountRecords<>(requireNonNull(counting, "counting"), false);
  }

  /**
   * Takes each record back out of what {@code counted} counted, in its role: records a store
   * refused after they were counted as stored (written rows, or dead letters as rejected).
   */
  public static <T> CountRecords<T> refused(Counting<T> counted) {
    return new CountRecords<>(requireNonNull(counted, "counted"), true);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    return records.apply(ParDo.of(new CountFn<>(counting, refusals))).setCoder(records.getCoder());
  }

  private static final class CountFn<T> extends DoFn<T, T> {
    private final Counting<T> counting;
    private final boolean refusals;
    private transient Connection connection;
    private transient Counting<T>.Chunk chunk;
    private transient int records;

    CountFn(Counting<T> counting, boolean refusals) {
      this.counting = counting;
      this.refusals = refusals;
    }

    @Setup
    public void setup() {
      chunk = counting.chunk();
    }

    /** Starts clean: a bundle that failed left its records in the chunk, uncounted. */
    @StartBundle
    public void startBundle() {
      chunk.clear();
      records = 0;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<T> out) throws SQLException {
      out.output(record);
      if (refusals) {
        chunk.addRefused(record);
      } else {
        chunk.add(record);
      }
      if (++records >= RECORDS_PER_COMMIT) {
        commit();
      }
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      commit();
    }

    private void commit() throws SQLException {
      records = 0;
      if (chunk.isEmpty()) {
        return;
      }
      if (connection == null) {
        connection =
            Postgres.connect(counting.ledger().jdbcUrl()); // none for a step that sees none
      }
      chunk.commit(connection); // autocommit: the count is the transaction
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
