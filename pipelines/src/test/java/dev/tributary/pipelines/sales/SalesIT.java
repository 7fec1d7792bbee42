package dev.tributary.pipelines.sales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.applications.ApplicationsOptions;
import dev.tributary.pipelines.applications.ApplicationsPipeline;
import dev.tributary.pipelines.runtime.CliRun;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sales generator on real PostgreSQL, after the applications job on the sample: the members, a
 * re-run, the totals and the constraints that keep them.
 */
class SalesIT {
  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path SAMPLE =
      ROOT.resolve("data/sample/applications/applications_dataset_1.csv");
  private static final Path CATALOGUE = ROOT.resolve("data/sample/sales/catalogue.csv");
  private static final long TRANSACTIONS = 300;

  /** Every stored transaction and line, as one hash: equal hashes, equal rows. */
  private static final String FINGERPRINT =
      "SELECT count(*) || '|' || md5(string_agg(t::text || (SELECT string_agg(l::text, ';'"
          + " ORDER BY l.line_no) FROM sales.line_items l WHERE l.transaction_id ="
          + " t.transaction_id), ',' ORDER BY t.transaction_id)) FROM sales.transactions t";

  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  private static RunSummary firstRun;

  static RunSummary sales(String jdbcUrl, long transactions, long seed) {
    String[] args = {
      "--transactions=" + transactions,
      "--seed=" + seed,
      "--applications=" + SAMPLE,
      "--catalogue=" + CATALOGUE,
      "--jdbcUrl=" + jdbcUrl,
      "--progress=false"
    };
    RunSummary summary =
        JobRunner.run(
            new SalesPipeline(), PipelineOptionsFactory.fromArgs(args).as(SalesOptions.class));
    assertTrue(summary.isComplete(), summary.toString());
    return summary;
  }

  static void applications(String jdbcUrl) throws Exception {
    String[] args = {
      "--input=" + SAMPLE,
      "--outputDir=" + Files.createTempDirectory("sales-it"),
      "--runDate=2026-12-05",
      "--jdbcUrl=" + jdbcUrl,
      "--progress=false"
    };
    assertTrue(
        JobRunner.run(
                new ApplicationsPipeline(),
                PipelineOptionsFactory.fromArgs(args).as(ApplicationsOptions.class))
            .isComplete());
  }

  @BeforeAll
  static void applicationsThenSales() throws Exception {
    applications(db.jdbcUrl());
    firstRun = sales(db.jdbcUrl(), TRANSACTIONS, 1);
  }

  @Test
  void everyGeneratedRecordIsWrittenAtItsLevel() {
    assertEquals(30, firstRun.balance("items").written());
    assertEquals(30, firstRun.counts("items").inserted());
    assertEquals(TRANSACTIONS, firstRun.balance("transactions").read());
    assertEquals(TRANSACTIONS, firstRun.counts("transactions").inserted());
    long lines = firstRun.balance("line items").read();
    assertTrue(lines >= TRANSACTIONS && lines <= 5 * TRANSACTIONS, "lines " + lines);
    assertEquals(lines, firstRun.counts("line items").inserted());
  }

  /**
   * The sample's successful lines are known (ApplicationsPipelineIT): the first is line 22, Patty
   * Smith; the 50th is line 479. Members are exactly the successful lines up to 479.
   */
  @Test
  void theMembersAreTheFirst50SuccessfulApplicationsByLine() throws Exception {
    assertEquals(
        List.of("50|22|479|Smith_c7677"),
        db.queryRows(
            "SELECT count(*), min(application_line), max(application_line),"
                + " (array_agg(membership_id ORDER BY application_line))[1] FROM sales.members"));
    assertEquals(
        List.of("50|50"),
        db.queryRows(
            "SELECT count(*), count(m.membership_id) FROM applications.applications a"
                + " LEFT JOIN sales.members m ON m.application_line = a.line"
                + " AND m.membership_id = a.membership_id WHERE a.successful AND a.line <= 479"));
    assertEquals(
        List.of("Smith|Patty|Patty_Smith@ross.com|1975-08-27|59428759|t"),
        db.queryRows(
            "SELECT last_name, first_name, email, date_of_birth, mobile_no, above_18"
                + " FROM sales.members WHERE application_line = 22"));
  }

  @Test
  void aReRunWithTheSameSeedChangesNothingAndAnotherSeedAddsBeside() throws Exception {
    List<String> before = db.queryRows(FINGERPRINT);
    RunSummary again = sales(db.jdbcUrl(), TRANSACTIONS, 1);
    assertEquals(before, db.queryRows(FINGERPRINT));
    assertEquals(TRANSACTIONS, again.balance("transactions").written());
    assertEquals(0, again.counts("transactions").inserted());
    assertEquals(0, again.counts("line items").inserted() + again.counts("line items").updated());
    assertEquals(0, again.counts("items").inserted() + again.counts("items").updated());

    // A logistics change survives a re-run: generated transactions are written once.
    db.execute(
        "UPDATE sales.transactions SET status = 'completed', completed_at = placed_at"
            + " + interval '1 day' WHERE transaction_id = 1000000001 AND status = 'placed'");
    List<String> completed = db.queryRows(FINGERPRINT);
    sales(db.jdbcUrl(), TRANSACTIONS, 1);
    assertEquals(completed, db.queryRows(FINGERPRINT));

    RunSummary seed2 = sales(db.jdbcUrl(), 10, 2);
    assertEquals(10, seed2.counts("transactions").inserted());
    assertEquals(
        List.of(TRANSACTIONS + "|10"),
        db.queryRows(
            "SELECT count(*) FILTER (WHERE transaction_id < 2000000000),"
                + " count(*) FILTER (WHERE transaction_id > 2000000000) FROM sales.transactions"));
    db.execute("DELETE FROM sales.transactions WHERE transaction_id > 2000000000");
  }

  @Test
  void theStoredTotalsAreTheSumsOfTheLines() throws Exception {
    assertEquals(
        List.of(TRANSACTIONS + "|0|0|t"),
        db.queryRows(
            "SELECT count(*), count(*) FILTER (WHERE (t.total_price, t.total_weight_kg) <>"
                + " (l.price, l.weight)), count(*) FILTER (WHERE l.lines NOT BETWEEN 1 AND 5),"
                + " min(t.total_price) > 0 FROM sales.transactions t JOIN (SELECT"
                + " transaction_id, sum(quantity * unit_price) AS price, sum(quantity *"
                + " unit_weight_kg) AS weight, count(*) AS lines FROM sales.line_items GROUP BY"
                + " 1) l USING (transaction_id)"));
    // A line changed or removed moves its transaction's totals with it.
    long id = 1000000002;
    String totals =
        "SELECT total_price, total_weight_kg FROM sales.transactions WHERE"
            + " transaction_id = "
            + id;
    db.execute("INSERT INTO sales.line_items VALUES (" + id + ", 9, 13, 2, 10.50, 1.100)");
    List<String> withLine = db.queryRows(totals);
    db.execute("DELETE FROM sales.line_items WHERE transaction_id = " + id + " AND line_no = 9");
    List<String> without = db.queryRows(totals);
    String[] a = withLine.get(0).split("\\|");
    String[] b = without.get(0).split("\\|");
    assertEquals(
        new java.math.BigDecimal("21.00"),
        new java.math.BigDecimal(a[0]).subtract(new java.math.BigDecimal(b[0])));
    assertEquals(
        new java.math.BigDecimal("2.200"),
        new java.math.BigDecimal(a[1]).subtract(new java.math.BigDecimal(b[1])));
  }

  @Test
  void theDatabaseRefusesWhatBreaksTheRules() {
    assertRefused(
        "23514", // check_violation, raised by the deferred totals trigger at commit
        "UPDATE sales.transactions SET total_price = total_price + 1"
            + " WHERE transaction_id = 1000000001");
    assertRefused(
        "23514",
        "UPDATE sales.transactions SET total_weight_kg = 0 WHERE transaction_id = 1000000003");
    assertRefused(
        "23514", "INSERT INTO sales.line_items VALUES (1000000001, 9, 13, 0, 39.99, 1.100)");
    assertRefused(
        "23514",
        "UPDATE sales.transactions SET status = 'shipped' WHERE transaction_id = 1000000001");
    assertRefused(
        "23514", // completed needs its time, and a placed transaction has none
        "UPDATE sales.transactions SET status = 'completed', completed_at = NULL"
            + " WHERE transaction_id = 1000000001");
    assertRefused(
        "23503", // foreign_key_violation: an item sold stays in the catalogue
        "DELETE FROM sales.items WHERE item_id IN (SELECT item_id FROM sales.line_items)");
    assertRefused(
        "23503",
        "INSERT INTO sales.transactions (transaction_id, membership_id, placed_at)"
            + " VALUES (1, 'Nobody_00000', now())");
  }

  private static void assertRefused(String sqlState, String sql) {
    SQLException e = assertThrows(SQLException.class, () -> db.execute(sql), sql);
    assertEquals(sqlState, e.getSQLState(), e.getMessage());
  }

  @Test
  void withoutTheApplicationsStoredTheRunIsOneLineSayingWhatToRun() throws Exception {
    try (TestDatabase empty = TestDatabase.create(true)) {
      CliRun run =
          CliRun.of(
              out ->
                  JobRunner.run(
                      new SalesPipeline(),
                      new String[] {
                        "--applications=" + SAMPLE,
                        "--catalogue=" + CATALOGUE,
                        "--jdbcUrl=" + empty.jdbcUrl(),
                        "--progress=false"
                      }));
      run.assertMistake(
          "no successful applications of "
              + SAMPLE
              + " are stored: run scripts/run.sh"
              + " applications first");
      assertEquals(0, empty.queryLong("SELECT count(*) FROM ops.ingestion_runs"));
    }
  }
}
