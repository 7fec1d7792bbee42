package dev.tributary.pipelines.sales;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;

/**
 * What a sales run does around its graph: before it, the options checked and the members copied
 * from the applications job's rows ({@link SalesMembers}); after it, what the schema holds.
 */
final class SalesRun {
  private SalesRun() {}

  /** {@code --transactions} and {@code --seed} within what the generator's ids can hold. */
  static void checkOptions(SalesOptions options) {
    long most = GenerateSales.PER_SEED - 1;
    if (options.getTransactions() < 0 || options.getTransactions() > most) {
      throw new UsageException(
          "--transactions must be 0 to " + most + ", was " + options.getTransactions());
    }
    long seeds = Long.MAX_VALUE / GenerateSales.PER_SEED - 1;
    if (options.getSeed() < 0 || options.getSeed() > seeds) {
      throw new UsageException("--seed must be 0 to " + seeds + ", was " + options.getSeed());
    }
  }

  /** The applications the members come from are stored; else one line saying what to run. */
  static void checkMembers(SalesOptions options) {
    Migrations.migrate(options.getJdbcUrl());
    SalesMembers.storedFile(options.getJdbcUrl(), options.getApplications());
  }

  /** Copies the members (once) and returns their ids in the applications file's order. */
  static List<String> copyMembers(SalesOptions options, String jdbcUrl) {
    return SalesMembers.copy(jdbcUrl, SalesMembers.storedFile(jdbcUrl, options.getApplications()));
  }

  /** {@code sales: transactions N, line items M, items K, members 50}: what the schema holds. */
  static void report(String jdbcUrl, PrintStream out) {
    try {
      List<String> counts =
          QueryTable.query(
                  jdbcUrl,
                  "SELECT (SELECT count(*) FROM sales.transactions),"
                      + " (SELECT count(*) FROM sales.line_items),"
                      + " (SELECT count(*) FROM sales.items), (SELECT count(*) FROM sales.members)")
              .rows()
              .get(0);
      out.printf(
          "sales: transactions %s, line items %s, items %s, members %s%n",
          counts.get(0), counts.get(1), counts.get(2), counts.get(3));
    } catch (SQLException e) {
      throw new IllegalStateException("the sales report failed: " + e.getMessage(), e);
    }
  }
}
