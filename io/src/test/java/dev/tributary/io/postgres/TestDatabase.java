package dev.tributary.io.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh database on the real PostgreSQL server, dropped afterwards. The server comes from {@code
 * $TRIBUTARY_TEST_SERVER} (a JDBC URL without database), default {@code
 * jdbc:postgresql://127.0.0.1:5432/}; scripts/test.sh makes sure one is running.
 *
 * <p>As a JUnit 5 extension, one database for a test class or one for every test:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true); // migrated
 * @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);        // empty
 * }</pre>
 *
 * The database exists from before the class's {@code @BeforeAll} (or the test's
 * {@code @BeforeEach}) methods until after its {@code @AfterAll} ({@code @AfterEach}) methods.
 * Without an extension, {@link #create} makes one at once and {@link #close} drops it.
 */
public final class TestDatabase
    implements AutoCloseable,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback {
  private static final String SERVER =
      System.getenv().getOrDefault("TRIBUTARY_TEST_SERVER", "jdbc:postgresql://127.0.0.1:5432/");

  /** When the extension creates and drops the database; {@code NOW} for {@link #create}. */
  private enum Scope {
    NOW,
    CLASS,
    TEST
  }

  private final Scope scope;
  private final boolean migrated;

  /** Null while no database exists. */
  private String name;

  private TestDatabase(Scope scope, boolean migrated) {
    this.scope = scope;
    this.migrated = migrated;
  }

  /** Creates {@code tributary_test_<random>}; with {@code migrated}, applies the schema too. */
  public static TestDatabase create(boolean migrated) throws SQLException {
    TestDatabase db = new TestDatabase(Scope.NOW, migrated);
    db.createDatabase();
    return db;
  }

  /** An extension for a static field: one database for the whole test class. */
  public static TestDatabase perClass(boolean migrated) {
    return new TestDatabase(Scope.CLASS, migrated);
  }

  /** An extension for an instance field: a new database for every test. */
  public static TestDatabase perTest(boolean migrated) {
    return new TestDatabase(Scope.TEST, migrated);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    createFor(Scope.CLASS);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    dropFor(Scope.CLASS);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws SQLException {
    createFor(Scope.TEST);
  }

  @Override
  public void afterEach(ExtensionContext context) throws SQLException {
    dropFor(Scope.TEST);
  }

  private void createFor(Scope callback) throws SQLException {
    if (scope == callback) {
      createDatabase();
    }
  }

  private void dropFor(Scope callback) throws SQLException {
    if (scope == callback) {
      close();
    }
  }

  private void createDatabase() throws SQLException {
    if (name != null) {
      throw new IllegalStateException("test database " + name + " exists already");
    }
    String fresh =
        "tributary_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("CREATE DATABASE " + fresh);
    name = fresh; // before migrating: a failed migration still leaves it to close()
    if (migrated) {
      Migrations.migrate(jdbcUrl());
    }
  }

  public String jdbcUrl() {
    if (name == null) {
      throw new IllegalStateException(
          "no test database now: register it with @RegisterExtension, or use create()");
    }
    return SERVER + name;
  }

  public Connection connect() {
    return Postgres.connect(jdbcUrl());
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

  /**
   * Waits up to two minutes until {@code sql} counts {@code expected}, for a job writing in the
   * background ({@code run}); if the job ends first, throws what ended it.
   */
  public void awaitCount(String sql, long expected, Future<?> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    long actual = -1;
    while (System.nanoTime() < deadline && !run.isDone()) {
      actual = queryLong(sql);
      if (actual == expected) {
        return;
      }
      Thread.sleep(250);
    }
    if (run.isDone()) {
      run.get();
    }
    throw new AssertionError(sql + ": expected " + expected + ", still " + actual);
  }

  /** Drops the database; nothing to do when there is none (say, its creation failed). */
  @Override
  public void close() throws SQLException {
    if (name != null) {
      String dropped = name;
      name = null;
      admin("DROP DATABASE IF EXISTS " + dropped + " WITH (FORCE)");
    }
  }

  private void admin(String sql) throws SQLException {
    String url = SERVER + "postgres";
    try (Connection c = DriverManager.getConnection(url, Postgres.properties(url));
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
