package dev.tributary.pipelines.sales;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.QueryTable;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.parse.ParseCsv;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;

/**
 * The sales database's generator (seed 004 §2): the catalogue's manufacturers and items, then
 * {@code --transactions} sales of them to the members (the first 50 successful applications of the
 * sample, copied from the applications job's rows), each with 1 to 5 line items, reproducibly from
 * {@code --seed} ({@link GenerateSales}). Writes are upserts keyed by the generated ids, in
 * foreign-key order (manufacturers, items, transactions, lines), so a re-run changes nothing; the
 * database sums each transaction's totals from its lines.
 *
 * <p>Run: {@code scripts/run.sh applications}, then {@code scripts/run.sh sales [--transactions N]
 * [--seed S]}.
 */
public final class SalesPipeline implements Job<SalesOptions> {
  static final String ITEMS = "items";
  static final String TRANSACTIONS = "transactions";
  static final String LINE_ITEMS = "line items";

  public static void main(String[] args) {
    JobRunner.main(new SalesPipeline(), args);
  }

  @Override
  public String name() {
    return "sales";
  }

  @Override
  public String description() {
    return "Generated sales of a catalogue's items to the first 50 successful applicants:"
        + " transactions and line items in PostgreSQL, reproducible from a seed.";
  }

  @Override
  public Class<SalesOptions> optionsClass() {
    return SalesOptions.class;
  }

  @Override
  public List<String> levels() {
    return List.of(ITEMS, TRANSACTIONS, LINE_ITEMS);
  }

  private static Input catalogue(SalesOptions options) {
    return Input.csv("Catalogue", CatalogueItem.COLUMNS).files(options.getCatalogue());
  }

  @Override
  public Sources.Checked check(SalesOptions options) {
    long most = GenerateSales.PER_SEED - 1;
    if (options.getTransactions() < 0 || options.getTransactions() > most) {
      throw new UsageException(
          "--transactions must be 0 to " + most + ", was " + options.getTransactions());
    }
    long seeds = Long.MAX_VALUE / GenerateSales.PER_SEED - 1;
    if (options.getSeed() < 0 || options.getSeed() > seeds) {
      throw new UsageException("--seed must be 0 to " + seeds + ", was " + options.getSeed());
    }
    Sources.Checked checked = Sources.check(options, catalogue(options));
    Migrations.migrate(options.getJdbcUrl());
    SalesMembers.storedFile(options.getJdbcUrl(), options.getApplications());
    return checked;
  }

  @Override
  public void beforeRun(SalesOptions options, Sources.Checked input, Ledger ledger) {
    String sha256 = SalesMembers.storedFile(ledger.jdbcUrl(), options.getApplications());
    options.setMemberIds(SalesMembers.copy(ledger.jdbcUrl(), sha256));
  }

  @Override
  public void build(Pipeline pipeline, SalesOptions options, JobContext context) {
    Ledger ledger = context.ledger();
    String jdbcUrl = ledger.jdbcUrl();
    ParseCsv<CatalogueItem> parse =
        ParseCsv.of(CatalogueItem.class, CatalogueItem.COLUMNS, CatalogueItem::fromCsv);
    PCollectionTuple parsed = context.read(catalogue(options)).apply("ParseCatalogue", parse);
    context.reject(parsed.get(DeadLetters.TAG));
    PCollection<CatalogueItem> catalogue = parsed.get(parse.parsedTag());

    // Of one manufacturer's several items, the sink's merge keeps one row.
    PCollection<DeadLetter> manufacturers =
        catalogue
            .apply(
                "Manufacturers",
                MapElements.into(TypeDescriptor.of(Manufacturer.class))
                    .via(CatalogueItem::getManufacturer))
            .apply(
                "WriteManufacturers",
                UpsertSink.<Manufacturer>into(jdbcUrl, "sales.manufacturers")
                    .withKeys("manufacturer_id"));
    PCollection<Item> items =
        catalogue.apply(
            "Items", MapElements.into(TypeDescriptor.of(Item.class)).via(CatalogueItem::getItem));
    PCollection<DeadLetter> itemsWritten =
        items
            .apply("AfterManufacturers", Wait.on(manufacturers))
            .apply(
                "WriteItems",
                UpsertSink.<Item>into(jdbcUrl, "sales.items")
                    .withKeys("item_id")
                    .withCounting(ledger.written(ITEMS, (Item i) -> (long) i.getItemId())));

    PCollectionTuple generated =
        pipeline.apply(
            "GenerateSales",
            GenerateSales.of(
                options.getTransactions(),
                options.getSeed(),
                options.getMemberIds(),
                items.apply("ItemsView", View.asList())));
    PCollection<Sale> sales = generated.get(GenerateSales.SALES);
    PCollection<LineItem> lines = generated.get(GenerateSales.LINES);
    context.count(
        "CountTransactions",
        sales,
        ledger.<Sale>read("generated transactions", Sale::getTransactionId).inLevel(TRANSACTIONS));
    context.count(
        "CountLineItems",
        lines,
        ledger.<LineItem>read("generated lines", LineItem::recordId).inLevel(LINE_ITEMS));
    PCollection<DeadLetter> salesWritten =
        sales.apply(
            "WriteTransactions",
            UpsertSink.<Sale>into(jdbcUrl, "sales.transactions")
                .withKeys("transaction_id")
                // Written once: a re-run must not undo what logistics has completed since.
                .withUpdateCondition("false")
                .withCounting(
                    ledger
                        .<Sale>written(TRANSACTIONS, Sale::getTransactionId)
                        .inLevel(TRANSACTIONS)));
    PCollection<DeadLetter> linesWritten =
        lines
            .apply("AfterTransactionsAndItems", Wait.on(salesWritten, itemsWritten))
            .apply(
                "WriteLineItems",
                UpsertSink.<LineItem>into(jdbcUrl, "sales.line_items")
                    .withKeys("transaction_id", "line_no")
                    .withCounting(
                        ledger
                            .<LineItem>written(LINE_ITEMS, LineItem::recordId)
                            .inLevel(LINE_ITEMS)));
    List.of(manufacturers, itemsWritten, salesWritten, linesWritten).forEach(context::reject);
  }

  /** {@code sales: transactions N, line items M, items K, members 50}: what the schema holds. */
  @Override
  public void report(SalesOptions options, RunSummary summary, PrintStream out) {
    try {
      List<String> counts =
          QueryTable.query(
                  options.getJdbcUrl(),
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
