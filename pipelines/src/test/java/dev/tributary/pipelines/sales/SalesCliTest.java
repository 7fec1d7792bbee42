package dev.tributary.pipelines.sales;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.pipelines.runtime.CliRun;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SalesCli's argument mistakes, found before any database is asked: the database given cannot be
 * reached, so a check made too late fails with "cannot reach PostgreSQL" instead.
 */
class SalesCliTest {
  private static final String NO_SERVER = "jdbc:postgresql://127.0.0.1:1/tributary";

  private static CliRun cli(String... args) {
    return CliRun.of(out -> new SalesCli(out).run(args));
  }

  @Test
  void commandsAreChecked() {
    cli("top-buyers", "--jdbcUrl", NO_SERVER)
        .assertMistake("unknown command 'top-buyers'; usage: sales.sh top-members | top-items");
    cli().assertMistake("no command; usage: sales.sh top-members | top-items");
    cli("top-items", "--limit", "5", "--jdbcUrl", NO_SERVER)
        .assertMistake("unexpected argument(s) [--limit, 5]; usage: sales.sh");
    cli("top-members", "--jdbcUrl").assertMistake("--jdbcUrl needs a value");
  }

  @Test
  void helpIsTheUsage() {
    CliRun help = cli("--help");
    assertEquals(0, help.code(), help.err().toString());
    assertEquals(List.of("usage: sales.sh top-members | top-items   [--jdbcUrl URL]"), help.out());
  }
}
