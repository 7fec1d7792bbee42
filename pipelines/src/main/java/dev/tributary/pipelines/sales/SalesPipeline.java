package dev.tributary.pipelines.sales;

import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.parse.ParseCsv;
import java.io.PrintStream;
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
    return Input.csv("Catalogue", CatalogueItem.COLUMNS)
        .files(options.getCatalogue(), "--catalogue");
  }

  @Override
  public Sources.Checked check(SalesOptions options) {
    SalesRun.checkOptions(options);
    Sources.Checked checked = Sources.check(options, catalogue(options));
    SalesRun.checkMembers(options);
    return checked;
  }

  @Override
  public void beforeRun(SalesOptions options, Sources.Checked input, Ledger ledger) {
    options.setMemberIds(SalesRun.copyMembers(options, ledger.jdbcUrl()));
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
            .apply("WriteManufacturers", SalesSink.manufacturers(jdbcUrl));
    PCollection<Item> items =
        catalogue.apply(
            "Items", MapElements.into(TypeDescriptor.of(Item.class)).via(CatalogueItem::getItem));
    PCollection<DeadLetter> itemsWritten =
        items
            .apply("AfterManufacturers", Wait.on(manufacturers))
            .apply("WriteItems", SalesSink.items(ledger));

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
        sales.apply("WriteTransactions", SalesSink.transactions(ledger));
    PCollection<DeadLetter> linesWritten =
        lines
            .apply("AfterTransactionsAndItems", Wait.on(salesWritten, itemsWritten))
            .apply("WriteLineItems", SalesSink.lineItems(ledger));
    List.of(manufacturers, itemsWritten, salesWritten, linesWritten).forEach(context::reject);
  }

  @Override
  public void report(SalesOptions options, RunSummary summary, PrintStream out) {
    SalesRun.report(options.getJdbcUrl(), out);
  }
}
