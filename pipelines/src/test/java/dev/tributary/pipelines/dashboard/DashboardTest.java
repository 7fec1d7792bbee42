package dev.tributary.pipelines.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.transforms.geo.GeoGrid;
import dev.tributary.transforms.geo.GeoPoint;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard without a database: its parameters, its options and what its server answers. */
class DashboardTest {
  private static final LocalDate JAN_1 = LocalDate.parse("2021-01-01");
  private static final LocalDate DEC_31 = LocalDate.parse("2021-12-31");

  @Test
  void parametersAreDecodedAndABlankOneIsNone() {
    Params p = Params.of("city=S%C3%A3o+Paulo&from=&to=2021-03-31");
    assertEquals("São Paulo", p.text("city", null));
    assertEquals(new Params.Days(JAN_1, LocalDate.parse("2021-03-31")), p.days(JAN_1, DEC_31));
    assertEquals(new Params.Days(JAN_1, DEC_31), Params.of(null).days(JAN_1, DEC_31));
  }

  @Test
  void aBadDayOrAReversedRangeIsOneLine() {
    assertEquals(
        "from must be a day YYYY-MM-DD, was '2021-13-01'",
        assertThrows(
                Params.BadParameter.class, () -> Params.of("from=2021-13-01").days(JAN_1, DEC_31))
            .getMessage());
    assertEquals(
        "from (2021-12-31) is after to (2021-01-01)",
        assertThrows(
                Params.BadParameter.class,
                () -> Params.of("from=2021-12-31&to=2021-01-01").days(JAN_1, DEC_31))
            .getMessage());
  }

  @Test
  void aGroupIsLabelledByItsCellsCentresAndTimeOfDay() {
    GeoGrid grid = GeoGrid.parse("0.01");
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("region", "Prague");
    group.put("grid", "0.01");
    group.put("bucket_start", "08:00");
    group.put("bucket_end", "08:30");
    group.put("origin_cell", grid.cellOf(GeoPoint.of(14.4201, 50.0811)));
    group.put("destination_cell", grid.cellOf(GeoPoint.of(14.4399, 50.0899)));
    assertEquals(
        "Prague 08:00–08:30, 50.085,14.425 → 50.085,14.435 (grid 0.01)",
        TripsReport.groupLabel(new Row(group)));
    GeoGrid geohash = GeoGrid.parse("geohash:6");
    group.put("grid", "geohash:6");
    group.put("origin_cell", geohash.cellOf(GeoPoint.of(14.4974, 50.0014)));
    group.put("destination_cell", geohash.cellOf(GeoPoint.of(14.4974, 50.0014)));
    assertEquals(
        "Prague 08:00–08:30, 50.002,14.496 → 50.002,14.496 (grid geohash:6)",
        TripsReport.groupLabel(new Row(group)));
  }

  @Test
  void aBadPortIsOneLine() {
    assertEquals(8088, Dashboard.port(" 8088 "));
    assertEquals(
        "--port must be a TCP port number (0-65535), was '80a'",
        assertThrows(UsageException.class, () -> Dashboard.port("80a")).getMessage());
    assertThrows(UsageException.class, () -> Dashboard.port("65536"));
  }

  @Test
  void theServerServesEchartsAndSaysWhenTheDatabaseIsUnreachable() throws Exception {
    try (DashboardServer server =
        DashboardServer.start(
            new InetSocketAddress("127.0.0.1", 0), "jdbc:postgresql://127.0.0.1:1/nothing")) {
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> echarts = get(http, server.url() + "static/echarts.min.js");
      assertEquals(200, echarts.statusCode());
      assertTrue(echarts.body().length() > 500_000, "the whole bundle");
      HttpResponse<String> page = get(http, server.url() + "covid");
      assertTrue(page.body().contains("data-page=\"covid\""), page.body());
      assertTrue(
          page.body().contains("<a href=\"/covid\" aria-current=\"page\">"), "the menu marks it");
      assertEquals(404, get(http, server.url() + "nothing").statusCode());

      HttpResponse<String> api = get(http, server.url() + "api/covid");
      assertEquals(503, api.statusCode());
      assertTrue(
          api.body().startsWith("{\"error\":\"cannot reach PostgreSQL at 127.0.0.1:1/nothing"),
          api.body());
    }
  }

  @Test
  void aPortInUseIsOneLine() {
    try (DashboardServer first =
        DashboardServer.start(new InetSocketAddress("127.0.0.1", 0), "jdbc:postgresql://x/y")) {
      int port = URI.create(first.url()).getPort();
      UsageException e =
          assertThrows(
              UsageException.class,
              () ->
                  DashboardServer.start(
                      new InetSocketAddress("127.0.0.1", port), "jdbc:postgresql://x/y"));
      assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + port), e.getMessage());
    }
  }

  private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
