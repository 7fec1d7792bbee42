package dev.tributary.io.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One binary {@code COPY} into a table: rows encoded into {@link #rows}, handed to the server about
 * a megabyte at a time ({@link #flushIfFull}), so memory stays flat however many rows go in. The
 * {@code COPY} starts with the first megabyte or with {@link #end}.
 */
public final class BinaryCopy {
  private static final int CHUNK_BYTES = 1 << 20;

  private final Connection connection;
  private final String sql;
  private final PgBinaryWriter rows = new PgBinaryWriter();
  private CopyIn in;

  /** A copy into {@code table}, a name with an optional column list ({@code "t (a, b)"}). */
  public BinaryCopy(Connection connection, String table) {
    this.connection = connection;
    this.sql = "COPY " + table + " FROM STDIN (FORMAT binary)";
  }

  /** Where the next rows are encoded. */
  public PgBinaryWriter rows() {
    return rows;
  }

  /** Hands the rows encoded so far to the server once they fill a megabyte. */
  public void flushIfFull() throws SQLException {
    if (rows.size() >= CHUNK_BYTES) {
      flush();
    }
  }

  /** Ends the {@code COPY}: every row encoded is with the server, in the caller's transaction. */
  public void end() throws SQLException {
    rows.trailer();
    flush();
    in.endCopy();
  }

  /** Abandons a {@code COPY} under way, as after a failure; nothing when none is. */
  public void cancel() throws SQLException {
    if (in != null && in.isActive()) {
      in.cancelCopy();
    }
  }

  private void flush() throws SQLException {
    if (in == null) {
      in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    }
    in.writeToCopy(rows.buffer(), 0, rows.size());
    rows.reset();
  }
}
