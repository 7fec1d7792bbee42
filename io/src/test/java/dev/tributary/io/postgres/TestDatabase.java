package dev.tributary.io.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A fresh database on the real PostgreSQL server for one test class, dropped afterwards. The
 * server comes from {@code $TRIBUTARY_TEST_SERVER} (a JDBC URL without database), default
 * {@code jdbc:postgresql://127.0.0.1:5432/}; scripts/test.sh makes sure one is running.
 */
public final class TestDatabase implements AutoCloseable {
  private static final String SERVER =
      System.getenv().getOrDefault("TRIBUTARY_TEST_SERVER", "jdbc:postgresql://127.0.0.1:5432/");

  private final String name;
  private final String jdbcUrl;

  private TestDatabase(String name) {
    this.name = name;
    this.jdbcUrl = SERVER + name;
  }

  /** Creates {@code tributary_test_<random>}; with {@code migrated}, applies the schema too. */
  public static TestDatabase create(boolean migrated) throws SQLException {
    TestDatabase db = new TestDatabase("tributary_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    db.admin("CREATE DATABASE " + db.name);
    if (migrated) {
      Migrations.migrate(db.jdbcUrl);
    }
    return db;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public Connection connect() {
    return Postgres.connect(jdbcUrl);
  }

  /** Runs statements in one connection, autocommit. */
  public void execute(String... sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  /** The first column of the first row of {@code sql}, as a long. */
  public long queryLong(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Every row of {@code sql}, each as its columns joined with '|', in the query's order. */
  public List<String> queryRows(String sql) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> rows = new ArrayList<>();
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= columns; i++) {
          row.append(i > 1 ? "|" : "").append(r.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
  }

  @Override
  public void close() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private void admin(String sql) throws SQLException {
    String url = SERVER + "postgres";
    try (Connection c = DriverManager.getConnection(url, Postgres.properties(url));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
