package dev.tributary.io.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.http.StubApi.Answer;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fetches against a stub API on a free port: what comes out, and how many times the API was asked.
 * Backoffs are a few milliseconds, so retries cost no time.
 */
@ExtendWith(TestPipelineExtension.class)
class FetchResponsesTest {
  private StubApi api;

  @BeforeEach
  void startApi() throws IOException {
    api = new StubApi();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  /** Fast retries, its own bucket at a rate that never holds a test up. */
  private static FetchResponses fetch() {
    return FetchResponses.create()
        .withMaxAttempts(3)
        .withBackoff(Duration.millis(1), Duration.millis(5))
        .withRequestsPerSecond(1000)
        .withBucket("test-" + UUID.randomUUID());
  }

  @Test
  void answersAreRecordsAndRetriedStatusesSucceedOnALaterAttempt(TestPipeline pipeline) {
    api.on("/ok", Answer.of(200, "{\"v\":1}"))
        .on("/flaky", Answer.status(503), Answer.status(503), Answer.of(200, "{\"v\":2}"))
        .on("/gateway", Answer.status(502), Answer.status(500), Answer.of(200, "{\"v\":3}"))
        .on("/slow-down", Answer.status(429), Answer.status(408), Answer.of(200, "{\"v\":4}"))
        .on("/empty", Answer.of(204, ""));
    Fetched out =
        fetch(
            pipeline,
            fetch(),
            ApiRequest.of("power", api.url("/ok?day=1")),
            ApiRequest.of("power", api.url("/flaky")).withSequence(42),
            ApiRequest.of("power", api.url("/gateway")),
            ApiRequest.of("power", api.url("/slow-down")),
            ApiRequest.of("power", api.url("/empty")));
    PAssert.that(out.records)
        .containsInAnyOrder(
            SourceRecord.of(Location.request(api.url("/ok?day=1"), 0), "{\"v\":1}"),
            SourceRecord.of(Location.request(api.url("/flaky"), 42), "{\"v\":2}"),
            SourceRecord.of(Location.request(api.url("/gateway"), 0), "{\"v\":3}"),
            SourceRecord.of(Location.request(api.url("/slow-down"), 0), "{\"v\":4}"),
            SourceRecord.of(Location.request(api.url("/empty"), 0), ""));
    PAssert.that(out.letters).empty();
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(1, api.count("/ok"));
    assertEquals(3, api.count("/flaky"));
    assertEquals(3, api.count("/gateway"));
    assertEquals(3, api.count("/slow-down"));
    assertEquals("application/json", api.seen("/ok").get(0).accept());
    assertEquals("day=1", api.seen("/ok").get(0).query());
    assertEquals(11, counter(result, "requests"));
    assertEquals(6, counter(result, "retries"));
    assertEquals(1, counter(result, "throttled"));
    assertEquals(0, counter(result, "failed"));
  }

  /**
   * One bundle at a time (target parallelism 1), answers 600 ms late: three requests in flight at
   * once reach the API within one delay, one at a time they are a delay apart; either way each
   * answer comes out once.
   */
  @ParameterizedTest
  @CsvSource({"3, true", "1, false"})
  void requestsOfABundleOverlapUpToTheLimit(
      int concurrent, boolean overlap, TestPipeline pipeline) {
    api.on("/slow", Answer.of(200, "{}").after(600));
    pipeline.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    List<ApiRequest> requests =
        List.of(
            ApiRequest.of("power", api.url("/slow?day=1")),
            ApiRequest.of("power", api.url("/slow?day=2")),
            ApiRequest.of("power", api.url("/slow?day=3")));
    PCollectionTuple out =
        pipeline
            .apply("Requests", Create.<List<ApiRequest>>of(requests)) // one element: one bundle
            .apply("EachRequest", Flatten.iterables())
            .apply("Fetch", fetch().withMaxConcurrentRequests(concurrent));
    PAssert.that(out.get(FetchResponses.RESPONSES))
        .containsInAnyOrder(
            SourceRecord.of(Location.request(api.url("/slow?day=1"), 0), "{}"),
            SourceRecord.of(Location.request(api.url("/slow?day=2"), 0), "{}"),
            SourceRecord.of(Location.request(api.url("/slow?day=3"), 0), "{}"));
    pipeline.run().waitUntilFinish();
    List<Long> arrivals = api.seen("/slow").stream().map(StubApi.Seen::nanos).sorted().toList();
    long spreadMillis = (arrivals.get(2) - arrivals.get(0)) / 1_000_000;
    assertEquals(overlap, spreadMillis < 600, "arrivals spread over " + spreadMillis + " ms");
  }

  @Test
  void aLimitBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> fetch().withMaxConcurrentRequests(0));
  }

  @Test
  void statusesThatWillNotChangeAreDeadLettersAtOnce(TestPipeline pipeline) {
    List<Integer> statuses = List.of(400, 401, 403, 404, 422);
    List<ApiRequest> requests = new ArrayList<>();
    for (int status : statuses) {
      api.on("/" + status, Answer.of(status, "{\"error\":\"no " + status + "\"}"));
      requests.add(ApiRequest.of("power", api.url("/" + status)));
    }
    Fetched out = fetch(pipeline, fetch(), requests.toArray(ApiRequest[]::new));
    PAssert.that(out.records).empty();
    List<DeadLetter> expected = new ArrayList<>();
    for (int status : statuses) {
      String url = api.url("/" + status);
      expected.add(
          DeadLetter.of(
              Location.request(url, 0),
              0,
              "fetch",
              "HTTP " + status + " after 1 attempt: GET " + url,
              "{\"error\":\"no " + status + "\"}"));
    }
    PAssert.that(out.letters).containsInAnyOrder(expected);
    pipeline.run().waitUntilFinish();
    for (int status : statuses) {
      assertEquals(1, api.count("/" + status), "requests for " + status);
    }
  }

  @Test
  void retriesExhaustedIsADeadLetterAfterMaxAttemptsAndTheOthersGoOn(TestPipeline pipeline) {
    api.on("/down", Answer.of(503, "{\"error\":\"maintenance\"}"))
        .on("/busy", Answer.status(429))
        .on("/ok", Answer.of(200, "{}"));
    String down = api.url("/down");
    Fetched out =
        fetch(
            pipeline,
            fetch().withMaxAttempts(4),
            ApiRequest.of("power", down),
            ApiRequest.of("power", api.url("/busy")),
            ApiRequest.of("power", api.url("/ok")));
    PAssert.that(out.records)
        .containsInAnyOrder(SourceRecord.of(Location.request(api.url("/ok"), 0), "{}"));
    PAssert.that(out.letters)
        .containsInAnyOrder(
            DeadLetter.of(
                Location.request(down, 0),
                0,
                "fetch",
                "HTTP 503 after 4 attempts: GET " + down,
                "{\"error\":\"maintenance\"}"),
            DeadLetter.of(
                Location.request(api.url("/busy"), 0),
                0,
                "fetch",
                "HTTP 429 after 4 attempts: GET " + api.url("/busy"),
                "{\"status\":429}"));
    PipelineResult result = pipeline.run();
    result.waitUntilFinish();
    assertEquals(4, api.count("/down"));
    assertEquals(4, api.count("/busy"));
    assertEquals(1, api.count("/ok"));
    assertEquals(2, counter(result, "failed"));
    assertEquals(4, counter(result, "throttled"));
  }

  @Test
  void retryAfterIsHonoured(TestPipeline pipeline) {
    api.on(
        "/limited", Answer.status(429).withHeader("Retry-After", "1"), Answer.of(200, "{\"v\":1}"));
    Fetched out =
        fetch(
            pipeline,
            fetch().withBackoff(Duration.millis(1), Duration.standardSeconds(5)),
            ApiRequest.of("power", api.url("/limited")));
    PAssert.that(out.records)
        .containsInAnyOrder(SourceRecord.of(Location.request(api.url("/limited"), 0), "{\"v\":1}"));
    pipeline.run().waitUntilFinish();
    List<StubApi.Seen> seen = api.seen("/limited");
    assertEquals(2, seen.size());
    long waitedMillis = (seen.get(1).nanos() - seen.get(0).nanos()) / 1_000_000;
    // The backoff alone would have waited 1 ms: the second attempt came after the second asked.
    assertThat(waitedMillis, greaterThanOrEqualTo(990L));
    assertThat(waitedMillis, lessThan(3_000L));
  }

  @Test
  void timeoutsAndRefusedConnectionsAreRetriedThenDeadLetters(TestPipeline pipeline)
      throws IOException {
    api.on("/hangs", Answer.of(200, "{}").after(2_000));
    String hangs = api.url("/hangs");
    String refused = "http://127.0.0.1:" + StubApi.closedPort() + "/power";
    Fetched out =
        fetch(
            pipeline,
            fetch().withMaxAttempts(2).withRequestTimeout(Duration.millis(100)),
            ApiRequest.of("power", hangs),
            ApiRequest.of("power", refused));
    PAssert.that(out.records).empty();
    PAssert.that(out.letters)
        .containsInAnyOrder(
            DeadLetter.of(
                Location.request(hangs, 0),
                0,
                "fetch",
                "timed out after 2 attempts (0.1 s each): GET " + hangs,
                ""),
            DeadLetter.of(
                Location.request(refused, 0),
                0,
                "fetch",
                "connection refused after 2 attempts: GET " + refused,
                ""));
    pipeline.run().waitUntilFinish();
    assertEquals(2, api.count("/hangs"));
  }

  @Test
  void secretsAreMaskedInRecordsAndDeadLetters(TestPipeline pipeline) {
    api.on("/weather", Answer.of(200, "{\"temp\":3.5}"))
        .on(
            "/forecast",
            Answer.of(401, "{\"cod\":401,\"message\":\"Invalid API key s3cr3t-k3y. Please see\"}"));
    String secret = "?lat=52.5&appid=s3cr3t-k3y";
    Fetched out =
        fetch(
            pipeline,
            fetch(),
            ApiRequest.of("weather", api.url("/weather" + secret)),
            ApiRequest.of("forecast", api.url("/forecast" + secret)));
    PAssert.that(out.records)
        .containsInAnyOrder(
            SourceRecord.of(
                Location.request(api.url("/weather?lat=52.5&appid=***"), 0), "{\"temp\":3.5}"));
    PAssert.that(out.letters)
        .containsInAnyOrder(
            DeadLetter.of(
                Location.request(api.url("/forecast?lat=52.5&appid=***"), 0),
                0,
                "fetch",
                "HTTP 401 after 1 attempt: GET " + api.url("/forecast?lat=52.5&appid=***"),
                "{\"cod\":401,\"message\":\"Invalid API key ***. Please see\"}"));
    pipeline.run().waitUntilFinish();
    assertEquals("lat=52.5&appid=s3cr3t-k3y", api.seen("/weather").get(0).query());
  }

  @Test
  void aDeadLetterKeepsTheFirstKilobyteOfTheBody(TestPipeline pipeline) {
    String body = "x".repeat(3000);
    api.on("/big", Answer.of(404, body));
    Fetched out = fetch(pipeline, fetch(), ApiRequest.of("power", api.url("/big")));
    PAssert.that(out.letters)
        .satisfies(
            letters -> {
              DeadLetter letter = letters.iterator().next();
              assertEquals(body.substring(0, 1024), letter.getRaw());
              return null;
            });
    pipeline.run().waitUntilFinish();
    assertEquals("ab", FetchResponses.FetchFn.firstChars("ab\uD83D\uDE95", 3), "no half pair");
  }

  @Test
  void aRequestWithoutATokenInTimeIsADeadLetterAndIsNotSent(TestPipeline pipeline) {
    api.on("/p", Answer.of(200, "{}"));
    // One token per 1000 s and no wait for one: the bucket lets exactly one request through.
    FetchResponses fetch = fetch().withRequestsPerSecond(0.001).withPermitTimeout(Duration.ZERO);
    Fetched out =
        fetch(
            pipeline,
            fetch,
            ApiRequest.of("power", api.url("/p?day=1")),
            ApiRequest.of("power", api.url("/p?day=2")),
            ApiRequest.of("power", api.url("/p?day=3")));
    PAssert.thatSingleton(
            out.records.apply("CountRecords", org.apache.beam.sdk.transforms.Count.globally()))
        .isEqualTo(1L);
    PAssert.that(out.letters)
        .satisfies(
            letters -> {
              int n = 0;
              for (DeadLetter letter : letters) {
                n++;
                assertThat(
                    letter.getReason(),
                    containsString(
                        "no request permit within 0 s at 0.001 requests per second: GET "));
              }
              assertEquals(2, n);
              return null;
            });
    pipeline.run().waitUntilFinish();
    assertEquals(1, api.count("/p"));
  }

  @Test
  void whatIsNoHttpUrlIsADeadLetter(TestPipeline pipeline) {
    Fetched out =
        fetch(
            pipeline,
            fetch(),
            ApiRequest.of("power", "ftp://example.org/file?key=s3cr3t99"),
            ApiRequest.of("power", "no url at all"));
    PAssert.that(out.records).empty();
    PAssert.that(out.letters)
        .satisfies(
            letters -> {
              Map<String, String> reasons = new TreeMap<>();
              letters.forEach(l -> reasons.put(l.getSource(), l.getReason()));
              assertEquals(2, reasons.size(), reasons.toString());
              String ftp = reasons.get("ftp://example.org/file?key=***");
              assertThat(ftp, containsString("not an http(s) URL ("));
              assertThat(ftp, containsString("GET ftp://example.org/file?key=***"));
              assertThat(ftp, not(containsString("s3cr3t99")));
              assertThat(reasons.get("no url at all"), containsString("not an http(s) URL"));
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void recordsAreStampedWithTheInstantOfTheFetch(TestPipeline pipeline) {
    api.on("/ok", Answer.of(200, "{}")).on("/gone", Answer.status(410));
    Instant before = Instant.now();
    Fetched out =
        fetch(
            pipeline,
            fetch(),
            ApiRequest.of("power", api.url("/ok")),
            ApiRequest.of("power", api.url("/gone")));
    PCollection<TimestampedValue<SourceRecord>> records =
        out.records.apply("RecordTimes", Reify.timestamps());
    PCollection<TimestampedValue<DeadLetter>> letters =
        out.letters.apply("LetterTimes", Reify.timestamps());
    PAssert.that(records)
        .satisfies(
            stamped -> {
              stamped.forEach(r -> assertThat(r.getTimestamp(), greaterThanOrEqualTo(before)));
              return null;
            });
    PAssert.that(letters)
        .satisfies(
            stamped -> {
              stamped.forEach(r -> assertThat(r.getTimestamp(), greaterThanOrEqualTo(before)));
              return null;
            });
    pipeline.run().waitUntilFinish();
    assertEquals(1, api.count("/gone"), "410 is not retried");
  }

  @Test
  void settingsAreValidatedAndDisplayed() {
    FetchResponses fetch = FetchResponses.create();
    assertThrows(IllegalArgumentException.class, () -> fetch.withMaxAttempts(0));
    assertThrows(IllegalArgumentException.class, () -> fetch.withRequestsPerSecond(0));
    assertThrows(IllegalArgumentException.class, () -> fetch.withRequestTimeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> fetch.withBackoff(Duration.millis(10), Duration.millis(5)));
    assertThrows(
        IllegalArgumentException.class, () -> fetch.withPermitTimeout(Duration.millis(-1)));
    assertThrows(IllegalArgumentException.class, () -> fetch.withBucket(" "));
    assertEquals(
        Map.of(
            "requestsPerSecond", "2.0",
            "maxAttempts", "5",
            "maxConcurrentRequests", "4",
            "requestTimeout", "30000",
            "initialBackoff", "500",
            "maxBackoff", "30000",
            "permitTimeout", "600000",
            "bucket", "api"),
        displayed(fetch));
    assertEquals("7", displayed(fetch.withMaxAttempts(7)).get("maxAttempts"));
    assertEquals("5", displayed(fetch).get("maxAttempts"), "withX leaves the original as it was");
  }

  @Test
  void optionsAreTheDefaults() {
    HttpOptions options =
        org.apache.beam.sdk.options.PipelineOptionsFactory.fromArgs(
                "--requestsPerSecond=0.5",
                "--maxAttempts=2",
                "--requestTimeoutSeconds=7",
                "--initialBackoffMillis=100",
                "--maxBackoffMillis=900")
            .as(HttpOptions.class);
    Map<String, String> shown = displayed(FetchResponses.with(options));
    assertEquals("0.5", shown.get("requestsPerSecond"));
    assertEquals("2", shown.get("maxAttempts"));
    assertEquals("7000", shown.get("requestTimeout"));
    assertEquals("100", shown.get("initialBackoff"));
    assertEquals("900", shown.get("maxBackoff"));
    HttpOptions defaults = org.apache.beam.sdk.options.PipelineOptionsFactory.as(HttpOptions.class);
    assertEquals(displayed(FetchResponses.create()), displayed(FetchResponses.with(defaults)));
  }

  // --- helpers ---

  private record Fetched(PCollection<SourceRecord> records, PCollection<DeadLetter> letters) {}

  private static Fetched fetch(
      TestPipeline pipeline, FetchResponses fetch, ApiRequest... requests) {
    PCollectionTuple out =
        pipeline.apply("Requests", Create.of(List.of(requests))).apply("Fetch", fetch);
    return new Fetched(out.get(FetchResponses.RESPONSES), out.get(DeadLetters.TAG));
  }

  private static long counter(PipelineResult result, String name) {
    long sum = 0;
    for (MetricResult<Long> counter :
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.named(FetchResponses.class, name))
                    .build())
            .getCounters()) {
      sum += counter.getAttempted();
    }
    return sum;
  }

  private static Map<String, String> displayed(FetchResponses fetch) {
    Map<String, String> items = new TreeMap<>();
    DisplayData.from(fetch)
        .items()
        .forEach(item -> items.put(item.getKey(), String.valueOf(item.getValue())));
    return items;
  }
}
