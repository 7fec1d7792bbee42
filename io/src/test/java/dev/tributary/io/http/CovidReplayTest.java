package dev.tributary.io.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The recorded covid19api.com answer, replayed: whole, filtered by from/to, and its errors. */
class CovidReplayTest {
  private static ReplayServer api;

  @BeforeAll
  static void start() throws Exception {
    api = ReplayServer.start(0).maxRequestsPerSecond(0);
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void withoutFromAndToTheWholeRecordingComesBackValueForValue() throws Exception {
    JsonNode all = ReplayHttp.json(api.url() + CovidReplay.PATH);
    try (InputStream in = CovidReplay.class.getResourceAsStream(CovidReplay.RESOURCE)) {
      assertEquals(Reply.MAPPER.readTree(in), all);
    }
    assertEquals(1142, all.size());
  }

  @Test
  void fromAndToKeepTheDaysBetweenThemBothIncluded() throws Exception {
    JsonNode days =
        ReplayHttp.json(
            api.url() + CovidReplay.PATH + "?from=2021-01-01T00:00:00Z&to=2021-01-31T00:00:00Z");
    assertEquals(31, days.size());
    assertEquals("2021-01-01T00:00:00Z", days.get(0).get("Date").asText());
    assertEquals("2021-01-31T00:00:00Z", days.get(30).get("Date").asText());
    assertEquals(
        0, ReplayHttp.json(api.url() + CovidReplay.PATH + "?from=2024-01-01T00:00:00Z").size());
  }

  @Test
  void theTotalEndpointAnswersItsRecordedCasesInTheSameShape() throws Exception {
    JsonNode days = ReplayHttp.json(api.url() + CovidReplay.TOTAL_PATH);
    assertEquals(1035, days.size());
    assertEquals(
        "{\"Country\":\"Singapore\",\"CountryCode\":\"SG\",\"Province\":\"\",\"City\":\"\","
            + "\"CityCode\":\"\",\"Lat\":\"1.35\",\"Lon\":\"103.82\",\"Cases\":0,"
            + "\"Status\":\"confirmed\",\"Date\":\"2020-01-22T00:00:00Z\"}",
        days.get(0).toString());
    assertEquals("2022-11-21T00:00:00Z", days.get(1034).get("Date").asText());
    assertEquals(
        1,
        ReplayHttp.json(
                api.url()
                    + CovidReplay.TOTAL_PATH
                    + "?from=2022-11-21T00:00:00Z&to=2022-11-21T00:00:00Z")
            .size());
  }

  @Test
  void anotherCountryIsNotFoundAndABadInstantABadRequest() throws Exception {
    HttpResponse<String> other = ReplayHttp.get(api.url() + "/country/malaysia/status/confirmed");
    assertEquals(404, other.statusCode());
    assertEquals(CovidReplay.NOT_FOUND, other.body());
    assertEquals(
        400, ReplayHttp.get(api.url() + CovidReplay.PATH + "?from=2021-01-01").statusCode());
  }
}
