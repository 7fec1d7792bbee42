package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.http.ReplayServer;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.pipelines.runtime.RunningJob;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batch and stream are one graph: a stream polling every second until it is stopped stores the
 * readings, daily summaries and moving averages that repeated batch polls store from the same
 * answers.
 */
class WeatherStreamIT {
  /** Everything but the bookkeeping (run, pane, timing, times of writing). */
  private static final String TABLES =
      "SELECT (SELECT string_agg(concat_ws('|', city_id, observed_at, temperature_c, humidity_pct,"
          + " condition_id), ',' ORDER BY city_id, observed_at) FROM weather.observations),"
          + " (SELECT string_agg(concat_ws('|', city_id, local_date, min_c, max_c, mean_c,"
          + " mean_humidity_pct, precipitation_mm, dominant_condition_id, readings), ','"
          + " ORDER BY city_id, local_date) FROM weather.daily_summaries),"
          + " (SELECT string_agg(concat_ws('|', city_id, hour_start, mean_c, moving_mean_c,"
          + " hours_present, complete, readings), ',' ORDER BY city_id, hour_start)"
          + " FROM weather.hourly_temperatures)";

  @RegisterExtension final TestDatabase batch = TestDatabase.perTest(true);
  @RegisterExtension final TestDatabase stream = TestDatabase.perTest(true);
  private ReplayServer api;

  /**
   * Three hours ago: recent enough for a stream's windows, which take readings up to
   * --allowedLateness behind the watermark (the machine's clock). The server's now stands still but
   * where the test moves it.
   */
  private final Instant start = Instant.now().minus(3, ChronoUnit.HOURS);

  @BeforeEach
  void api() throws Exception {
    api = ReplayServer.start(0, start).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private WeatherOptions options(TestDatabase db, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--apiUrl=" + api.url(),
                "--jdbcUrl=" + db.jdbcUrl(),
                "--cities=" + WeatherPipelineTest.CITIES,
                WeatherPipelineIT.CITIES,
                "--requestsPerMinute=0",
                "--progress=false"));
    args.addAll(List.of(more));
    return PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(WeatherOptions.class);
  }

  @Test
  void theStreamKeepsTheTablesRepeatedBatchPollsWrite() throws Exception {
    int polls = 12; // two hours of readings, every 10 minutes
    for (int i = 0; i < polls; i++) {
      api.at(start.plusSeconds(600L * i));
      RunSummary poll = JobRunner.run(new WeatherPipeline(), options(batch));
      assertTrue(poll.isComplete(), poll.toString());
    }
    assertEquals(3L * polls, batch.queryLong("SELECT count(*) FROM weather.observations"));
    List<String> tables = batch.queryRows(TABLES);

    api.at(start);
    AtomicReference<RunningJob> job = new AtomicReference<>();
    CompletableFuture<RunSummary> run =
        CompletableFuture.supplyAsync(
            () ->
                JobRunner.run(
                    new WeatherPipeline(),
                    options(stream, "--streaming=true", "--interval=PT1S", "--updateEvery=PT1S"),
                    job::set));
    for (int i = 0; i < polls; i++) {
      api.at(start.plusSeconds(600L * i));
      stream.awaitCount("SELECT count(*) FROM weather.observations", 3L * (i + 1), run);
    }
    // The last panes fire within --updateEvery; the tables then hold what the batches wrote.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!stream.queryRows(TABLES).equals(tables) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    job.get().stop();
    RunSummary summary = run.get(2, TimeUnit.MINUTES);

    assertEquals("stopped", summary.run().status());
    assertEquals(tables, stream.queryRows(TABLES));
    assertEquals(0, stream.queryLong("SELECT count(*) FROM weather.observation_changes"));
  }
}
