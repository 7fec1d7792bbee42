package dev.tributary.io.http;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import dev.tributary.io.http.StubApi.Answer;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class HttpSourceTest {
  private StubApi api;

  @BeforeEach
  void startApi() throws IOException {
    api = new StubApi();
  }

  @AfterEach
  void stopApi() {
    api.close();
  }

  private static FetchResponses fetch() {
    return FetchResponses.create()
        .withMaxAttempts(2)
        .withBackoff(Duration.millis(1), Duration.millis(5))
        .withRequestsPerSecond(1000)
        .withBucket("test-" + UUID.randomUUID());
  }

  @Test
  void aBatchFetchesTheBackfillAndNoSchedule(TestPipeline pipeline) {
    api.on("/power", Answer.of(200, "{\"day\":1}")).on("/missing", Answer.status(404));
    String tickUrl = api.url("/tick");
    HttpRequests requests =
        HttpRequests.of(
                api.url("/"),
                List.of(
                    ApiRequest.of("power", api.url("/power?day=1")),
                    ApiRequest.of("power", api.url("/missing"))))
            .every(Duration.millis(50), tick -> List.of(ApiRequest.of("power", tickUrl)));
    PCollectionTuple out = pipeline.apply(HttpSource.of(requests).withFetch(fetch()));
    PAssert.that(out.get(FetchResponses.RESPONSES))
        .containsInAnyOrder(
            SourceRecord.of(Location.request(api.url("/power?day=1"), 0), "{\"day\":1}"));
    PAssert.that(out.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                Location.request(api.url("/missing"), 0),
                0,
                "fetch",
                "HTTP 404 after 1 attempt: GET " + api.url("/missing"),
                "{\"status\":404}"));
    pipeline.run().waitUntilFinish();
    assertEquals(0, api.count("/tick"), "a batch has no schedule");
  }

  @Test
  void aStreamFetchesTheBackfillOnceAndTheScheduleAtEveryTick(TestPipeline pipeline) {
    api.on("/history", Answer.of(200, "{\"h\":1}")).on("/latest", Answer.of(200, "{\"l\":1}"));
    // Locals: the schedule and the assertion are serialized with the job, the test is not.
    String history = api.url("/history");
    String latest = api.url("/latest?at=");
    HttpRequests requests =
        HttpRequests.of(api.url("/"), List.of(ApiRequest.of("power", history)))
            .every(
                Duration.millis(200),
                tick -> List.of(ApiRequest.of("power", latest + tick.getMillis())));
    Instant stop = Instant.now().plus(Duration.millis(700));
    PCollectionTuple out =
        pipeline.apply(
            HttpSource.of(requests)
                .withFetch(fetch())
                .withStreaming(true)
                .withSchedulesUntil(stop));
    PAssert.that(out.get(DeadLetters.TAG)).empty();
    PAssert.that(out.get(FetchResponses.RESPONSES))
        .satisfies(
            records -> {
              TreeSet<Long> ticks = new TreeSet<>();
              int fetchedHistory = 0;
              for (SourceRecord record : records) {
                Location at = record.getLocation();
                if (at.getSource().equals(history)) {
                  fetchedHistory++;
                  assertEquals(0, at.getOffset());
                } else {
                  // The sequence is the tick, which the requests were made for.
                  assertEquals(latest + at.getOffset(), at.getSource());
                  assertEquals("{\"l\":1}", record.getText());
                  ticks.add(at.getOffset());
                }
              }
              assertEquals(1, fetchedHistory, "the backfill is fetched once");
              assertThat(ticks.size(), greaterThanOrEqualTo(2));
              long previous = -1;
              for (long tick : ticks) {
                if (previous >= 0) {
                  assertEquals(200, tick - previous, "ticks " + ticks);
                }
                previous = tick;
              }
              assertThat(ticks.first(), greaterThan(0L));
              return null;
            });
    pipeline.run().waitUntilFinish();
    assertEquals(1, api.count("/history"));
    assertThat(api.count("/latest"), greaterThanOrEqualTo(2));
  }

  @Test
  void theProbePassesOnAnyHttpAnswer() {
    api.on("/", Answer.status(404));
    assertDoesNotThrow(() -> HttpSource.probe(api.url("/?appid=s3cr3t")));
    assertEquals(1, api.count("/"));
  }

  @Test
  void anUnreachableApiIsOneLineWithTheUrlMasked() throws IOException {
    int port = StubApi.closedPort();
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> HttpSource.probe("http://127.0.0.1:" + port + "/v1?appid=s3cr3t"));
    assertEquals(
        "cannot reach the API at http://127.0.0.1:"
            + port
            + "/v1?appid=*** (connection refused); start the local replay server"
            + " (scripts/replay-api.sh start) or pass --apiUrl",
        e.getMessage());
    UsageException notUrl =
        assertThrows(UsageException.class, () -> HttpSource.probe("localhost:8080/v1"));
    assertEquals(
        "cannot reach the API at localhost:8080/v1 (not an http(s) URL); start the local replay"
            + " server (scripts/replay-api.sh start) or pass --apiUrl",
        notUrl.getMessage());
  }

  @Test
  void requestsAreImmutableValues() {
    ApiRequest request = ApiRequest.of("weather", "http://h/w?appid=s3cr3t");
    assertEquals(0, request.getSequence());
    assertEquals(7, request.withSequence(7).getSequence());
    assertEquals(0, request.getSequence());
    assertEquals("ApiRequest{weather, http://h/w?appid=***, 0}", request.toString());
    assertThrows(IllegalArgumentException.class, () -> request.withSequence(-1));
    assertThrows(NullPointerException.class, () -> ApiRequest.of(null, "http://h"));
    HttpRequests requests = HttpRequests.of("http://h", List.of(request));
    assertEquals(0, requests.schedules().size());
    assertEquals(1, requests.every(Duration.standardMinutes(1), t -> List.of()).schedules().size());
    assertThrows(
        IllegalArgumentException.class, () -> requests.every(Duration.ZERO, t -> List.of()));
  }
}
