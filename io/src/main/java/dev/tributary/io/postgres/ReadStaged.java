package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import dev.tributary.io.UsageException;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.io.jdbc.JdbcIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;

/**
 * Reads the records of a {@link StagedQuery} with Beam's {@code JdbcIO}, each with its location and
 * event time as the original source gave them. {@link #count} is the check before a run.
 */
public final class ReadStaged extends PTransform<PBegin, PCollection<SourceRecord>> {
  private static final String UNDEFINED_TABLE = "42P01";

  private final StagedQuery query;

  private ReadStaged(StagedQuery query) {
    this.query = query;
  }

  public static ReadStaged of(StagedQuery query) {
    return new ReadStaged(requireNonNull(query, "query"));
  }

  /**
   * How many records the query returns, none if its table is not there yet (a database no run has
   * migrated); an unreachable database or a bad query is one line.
   */
  public static long count(StagedQuery query) {
    try (Connection connection = Postgres.connect(query.jdbcUrl());
        PreparedStatement count =
            connection.prepareStatement("SELECT count(*) FROM (" + query.sql() + ") staged")) {
      bind(count, query.parameters());
      try (ResultSet rows = count.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      if (UNDEFINED_TABLE.equals(e.getSQLState())) {
        return 0;
      }
      throw new UsageException(
          "cannot read the staged records: " + UsageException.firstLine(e.getMessage()), e);
    }
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin begin) {
    String jdbcUrl = query.jdbcUrl();
    List<String> parameters = query.parameters();
    JdbcIO.DataSourceConfiguration dataSource =
        JdbcIO.DataSourceConfiguration.create("org.postgresql.Driver", jdbcUrl);
    String user = Postgres.properties(jdbcUrl).getProperty("user");
    if (user != null) {
      dataSource = dataSource.withConnectionProperties("user=" + user);
    }
    return begin
        .apply(
            "QueryStaged",
            JdbcIO.<TimestampedValue<SourceRecord>>read()
                .withDataSourceConfiguration(dataSource)
                .withQuery(query.sql())
                .withStatementPreparator(statement -> bind(statement, parameters))
                .withRowMapper(ReadStaged::record)
                // Its reparallelizing waits on a side input, which deadlocks a Flink batch whose
                // exchanges stream (see LiveContext); Sources spreads the records itself.
                .withOutputParallelization(false)
                .withCoder(
                    TimestampedValue.TimestampedValueCoder.of(
                        Coders.of(begin.getPipeline(), SourceRecord.class))))
        .apply("StampStaged", ParDo.of(new StampFn()));
  }

  /** Gives each record its event time (the read's own is the beginning of time: never earlier). */
  private static final class StampFn extends DoFn<TimestampedValue<SourceRecord>, SourceRecord> {
    @ProcessElement
    public void process(
        @Element TimestampedValue<SourceRecord> record, OutputReceiver<SourceRecord> out) {
      out.outputWithTimestamp(record.getValue(), record.getTimestamp());
    }
  }

  private static TimestampedValue<SourceRecord> record(ResultSet row) throws SQLException {
    Location location = Location.of(row.getString(1), row.getLong(2));
    Instant at = new Instant(row.getTimestamp(4).getTime());
    return TimestampedValue.of(SourceRecord.of(location, row.getString(3)), at);
  }

  private static void bind(PreparedStatement statement, List<String> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      statement.setString(i + 1, parameters.get(i));
    }
  }
}
