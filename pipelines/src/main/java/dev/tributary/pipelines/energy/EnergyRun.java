package dev.tributary.pipelines.energy;

import dev.tributary.io.runs.Ledger;
import dev.tributary.pipelines.runtime.QueryTable;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * What an energy run does around its graph: before it, the cursor (a backfill skips the requests
 * whose answers are stored whole, except those of the last {@code --refetchDays}); after it, the
 * data-quality verdict (a failed hard check fails the run, once everything else is stored); and its
 * report.
 */
final class EnergyRun {
  private final Ledger ledger;

  private EnergyRun(Ledger ledger) {
    this.ledger = ledger;
  }

  /** Starts run {@code ledger}; looks up the cursor when the answers come from the API. */
  static EnergyRun start(EnergyOptions options, boolean fromApi, Ledger ledger, PrintStream out) {
    if (fromApi) {
      List<String> window = EnergyRequests.of(options).window();
      options.setStoredRequests(EnergyCursor.stored(options.getJdbcUrl(), window));
      if (!options.getStoredRequests().isEmpty()) {
        out.printf(
            "energy: %d of the window's %d daily requests are stored whole; fetching the rest and"
                + " the last %d days again%n",
            options.getStoredRequests().size(), window.size(), options.getRefetchDays());
      }
    }
    return new EnergyRun(ledger);
  }

  /** Fails the run if a hard data-quality check failed. */
  void finish(String jdbcUrl) {
    List<String> failed =
        EnergyQuality.of(jdbcUrl, ledger.runId()).stream()
            .filter(o -> !o.passed() && o.severity().equals("hard"))
            .map(EnergyQuality.Outcome::toString)
            .toList();
    if (!failed.isEmpty()) {
      throw new IllegalStateException(
          "hard data-quality checks failed: "
              + String.join("; ", failed)
              + " (all checks: scripts/energy.sh quality)");
    }
  }

  /**
   * Per dataset {@code public_power: read N = inserted I + updated U + unchanged C + rejected R}
   * (BigQuery alone: {@code read N = appended A + rejected R}), then the checks that did not pass.
   */
  static void report(EnergyOptions options, RunSummary summary, PrintStream out) {
    String jdbcUrl = options.getJdbcUrl();
    for (Dataset dataset : Dataset.values()) {
      String line =
          options.getSink().postgres()
              ? summary.changes(dataset.key)
              : String.format(
                  "read %d = appended %d to BigQuery + rejected %d",
                  summary.counts(dataset.key).read(),
                  summary.counts(dataset.key).written(),
                  summary.counts(dataset.key).rejected());
      out.println(dataset.key + ": " + line);
    }
    List<EnergyQuality.Outcome> checks = EnergyQuality.of(jdbcUrl, summary.runId());
    List<EnergyQuality.Outcome> failed = checks.stream().filter(o -> !o.passed()).toList();
    out.printf(
        "quality: %d checks passed, %d did not%s%n",
        checks.size() - failed.size(), failed.size(), failed.isEmpty() ? "" : ":");
    failed.forEach(f -> out.println("  " + f.severity() + " " + f));
    if (options.getSink().postgres() && options.getDatasets().contains(Dataset.PRICE.key)) {
      priceVsWind(options, out);
    }
  }

  /** The window's first days of the price-vs-wind report: what the load is for, at a glance. */
  private static void priceVsWind(EnergyOptions options, PrintStream out) {
    EnergyReports.Request request =
        new EnergyReports.Request(
            options.getCountry(),
            options.getBzn(),
            Areas.zone(options.getCountry()),
            LocalDate.parse(options.getStart()),
            LocalDate.parse(options.getEnd()),
            Double.parseDouble(EnergyCli.DEFAULT_THRESHOLD),
            Double.parseDouble(EnergyCli.DEFAULT_MIN_EXPECTED_MW));
    QueryTable table;
    try {
      table = EnergyReports.run(options.getJdbcUrl(), EnergyReports.Report.PRICE_VS_WIND, request);
    } catch (SQLException e) {
      throw new IllegalStateException("the price-vs-wind report failed: " + e.getMessage(), e);
    }
    out.println(
        "price-vs-wind, first days (all: scripts/energy.sh report price-vs-wind --from "
            + options.getStart()
            + " --to "
            + options.getEnd()
            + "):");
    out.print("  " + QueryTable.csvLine(table.columns()));
    table.rows().stream().limit(3).forEach(row -> out.print("  " + QueryTable.csvLine(row)));
  }
}
