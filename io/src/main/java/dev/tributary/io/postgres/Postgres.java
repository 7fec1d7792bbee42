package dev.tributary.io.postgres;

import dev.tributary.io.UsageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.postgresql.PGProperty;
import org.postgresql.util.PSQLState;

/** Connections to PostgreSQL with the user-facing errors every launcher and sink shares. */
public final class Postgres {
  /**
   * The role used when the URL names none: PostgreSQL's own superuser, as scripts/postgres.sh sets
   * up.
   */
  public static final String DEFAULT_USER = "postgres";

  private Postgres() {}

  /**
   * Opens a connection; an unreachable or refusing server becomes a one-line {@link
   * UsageException}.
   */
  public static Connection connect(String jdbcUrl) {
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new UsageException(
          "--jdbcUrl must look like jdbc:postgresql://HOST:PORT/DATABASE, was '" + jdbcUrl + "'");
    }
    try {
      return DriverManager.getConnection(jdbcUrl, properties(jdbcUrl));
    } catch (SQLException e) {
      throw new UsageException(describe(jdbcUrl, e), e);
    }
  }

  /** Connection properties: the default user unless the URL sets one. */
  public static Properties properties(String jdbcUrl) {
    Properties props = new Properties();
    if (!jdbcUrl.contains("user=")) {
      PGProperty.USER.set(props, DEFAULT_USER);
    }
    return props;
  }

  private static String describe(String jdbcUrl, SQLException e) {
    String where = jdbcUrl.replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals(PSQLState.CONNECTION_UNABLE_TO_CONNECT.getState())) {
      return "cannot reach PostgreSQL at "
          + where
          + ": start it with scripts/postgres.sh or point --jdbcUrl (or $"
          + PostgresOptions.JDBC_URL_ENV
          + ") at a running server";
    }
    if (state.equals("3D000")) {
      return "database at "
          + where
          + " does not exist: create it with scripts/postgres.sh --jdbcUrl '"
          + jdbcUrl.replaceAll("password=[^&]*", "password=...")
          + "'";
    }
    if (state.startsWith("28")) {
      return "PostgreSQL at "
          + where
          + " refused the login ("
          + firstLine(e)
          + "): put user=... and password=... in --jdbcUrl";
    }
    return "PostgreSQL at " + where + " failed: " + firstLine(e);
  }

  private static String firstLine(SQLException e) {
    return UsageException.firstLine(e.getMessage());
  }
}
