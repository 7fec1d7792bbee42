package dev.tributary.pipelines.energy;

import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sinks.SinkOptions;
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
 * energy.changes}, or append them to BigQuery ({@code --sink}). The run counts answers and, per
 * dataset, values: read = written (inserted, updated, unchanged) + rejected.
 *
 * <p>Run: {@code scripts/run.sh energy [--start=YYYY-MM-DD --end=YYYY-MM-DD]
 * [--apiUrl=https://api.energy-charts.info] [--source=staged]}: staged rebuilds the window's tables
 * from the stored answers, without the API.
 */
public final class EnergyPipeline implements Job<EnergyOptions> {
  /** The answers, then the values of each dataset. */
  static final String RESPONSES = "responses";

  /** The run in progress, from {@link #beforeRun} to {@link #afterRun}. */
  private EnergyRun run;

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
    EnergyRequests requests = EnergyRequests.of(options);
    return Input.json("Energy")
        .requests(requests.http(options))
        .staged(requests.staged(options.getJdbcUrl()));
  }

  @Override
  public void beforeRun(EnergyOptions options, Sources.Checked input, Ledger ledger) {
    boolean fromApi = Sources.source(options, input(options)) == SourceOptions.Source.http;
    run = EnergyRun.start(options, fromApi, ledger, System.out);
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
    SinkOptions.Sink sink = options.getSink();
    if (sink.postgres()) {
      context.write(
          "WritePublicPower", exploded.get(ExplodeResponses.POWER), EnergySink.publicPower(ledger));
      context.write(
          "WritePrices", exploded.get(ExplodeResponses.PRICES), EnergySink.prices(ledger));
      context.write(
          "WriteInstalledPower",
          exploded.get(ExplodeResponses.INSTALLED),
          EnergySink.installedPower(ledger));
    }
    if (sink.bigQuery()) {
      boolean counted = !sink.postgres();
      context.write(
          "WritePublicPowerBigQuery",
          exploded.get(ExplodeResponses.POWER),
          EnergySink.publicPowerBigQuery(options, ledger, counted));
      context.write(
          "WritePricesBigQuery",
          exploded.get(ExplodeResponses.PRICES),
          EnergySink.pricesBigQuery(options, ledger, counted));
      context.write(
          "WriteInstalledPowerBigQuery",
          exploded.get(ExplodeResponses.INSTALLED),
          EnergySink.installedPowerBigQuery(options, ledger, counted));
    }
    context.write(
        "WriteQualityChecks",
        exploded.get(ExplodeResponses.CHECKS).apply("CheckAnswers", new CheckAnswers()),
        EnergySink.qualityChecks(ledger));
  }

  @Override
  public void afterRun(EnergyOptions options, String jdbcUrl) {
    EnergyRun ended = run;
    run = null;
    if (ended != null) {
      ended.finish(jdbcUrl);
    }
  }

  @Override
  public void report(EnergyOptions options, RunSummary summary, PrintStream out) {
    EnergyRun.report(options, summary, out);
  }
}
