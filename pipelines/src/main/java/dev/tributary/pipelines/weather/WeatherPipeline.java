package dev.tributary.pipelines.weather;

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
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;

/**
 * Polls OpenWeatherMap's current weather for a list of cities into PostgreSQL: every answer as
 * received ({@code weather.raw_responses}), the reading cleaned to °C, m/s, hPa and mm and merged
 * by (city, observed_at), every change kept ({@code weather.observation_changes}), and two derived
 * tables kept current as readings arrive ({@link SummariseWeather}): the daily summary per city and
 * local day and the hourly moving average of temperature. A batch polls every city once (the
 * fetcher of a scheduler's DAG); {@code --streaming} polls every {@code --interval} on the same
 * graph; {@code --source=staged} rebuilds every table from the stored answers. The run counts
 * readings: read = written (inserted, updated, unchanged) + rejected.
 *
 * <p>Run: {@code scripts/run.sh weather [--city ID] [--units imperial] [--streaming]
 * [--apiUrl=https://api.openweathermap.org]} (the key from {@code $OPENWEATHER_API_KEY}).
 */
public final class WeatherPipeline implements Job<WeatherOptions> {
  /** The level of the run's counts: one answer, one reading. */
  static final String READINGS = "readings";

  public static void main(String[] args) {
    JobRunner.main(new WeatherPipeline(), args);
  }

  @Override
  public String name() {
    return "weather";
  }

  @Override
  public String description() {
    return "OpenWeatherMap current weather per city to cleaned readings, daily summaries and"
        + " hourly moving averages in PostgreSQL.";
  }

  @Override
  public Class<WeatherOptions> optionsClass() {
    return WeatherOptions.class;
  }

  @Override
  public List<String> levels() {
    return List.of(READINGS);
  }

  @Override
  public Sources.Checked check(WeatherOptions options) {
    WeatherRun.checkOptions(options);
    return Sources.check(options, input(options));
  }

  private static Input input(WeatherOptions options) {
    WeatherRequests requests = WeatherRequests.of(options);
    return Input.json("Weather")
        .requests(requests.http(options))
        .staged(requests.stored(options.getJdbcUrl()));
  }

  @Override
  public void beforeRun(WeatherOptions options, Sources.Checked input, Ledger ledger) {
    boolean fromApi = Sources.source(options, input(options)) == SourceOptions.Source.http;
    WeatherRun.start(options, WeatherRequests.of(options).cities(), fromApi, System.out);
  }

  @Override
  public void build(Pipeline pipeline, WeatherOptions options, JobContext context) {
    Ledger ledger = context.ledger();
    WeatherRequests requests = WeatherRequests.of(options);
    ParseObservations parse = new ParseObservations(requests.cities());
    PCollectionTuple fetched = context.read(input(options)).apply("ParseObservations", parse);
    context.reject(fetched.get(DeadLetters.TAG));
    context.write("WriteRawResponses", fetched.get(ParseObservations.RAW), WeatherSink.raw(ledger));
    PCollection<Observation> observations = fetched.get(ParseObservations.OBSERVATIONS);
    context.write("WriteObservations", observations, WeatherSink.observations(ledger));

    PCollection<KV<Long, Reading>> readings =
        SummariseWeather.readings("Fetched", observations, true);
    if (Sources.source(options, input(options)) != SourceOptions.Source.staged) {
      PCollection<Observation> stored =
          context
              .readStored(
                  "ReadStoredAnswers",
                  requests.recent(options.getJdbcUrl(), 48 + options.getMovingAverageHours()))
              .apply("ParseStoredObservations", parse)
              .get(ParseObservations.OBSERVATIONS);
      readings =
          PCollectionList.of(readings)
              .and(SummariseWeather.readings("Stored", stored, false))
              .apply("AllReadings", Flatten.pCollections());
    }
    PCollectionTuple derived = readings.apply("SummariseWeather", SummariseWeather.of(options));
    context.write(
        "WriteDailySummaries", derived.get(SummariseWeather.DAILY), WeatherSink.daily(ledger));
    context.write(
        "WriteHourlyTemperatures",
        derived.get(SummariseWeather.HOURLY),
        WeatherSink.hourly(ledger));
  }

  @Override
  public void report(WeatherOptions options, RunSummary summary, PrintStream out) {
    WeatherRun.report(options.getJdbcUrl(), summary, out);
  }
}
