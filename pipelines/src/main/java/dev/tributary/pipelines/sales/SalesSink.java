package dev.tributary.pipelines.sales;

import dev.tributary.io.postgres.UpsertSink;
import dev.tributary.io.runs.Ledger;

/**
 * Where the sales job writes, each an upsert by the generated key, counted at its own level of the
 * run (items, transactions, line items). The job writes them in foreign-key order.
 */
final class SalesSink {
  private SalesSink() {}

  /** Of one manufacturer's several items, the merge keeps one row; not counted: not a level. */
  static UpsertSink<Manufacturer> manufacturers(String jdbcUrl) {
    return UpsertSink.<Manufacturer>into(jdbcUrl, "sales.manufacturers")
        .withKeys("manufacturer_id");
  }

  static UpsertSink<Item> items(Ledger ledger) {
    return UpsertSink.<Item>into(ledger.jdbcUrl(), "sales.items")
        .withKeys("item_id")
        .withCounting(ledger.written(SalesPipeline.ITEMS, (Item i) -> (long) i.getItemId()));
  }

  /** Written once: a re-run must not undo what logistics has completed since. */
  static UpsertSink<Sale> transactions(Ledger ledger) {
    return UpsertSink.<Sale>into(ledger.jdbcUrl(), "sales.transactions")
        .withKeys("transaction_id")
        .withUpdateCondition("false")
        .withCounting(
            ledger
                .<Sale>written(SalesPipeline.TRANSACTIONS, Sale::getTransactionId)
                .inLevel(SalesPipeline.TRANSACTIONS));
  }

  static UpsertSink<LineItem> lineItems(Ledger ledger) {
    return UpsertSink.<LineItem>into(ledger.jdbcUrl(), "sales.line_items")
        .withKeys("transaction_id", "line_no")
        .withCounting(
            ledger
                .<LineItem>written(SalesPipeline.LINE_ITEMS, LineItem::recordId)
                .inLevel(SalesPipeline.LINE_ITEMS));
  }
}
