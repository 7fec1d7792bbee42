package dev.tributary.pipelines.sales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sales roles, each used by a login user of its own (created here, granted the group role,
 * dropped afterwards): what each may and may not do on the fixture ({@link SalesFixture}).
 */
class SalesRolesIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  private static final String DENIED = "42501"; // insufficient_privilege
  private static final List<String> ROLES = List.of("logistics", "analytics", "sales");

  @BeforeAll
  static void usersAndFixture() throws Exception {
    SalesFixture.insert(db);
    for (String role : ROLES) {
      db.execute("CREATE ROLE " + user(role) + " LOGIN IN ROLE " + role);
    }
  }

  @AfterAll
  static void dropUsers() throws SQLException {
    for (String role : ROLES) {
      db.execute("DROP ROLE IF EXISTS " + user(role));
    }
  }

  /** Roles are the cluster's: a user per test database, so parallel builds do not meet. */
  private static String user(String role) {
    return db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1) + "_" + role;
  }

  /** Runs {@code sql} logged in as the user of {@code role}; returns rows changed or counted. */
  private static long as(String role, String sql) throws SQLException {
    try (Connection c = Postgres.connect(db.jdbcUrl() + "?user=" + user(role));
        Statement s = c.createStatement()) {
      if (s.execute(sql)) {
        try (ResultSet r = s.getResultSet()) {
          r.next();
          return r.getLong(1);
        }
      }
      return s.getUpdateCount();
    }
  }

  private static void denied(String role, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> as(role, sql), role + ": " + sql);
    assertEquals(DENIED, e.getSQLState(), role + ": " + e.getMessage());
  }

  @Test
  void logisticsReadsTheDetailsAndMarksTransactionsCompletedOnly() throws Exception {
    assertEquals(17, as("logistics", "SELECT count(*) FROM sales.line_items"));
    assertEquals(
        2, as("logistics", "SELECT count(*) FROM sales.transactions WHERE status = 'placed'"));
    assertEquals(
        1,
        as(
            "logistics",
            "UPDATE sales.transactions SET status = 'completed', completed_at = now()"
                + " WHERE transaction_id = 8"));
    assertEquals(
        List.of("completed"),
        db.queryRows("SELECT status FROM sales.transactions WHERE transaction_id = 8"));
    denied("logistics", "UPDATE sales.line_items SET unit_price = 1 WHERE transaction_id = 8");
    denied("logistics", "UPDATE sales.transactions SET total_price = 0 WHERE transaction_id = 8");
    denied("logistics", "UPDATE sales.items SET cost = 1 WHERE item_id = 1");
    denied(
        "logistics",
        "INSERT INTO sales.items (name, category, manufacturer_id, cost, weight_kg)"
            + " VALUES ('Fan', 'household', 1, 20, 2)");
    denied("logistics", "DELETE FROM sales.transactions WHERE transaction_id = 8");
  }

  @Test
  void analyticsReadsEverythingAndChangesNothing() throws Exception {
    assertEquals(11, as("analytics", "SELECT count(*) FROM sales.members"));
    assertEquals(2, as("analytics", "SELECT count(*) FROM sales.manufacturers"));
    assertEquals(5, as("analytics", "SELECT count(*) FROM sales.items"));
    assertEquals(13, as("analytics", "SELECT count(*) FROM sales.transactions"));
    assertEquals(17, as("analytics", "SELECT count(*) FROM sales.line_items"));
    denied("analytics", "UPDATE sales.transactions SET status = 'placed', completed_at = NULL");
    denied(
        "analytics",
        "INSERT INTO sales.items (name, category, manufacturer_id, cost, weight_kg)"
            + " VALUES ('Fan', 'household', 1, 20, 2)");
    denied("analytics", "DELETE FROM sales.line_items");
    denied("analytics", "INSERT INTO sales.manufacturers VALUES (3, 'Cog', 'FR')");
  }

  @Test
  void salesAddsAndRemovesItemsButTouchesNoTransaction() throws Exception {
    assertEquals(1, as("sales", "INSERT INTO sales.manufacturers VALUES (3, 'Cog', 'FR')"));
    assertEquals(
        1001,
        as(
            "sales",
            "INSERT INTO sales.items (name, category, manufacturer_id, cost, weight_kg)"
                + " VALUES ('Fan', 'household', 3, 20, 2) RETURNING item_id"));
    assertEquals(1, as("sales", "DELETE FROM sales.items WHERE item_id = 1001"));
    // An item sold stays: the line items' foreign key refuses, whoever asks.
    SQLException sold =
        assertThrows(
            SQLException.class, () -> as("sales", "DELETE FROM sales.items WHERE item_id = 4"));
    assertEquals("23503", sold.getSQLState());
    denied("sales", "UPDATE sales.items SET cost = 1 WHERE item_id = 1");
    denied("sales", "UPDATE sales.transactions SET status = 'completed' WHERE transaction_id = 9");
    denied("sales", "SELECT count(*) FROM sales.transactions");
    denied("sales", "DELETE FROM sales.line_items WHERE transaction_id = 9");
  }
}
