package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import org.junit.jupiter.api.Test;

/** Connection errors that need no server: each is one line that says what to do. */
class PostgresTest {
  @Test
  void notAPostgresUrl() {
    for (String url :
        new String[] {"jdbc:mysql://127.0.0.1/tributary", "postgresql://127.0.0.1/x", "", null}) {
      UsageException e = assertThrows(UsageException.class, () -> Postgres.connect(url));
      assertOneLine(e);
      assertThat(
          e.getMessage(),
          allOf(
              containsString("--jdbcUrl"), containsString("jdbc:postgresql://HOST:PORT/DATABASE")));
    }
  }

  @Test
  void unreachablePort() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> Postgres.connect("jdbc:postgresql://127.0.0.1:1/tributary?connectTimeout=5"));
    assertOneLine(e);
    assertThat(
        e.getMessage(),
        allOf(
            containsString("cannot reach PostgreSQL at 127.0.0.1:1/tributary"),
            containsString("scripts/postgres.sh"),
            containsString(PostgresOptions.JDBC_URL_ENV)));
  }

  @Test
  void migrationsOfAnUnreachableServerFailTheSameWay() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> Migrations.migrate("jdbc:postgresql://127.0.0.1:1/tributary"));
    assertOneLine(e);
    assertThat(e.getMessage(), containsString("cannot reach PostgreSQL at 127.0.0.1:1"));
  }

  @Test
  void defaultUserOnlyWhenTheUrlNamesNone() {
    assertThat(
        Postgres.properties("jdbc:postgresql://h/db").getProperty("user"),
        containsString(Postgres.DEFAULT_USER));
    assertFalse(Postgres.properties("jdbc:postgresql://h/db?user=alice").containsKey("user"));
  }

  static void assertOneLine(Exception e) {
    assertFalse(
        e.getMessage().contains("\n") || e.getMessage().contains("\r"),
        "one line: " + e.getMessage());
  }
}
