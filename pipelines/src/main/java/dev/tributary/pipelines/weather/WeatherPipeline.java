package dev.tributary.pipelines.weather;

import dev.tributary.io.runs.Ledger;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.SourceOptions;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.runtime.IsoDurations;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.JobContext;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.DeadLetters;
import java.io.PrintStream;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.StreamingOptions;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

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

  /** The allowed lateness of a batch: Beam caps a window's end plus this at the end of time. */
  private static final Duration ALL_OF_TIME = Duration.standardDays(1_000 * 365);

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
    double perMinute = options.getRequestsPerMinute();
    if (perMinute < 0) {
      throw new dev.tributary.io.UsageException(
          "--requestsPerMinute must be 0 (no limit) or more, was " + perMinute);
    }
    options.setRequestsPerSecond(perMinute == 0 ? Double.MAX_VALUE : perMinute / 60);
    IsoDurations.positive(options.getUpdateEvery(), "--updateEvery");
    IsoDurations.positive(options.getAllowedLateness(), "--allowedLateness");
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
    List<City> cities = WeatherRequests.of(options).cities();
    WeatherRun.registerCities(options.getJdbcUrl(), cities);
    double perMinute = options.getRequestsPerMinute();
    boolean fromApi = Sources.source(options, input(options)) == SourceOptions.Source.http;
    if (fromApi && perMinute > 0 && cities.size() > perMinute / 6) {
      System.out.printf(
          "weather: %d cities at --requestsPerMinute=%s take about %.0f s a poll: the API's limit,"
              + " not the pipeline's%n",
          cities.size(),
          java.math.BigDecimal.valueOf(perMinute).stripTrailingZeros().toPlainString(),
          (cities.size() - 1) * 60 / perMinute);
    }
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

    PCollection<KV<Long, Reading>> readings = readings("Fetched", observations, true);
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
              .and(readings("Stored", stored, false))
              .apply("AllReadings", Flatten.pCollections());
    }
    // A batch has no late reading: every window waits for all of them (a reading's time is its
    // dt, behind the fetch that stamped the answer, and behind the watermark that stamp set).
    boolean streaming = options.as(StreamingOptions.class).isStreaming();
    PCollectionTuple derived =
        readings.apply(
            "SummariseWeather",
            new SummariseWeather(
                options.getMovingAverageHours(),
                streaming
                    ? IsoDurations.positive(options.getAllowedLateness(), "--allowedLateness")
                    : ALL_OF_TIME,
                streaming
                    ? IsoDurations.positive(options.getUpdateEvery(), "--updateEvery")
                    : null));
    context.write(
        "WriteDailySummaries", derived.get(SummariseWeather.DAILY), WeatherSink.daily(ledger));
    context.write(
        "WriteHourlyTemperatures",
        derived.get(SummariseWeather.HOURLY),
        WeatherSink.hourly(ledger));
  }

  /** {@code observations} as readings per city, {@code fresh} if this run fetched them. */
  private static PCollection<KV<Long, Reading>> readings(
      String name, PCollection<Observation> observations, boolean fresh) {
    return observations
        .apply(
            "To" + name + "Readings",
            MapElements.into(
                    TypeDescriptors.kvs(TypeDescriptors.longs(), TypeDescriptor.of(Reading.class)))
                .via(o -> KV.of(o.getCityId(), Reading.of(o, fresh))))
        .setCoder(
            org.apache.beam.sdk.coders.KvCoder.of(
                org.apache.beam.sdk.coders.VarLongCoder.of(), Reading.CODER));
  }

  @Override
  public void report(WeatherOptions options, RunSummary summary, PrintStream out) {
    WeatherRun.report(options.getJdbcUrl(), summary, out);
  }
}
