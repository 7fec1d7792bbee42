package dev.tributary.pipelines.sales;

import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.runtime.CliArgs;
import dev.tributary.pipelines.runtime.Launcher;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.PrintStream;
import java.util.Map;

/**
 * The analysts' sales questions from the command line ({@code scripts/sales.sh}), answered with the
 * SQL files of {@code infra/sql/queries/sales/} and printed as CSV:
 *
 * <pre>
 * top-members   the top 10 members by spending
 * top-items     the top 3 items by the number of transactions that contain them
 * </pre>
 *
 * Each takes {@code --jdbcUrl URL} (default as for the pipelines). A mistake is one line on stderr
 * and exit code 2 ({@link Launcher}).
 */
public final class SalesCli {
  private static final String USAGE = "usage: sales.sh top-members | top-items   [--jdbcUrl URL]";

  private static final Map<String, SqlFile> QUERIES =
      Map.of(
          "top-members", SqlFile.load("sql/queries/sales/top_members.sql"),
          "top-items", SqlFile.load("sql/queries/sales/top_items.sql"));

  private final PrintStream out;

  SalesCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    Launcher.exit(() -> new SalesCli(System.out).run(args));
  }

  int run(String[] args) throws Exception {
    if (CliArgs.asksForHelp(args)) {
      out.println(USAGE);
      return 0;
    }
    SqlFile query = QUERIES.get(CliArgs.command(args, QUERIES.keySet(), USAGE));
    CliArgs a = CliArgs.afterCommand(args, USAGE);
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    a.done();
    Migrations.migrate(jdbcUrl);
    QueryTable.run(jdbcUrl, query, Map.of()).printCsv(out);
    return 0;
  }
}
