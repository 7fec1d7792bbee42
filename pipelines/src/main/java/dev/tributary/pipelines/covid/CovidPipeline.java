package dev.tributary.pipelines.covid;

import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
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
 * Reads covid19api.com's daily confirmed cases of a country ({@code
 * /country/{slug}/status/confirmed?from=&to=}; the service is gone, the local replay serves its
 * recorded answer) into PostgreSQL: the answer as received ({@code covid.raw_responses}) and one
 * cleaned row per country and day ({@code covid.confirmed_cases}), both upserted, so a re-run
 * changes nothing. New cases per day, the flag of a count that went down and the 7-day average are
 * the view {@code covid.daily_cases} over the stored series. The run counts answers and days: read
 * = written (inserted, updated, unchanged) + rejected.
 *
 * <p>Run: {@code scripts/run.sh covid [--from 2021-01-01] [--to 2021-12-31] [--source=staged]};
 * staged rebuilds the days from the stored answer of the same request, without the API.
 */
public final class CovidPipeline implements Job<CovidOptions> {
  static final String ANSWERS = "answers";
  static final String DAYS = "days";

  public static void main(String[] args) {
    JobRunner.main(new CovidPipeline(), args);
  }

  @Override
  public String name() {
    return "covid";
  }

  @Override
  public String description() {
    return "COVID-19 confirmed cases in Singapore (covid19api.com, replayed) to daily cumulative"
        + " counts, new cases and their 7-day average in PostgreSQL.";
  }

  @Override
  public Class<CovidOptions> optionsClass() {
    return CovidOptions.class;
  }

  @Override
  public List<String> levels() {
    return List.of(ANSWERS, DAYS);
  }

  @Override
  public Sources.Checked check(CovidOptions options) {
    return Sources.check(options, input(options));
  }

  private static Input input(CovidOptions options) {
    return Input.json("Covid")
        .requests(CovidRequests.http(options))
        .staged(CovidRequests.staged(options));
  }

  @Override
  public void build(Pipeline pipeline, CovidOptions options, JobContext context) {
    Ledger ledger = context.ledger();
    PCollectionTuple parsed = context.read(input(options)).apply("ParseCases", new ParseCases());
    context.reject(parsed.get(DeadLetters.TAG));
    context.count(
        "CountDaysRead",
        parsed.get(ParseCases.DAYS_READ),
        ledger.<KV<Long, Map<String, Long>>>read("days", KV::getKey).withParts(KV::getValue));
    context.write("WriteRawResponses", parsed.get(ParseCases.RAW), CovidSink.raw(ledger));
    context.write("WriteConfirmedCases", parsed.get(ParseCases.DAYS), CovidSink.days(ledger));
  }

  @Override
  public void report(CovidOptions options, RunSummary summary, PrintStream out) {
    CovidRun.report(options.getJdbcUrl(), summary, out);
  }
}
