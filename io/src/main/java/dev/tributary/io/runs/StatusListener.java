package dev.tributary.io.runs;

import dev.tributary.io.postgres.Postgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Receives ingestion status events as PostgreSQL pushes them ({@code LISTEN}): the driver blocks on
 * the socket until a notification arrives, so there is no polling loop and no delay.
 */
public final class StatusListener implements AutoCloseable {
  private final Connection connection;
  private volatile boolean closed;

  private StatusListener(Connection connection) {
    this.connection = connection;
  }

  /** Starts listening on {@link IngestionRuns#CHANNEL}; events sent from now on are received. */
  public static StatusListener open(String jdbcUrl) {
    Connection c = Postgres.connect(jdbcUrl);
    try (Statement s = c.createStatement()) {
      s.execute("LISTEN " + IngestionRuns.CHANNEL);
    } catch (SQLException e) {
      throw new IllegalStateException("LISTEN failed: " + e.getMessage(), e);
    }
    return new StatusListener(c);
  }

  /**
   * Hands each event's JSON payload to {@code onEvent} as it arrives, until {@link #close()} is
   * called (from another thread) or the connection fails.
   */
  public void forEach(Consumer<String> onEvent) throws SQLException {
    PGConnection pg = connection.unwrap(PGConnection.class);
    try {
      while (true) {
        // 0 = block on the socket until the server pushes a notification.
        for (PGNotification event : pg.getNotifications(0)) {
          onEvent.accept(event.getParameter());
        }
      }
    } catch (SQLException e) {
      if (!closed) {
        throw e;
      }
    }
  }

  /** Stops listening: closing the connection wakes a blocked {@link #forEach}. */
  @Override
  public void close() {
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      // Already broken; nothing left to release.
    }
  }
}
