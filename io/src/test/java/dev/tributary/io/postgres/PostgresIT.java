package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(false);

  @Test
  void connectsAsTheDefaultUser() throws Exception {
    try (Connection c = Postgres.connect(db.jdbcUrl())) {
      assertTrue(c.isValid(5));
      assertEquals(Postgres.DEFAULT_USER, c.getMetaData().getUserName());
    }
    assertEquals(1, db.queryLong("SELECT 1"));
  }

  @Test
  void missingDatabase() {
    String url = db.jdbcUrl() + "_missing";
    UsageException e = assertThrows(UsageException.class, () -> Postgres.connect(url));
    PostgresTest.assertOneLine(e);
    assertThat(
        e.getMessage(),
        allOf(
            containsString("does not exist"),
            containsString("_missing"),
            containsString("scripts/postgres.sh")));
  }

  @Test
  void missingDatabaseWhenMigrating() {
    UsageException e =
        assertThrows(UsageException.class, () -> Migrations.migrate(db.jdbcUrl() + "_missing"));
    PostgresTest.assertOneLine(e);
    assertThat(e.getMessage(), containsString("does not exist"));
  }

  @Test
  void unknownRoleIsRefusedWithAHint() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> Postgres.connect(db.jdbcUrl() + "?user=no_such_role_tributary"));
    PostgresTest.assertOneLine(e);
    assertThat(e.getMessage(), allOf(containsString("refused the login"), containsString("user=")));
  }
}
