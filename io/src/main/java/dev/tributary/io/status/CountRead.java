package dev.tributary.io.status;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;

/**
 * Passes records on unchanged and adds how many went by to the run's {@code rows_read}, once per
 * bundle: the "read" of read = written + rejected, the same for a file and a stream. The database,
 * not Beam metrics, holds it because a cancelled stream's metrics are not always there to ask (a
 * detached Flink job takes them along), and because watchers then see reads as they happen. Put it
 * right after the source. The count is at least once: a bundle a runner retries after its count
 * committed (a Flink restore, a Dataflow retry) is counted again.
 */
public final class CountRead<T> extends PTransform<PCollection<T>, PCollection<T>> {
  private final String jdbcUrl;
  private final long runId;

  private CountRead(String jdbcUrl, long runId) {
    this.jdbcUrl = jdbcUrl;
    this.runId = runId;
  }

  public static <T> CountRead<T> into(String jdbcUrl, long runId) {
    return new CountRead<>(requireNonNull(jdbcUrl, "jdbcUrl"), runId);
  }

  @Override
  public PCollection<T> expand(PCollection<T> records) {
    return records.apply(ParDo.of(new CountFn<T>(jdbcUrl, runId))).setCoder(records.getCoder());
  }

  private static final class CountFn<T> extends DoFn<T, T> {
    private final String jdbcUrl;
    private final long runId;
    private transient Connection connection;
    private transient long read;

    CountFn(String jdbcUrl, long runId) {
      this.jdbcUrl = jdbcUrl;
      this.runId = runId;
    }

    @Setup
    public void setup() {
      connection = Postgres.connect(jdbcUrl);
    }

    @StartBundle
    public void startBundle() {
      read = 0;
    }

    @ProcessElement
    public void process(@Element T record, OutputReceiver<T> out) {
      out.output(record);
      read++;
    }

    @FinishBundle
    public void finishBundle() throws SQLException {
      if (read > 0) {
        IngestionRuns.addRead(connection, runId, read);
      }
    }

    @Teardown
    public void teardown() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }
}
