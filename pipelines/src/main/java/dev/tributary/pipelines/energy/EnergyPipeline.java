package dev.tributary.pipelines.energy;

import dev.tributary.io.runs.Counts;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.SourceOptions;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetters;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Loads the Energy-Charts API into PostgreSQL: fetch each day's public power and prices and the
 * installed power (rate-limited, retried, failures dead-lettered), keep every answer as received
 * ({@code energy.raw_responses}), explode the answers into one row per interval and series ({@link
 * ExplodeResponses}) and merge the rows by their natural keys, every change kept in {@code
 * energy.changes}. The run counts answers and, per dataset, values: read = written (inserted,
 * updated, unchanged) + rejected.
 *
 * <p>Run: {@code scripts/run.sh energy [--start=YYYY-MM-DD --end=YYYY-MM-DD]
 * [--apiUrl=https://api.energy-charts.info]}.
 */
public final class EnergyPipeline implements Job<EnergyOptions> {
  /** The answers, then the values of each dataset. */
  static final String RESPONSES = "responses";

  /** The run in progress, from {@link #beforeRun} to {@link #afterRun}. */
  private Ledger run;

  public static void main(String[] args) {
    JobRunner.main(new EnergyPipeline(), args);
  }

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public String description() {
    return "Energy-Charts API (public power, prices, installed power) to raw answers and"
        + " change-tracked tables in PostgreSQL.";
  }

  @Override
  public Class<EnergyOptions> optionsClass() {
    return EnergyOptions.class;
  }

  @Override
  public List<String> levels() {
    return List.of(
        RESPONSES, Dataset.PUBLIC_POWER.key, Dataset.PRICE.key, Dataset.INSTALLED_POWER.key);
  }

  @Override
  public Sources.Checked check(EnergyOptions options) {
    return Sources.check(options, input(options));
  }

  private static Input input(EnergyOptions options) {
    return Input.json("Energy").requests(EnergyRequests.of(options).http(options));
  }

  /**
   * Looks up the cursor: a backfill skips the requests whose answers are stored whole, except those
   * of the last {@code --refetchDays}.
   */
  @Override
  public void beforeRun(EnergyOptions options, Sources.Checked input, Ledger ledger) {
    run = ledger;
    if (Sources.source(options, input(options)) != SourceOptions.Source.http) {
      return;
    }
    List<String> window = EnergyRequests.of(options).window();
    options.setStoredRequests(EnergyCursor.stored(options.getJdbcUrl(), window));
    if (!options.getStoredRequests().isEmpty()) {
      System.out.printf(
          "energy: %d of the window's %d daily requests are stored whole; fetching the rest and"
              + " the last %d days again%n",
          options.getStoredRequests().size(), window.size(), options.getRefetchDays());
    }
  }

  @Override
  public void build(Pipeline pipeline, EnergyOptions options, JobContext context) {
    Ledger ledger = context.ledger();
    PCollectionTuple exploded =
        context.read(input(options)).apply("ExplodeResponses", new ExplodeResponses());
    context.reject(exploded.get(DeadLetters.TAG));
    context.count(
        "CountValuesRead",
        exploded.get(ExplodeResponses.VALUES_READ),
        ledger.<KV<Long, Map<String, Long>>>read("values", KV::getKey).withParts(KV::getValue));
    context.write("WriteRawResponses", exploded.get(ExplodeResponses.RAW), EnergySink.raw(ledger));
    context.write(
        "WritePublicPower", exploded.get(ExplodeResponses.POWER), EnergySink.publicPower(ledger));
    context.write("WritePrices", exploded.get(ExplodeResponses.PRICES), EnergySink.prices(ledger));
    context.write(
        "WriteInstalledPower",
        exploded.get(ExplodeResponses.INSTALLED),
        EnergySink.installedPower(ledger));
    context.write(
        "WriteQualityChecks",
        exploded.get(ExplodeResponses.CHECKS).apply("CheckAnswers", new CheckAnswers()),
        EnergySink.qualityChecks(ledger));
  }

  /** A failed hard data-quality check fails the run, once everything else is stored. */
  @Override
  public void afterRun(EnergyOptions options, String jdbcUrl) {
    Ledger ended = run;
    run = null;
    if (ended == null) {
      return;
    }
    List<String> failed =
        EnergyQuality.of(jdbcUrl, ended.runId()).stream()
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
   * Per dataset: {@code public_power: read N = inserted I + updated U + unchanged C + rejected R}.
   */
  @Override
  public void report(EnergyOptions options, RunSummary summary, PrintStream out) {
    for (String level : levels().subList(1, levels().size())) {
      Counts c = summary.counts(level);
      out.printf(
          "%s: read %d = inserted %d + updated %d + unchanged %d + rejected %d%n",
          level, c.read(), c.inserted(), c.updated(), c.unchanged(), c.rejected());
    }
    List<EnergyQuality.Outcome> checks = EnergyQuality.of(options.getJdbcUrl(), summary.runId());
    List<EnergyQuality.Outcome> warnings = checks.stream().filter(o -> !o.passed()).toList();
    out.printf(
        "quality: %d checks passed, %d did not%s%n",
        checks.size() - warnings.size(), warnings.size(), warnings.isEmpty() ? "" : ":");
    warnings.forEach(w -> out.println("  " + w.severity() + " " + w));
  }
}
