package dev.tributary.io.postgres;

import dev.tributary.io.UsageException;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the versioned schema of {@code infra/sql/postgres/} (packaged as {@code db/postgres} on
 * the classpath) with Flyway. Idempotent: a database already at the latest version is untouched, so
 * every launcher runs it before a pipeline writes.
 */
public final class Migrations {
  public static final String LOCATION = "classpath:db/postgres";

  private Migrations() {}

  /** Migrates the database at {@code jdbcUrl}; returns the number of migrations applied. */
  public static int migrate(String jdbcUrl) {
    // Connect once ourselves first: our error says how to fix an unreachable server; Flyway's
    // doesn't.
    try (Connection probe = Postgres.connect(jdbcUrl)) {
      probe.isValid(5);
    } catch (SQLException e) {
      throw new UsageException("PostgreSQL connection failed: " + e.getMessage(), e);
    }
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(jdbcUrl, Postgres.properties(jdbcUrl).getProperty("user"), null)
              .locations(LOCATION)
              .loggers("slf4j")
              .load()
              .migrate();
      return result.migrationsExecuted;
    } catch (FlywayException e) {
      throw new UsageException(
          "schema migration failed: " + UsageException.firstLine(e.getMessage()), e);
    }
  }
}
