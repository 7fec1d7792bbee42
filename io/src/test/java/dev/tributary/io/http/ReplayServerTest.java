package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replay server itself: routing, request counts, injected faults, the rate limit. */
class ReplayServerTest {
  private static final Instant NOW = Instant.parse("2026-06-10T10:10:00Z");
  private static final LocalDate DAY = LocalDate.of(2025, 6, 2);

  private ReplayServer server;

  @BeforeEach
  void start() throws IOException {
    server = ReplayServer.start(0, NOW).maxRequestsPerSecond(0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void itListensOnLoopbackAndCountsRequestsPerPath() throws Exception {
    assertTrue(server.url().matches("http://127\\.0\\.0\\.1:\\d+"), server.url());
    HttpResponse<String> unknown = get("/nowhere");
    assertEquals(404, unknown.statusCode());
    assertEquals("{\"detail\":\"Not Found\"}", unknown.body());
    get("/price?start=2025-06-02");
    get("/price?start=2025-06-03");
    assertEquals(2, server.requests("/price"));
    assertEquals(1, server.requests("/nowhere"));
    assertEquals(0, server.requests("/public_power"));
  }

  @Test
  void moreApisAreRoutesRegisteredByPathOrPrefix() throws Exception {
    server.route(
        "/country/",
        request -> Reply.text(200, request.path() + " from " + request.param("from", "?")));
    server.route("/data/2.5/weather", request -> Reply.raw(200, "{\"name\":\"Berlin\"}"));

    assertEquals(
        "/country/germany from 2020-03-01", get("/country/germany?from=2020-03-01").body());
    HttpResponse<String> weather = get("/data/2.5/weather?q=Berlin");
    assertEquals("{\"name\":\"Berlin\"}", weather.body());
    assertEquals("application/json", weather.headers().firstValue("Content-Type").orElse(""));
    assertEquals(404, get("/data/2.5/weatherx").statusCode());
  }

  @Test
  void aStatusFaultIsServedItsTimesThenTheNormalAnswer() throws Exception {
    server.fault("/price", DAY, Fault.status(500, "Internal Server Error", 2));

    assertEquals(200, get("/price?start=2025-06-03").statusCode()); // another day
    assertEquals(200, get("/public_power?start=2025-06-02").statusCode()); // another path
    HttpResponse<String> first = get("/price?start=2025-06-02");
    assertEquals(500, first.statusCode());
    assertEquals("Internal Server Error", first.body());
    // The local day of an ISO start (22:00Z is midnight in Berlin) matches too.
    assertEquals(500, get("/price?start=2025-06-01T22:00Z&end=2025-06-02T03:00Z").statusCode());
    assertEquals(200, get("/price?start=2025-06-02").statusCode());
  }

  @Test
  void aFaultThatNeverWearsOff() throws Exception {
    String body = "{\"detail\":\"No price data available for that bidding zone/time range\"}";
    server.fault("/price", DAY, Fault.status(404, body, Fault.ALWAYS));
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> response = get("/price?bzn=DE-LU&start=2025-06-02");
      assertEquals(404, response.statusCode());
      assertEquals(body, response.body());
      assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }
  }

  @Test
  void faultsForTheSameDayTakeTurns() throws Exception {
    server.fault("/public_power", DAY, Fault.status(503, "Service Unavailable", 1));
    server.fault("/public_power", DAY, Fault.tooManyRequests("30", 1));
    server.fault("/public_power", DAY, Fault.tooManyRequests(null, 1));

    HttpResponse<String> unavailable = get("/public_power?start=2025-06-02");
    assertEquals(503, unavailable.statusCode());
    assertEquals(
        "text/plain; charset=utf-8", unavailable.headers().firstValue("Content-Type").orElse(""));
    HttpResponse<String> limited = get("/public_power?start=2025-06-02");
    assertEquals(429, limited.statusCode());
    assertEquals("30", limited.headers().firstValue("Retry-After").orElse(""));
    HttpResponse<String> bare = get("/public_power?start=2025-06-02");
    assertEquals(429, bare.statusCode());
    assertFalse(bare.headers().firstValue("Retry-After").isPresent());
    assertEquals(200, get("/public_power?start=2025-06-02").statusCode());
  }

  @Test
  void aDelayMakesClientsTimeOut() throws Exception {
    server.fault("/price", DAY, Fault.delay(Duration.ofSeconds(3), 1));
    String url = server.url() + "/price?start=2025-06-02";

    assertThrows(HttpTimeoutException.class, () -> ReplayHttp.get(url, Duration.ofMillis(300)));
    long started = System.nanoTime();
    assertEquals(200, ReplayHttp.get(url, Duration.ofSeconds(2)).statusCode());
    assertTrue(System.nanoTime() - started < 2_000_000_000L);
  }

  @Test
  void aDeprecatedFaultFlagsTheNormalAnswer() throws Exception {
    JsonNode normal = ReplayHttp.json(server.url() + "/price?start=2025-06-02");
    server.fault("/price", DAY, Fault.deprecated(1));

    JsonNode flagged = ReplayHttp.json(server.url() + "/price?start=2025-06-02");
    assertTrue(flagged.get("deprecated").asBoolean());
    assertEquals(normal.get("price"), flagged.get("price"));
    assertFalse(
        ReplayHttp.json(server.url() + "/price?start=2025-06-02").get("deprecated").asBoolean());
  }

  @Test
  void anEmptyArraysFaultIsTheSilentFailure() throws Exception {
    server.fault("/public_power", DAY, Fault.emptyArrays(1));
    server.fault("/price", DAY, Fault.emptyArrays(1));

    HttpResponse<String> power = get("/public_power?country=de&start=2025-06-02");
    assertEquals(200, power.statusCode());
    assertEquals(
        "{\"unix_seconds\":[],\"production_types\":[],\"deprecated\":false}", power.body());
    JsonNode price = ReplayHttp.json(server.url() + "/price?start=2025-06-02");
    assertEquals(0, price.get("unix_seconds").size());
    assertEquals(0, price.get("price").size());
    assertEquals("No Unit", price.get("unit").asText());
  }

  @Test
  void aFaultForASubjectMatchesWhatTheRouteSaysARequestIsAbout() throws Exception {
    // Energy-Charts' subject is the day in ISO, so this is fault("/price", DAY, ...) spelled out.
    server.faultFor("/price", "2025-06-02", Fault.status(503, "Service Unavailable", 1));
    server.faultFor("/public_power", "June", Fault.status(500, "Internal Server Error", 1));

    assertEquals(200, get("/price?start=2025-06-03").statusCode());
    assertEquals(503, get("/price?start=2025-06-02").statusCode());
    assertEquals(200, get("/price?start=2025-06-02").statusCode());
    assertEquals(200, get("/public_power?start=2025-06-02").statusCode()); // no request is "June"
  }

  @Test
  void aFaultWithoutADayMatchesEveryRequestToThePath() throws Exception {
    server.fault("/installed_power", null, Fault.status(502, "Bad Gateway", 2));
    assertEquals(502, get("/installed_power").statusCode());
    assertEquals(502, get("/installed_power?time_step=monthly").statusCode());
    assertEquals(200, get("/installed_power").statusCode());
  }

  @Test
  void moreRequestsPerSecondThanAllowedGet429() throws Exception {
    server.maxRequestsPerSecond(3);
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<String> refused = null;
    for (int i = 0; i < 8; i++) {
      HttpResponse<String> response = get("/nowhere");
      statuses.add(response.statusCode());
      if (response.statusCode() == 429) {
        refused = response;
      }
    }
    assertEquals(List.of(404, 404, 404), statuses.subList(0, 3));
    assertTrue(refused != null, "no 429 in " + statuses);
    assertEquals("1", refused.headers().firstValue("Retry-After").orElse(""));
    assertEquals("Too Many Requests", refused.body());

    Thread.sleep(1_100);
    assertEquals(404, get("/nowhere").statusCode());
  }

  @Test
  void theDefaultLimitIsTenPerSecondAndZeroTurnsItOff() throws Exception {
    try (ReplayServer limited = ReplayServer.start(0, NOW)) {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        statuses.add(ReplayHttp.get(limited.url() + "/nowhere").statusCode());
      }
      assertEquals(
          List.of(404, 404, 404, 404, 404, 404, 404, 404, 404, 404), statuses.subList(0, 10));
      assertTrue(statuses.contains(429), statuses.toString());
    }
    for (int i = 0; i < 30; i++) {
      assertEquals(404, get("/nowhere").statusCode());
    }
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return ReplayHttp.get(server.url() + pathAndQuery);
  }
}
