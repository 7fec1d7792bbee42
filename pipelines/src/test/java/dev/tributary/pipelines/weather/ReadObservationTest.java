package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.pipelines.weather.ReadObservation.Units;
import dev.tributary.transforms.RecordException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The six recorded answers, the three unit systems, the oddities and what cannot be read. */
class ReadObservationTest {
  private static final Instant FETCHED = Instant.parse("2025-06-15T10:00:00Z");

  private static String recorded(String name) throws IOException {
    try (InputStream in =
        ReadObservationTest.class.getResourceAsStream("/weather/responses/" + name)) {
      assertNotNull(in, name + " is not on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Observation read(Units units, String body) throws RecordException {
    return ReadObservation.read(1, units, ReadObservation.json(body), FETCHED);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "owm_current_lagos_metric.json",
        "owm_current_manhattan_beach_clouds_pretty.json",
        "owm_current_manhattan_beach_fog.json",
        "owm_current_manhattan_beach_smoke.json",
        "owm_current_poltava_metric_reserialized.json",
        "owm_current_saint_joseph_imperial.json"
      })
  void everyRecordedAnswerReadsAndPassesTheRules(String name) throws Exception {
    Units units =
        name.contains("metric")
            ? Units.METRIC
            : name.contains("imperial") ? Units.IMPERIAL : Units.STANDARD;
    Observation o = read(units, recorded(name));
    assertNull(ObservationRules.clean().cleaner().rejection(o), name);
    assertTrue(o.getTemperatureC() > -30 && o.getTemperatureC() < 40, name + ": " + o);
  }

  @Test
  void lagosSendsItsCloudsAsAStringAndMetricStaysAsIs() throws Exception {
    Observation o = read(Units.METRIC, recorded("owm_current_lagos_metric.json"));
    assertEquals(59.0, o.getCloudsPct());
    assertEquals(32.18, o.getTemperatureC());
    assertEquals(1.56, o.getWindSpeedMs());
    assertEquals(Instant.ofEpochSecond(1639914149), o.getObservedAt());
    assertEquals(3600, o.getUtcOffsetSeconds());
    assertEquals("metric", o.getUnitsRequested());
    assertEquals(803, o.getConditionId());
  }

  @Test
  void kelvinAndFahrenheitAndMilesPerHourBecomeCelsiusAndMetresPerSecond() throws Exception {
    Observation beach = read(Units.STANDARD, recorded("owm_current_manhattan_beach_fog.json"));
    assertEquals(20.42, beach.getTemperatureC()); // 293.57 K
    assertEquals(1.54, beach.getWindSpeedMs());
    assertNull(beach.getWindGustMs());
    assertNull(beach.getSeaLevelHpa());
    Observation joseph = read(Units.IMPERIAL, recorded("owm_current_saint_joseph_imperial.json"));
    assertEquals(-18.88, joseph.getTemperatureC()); // -1.98 °F
    assertEquals(5.14, joseph.getWindSpeedMs()); // 11.5 mph
    assertEquals(9.26, joseph.getWindGustMs()); // 20.71 mph
  }

  @Test
  void oneReadingAskedForInEachUnitSystemIsStoredTheSame() throws Exception {
    String template =
        "{\"main\":{\"temp\":%s,\"humidity\":50},\"wind\":{\"speed\":%s},\"weather\":[{\"id\":800}],"
            + "\"dt\":1750000000,\"timezone\":0,\"cod\":200}";
    Observation metric = read(Units.METRIC, String.format(template, "21.5", "4.47"));
    Observation kelvin = read(Units.STANDARD, String.format(template, "294.65", "4.47"));
    Observation fahrenheit = read(Units.IMPERIAL, String.format(template, "70.7", "10"));
    assertEquals(metric.getTemperatureC(), kelvin.getTemperatureC());
    assertEquals(metric.getTemperatureC(), fahrenheit.getTemperatureC());
    assertEquals(metric.getWindSpeedMs(), fahrenheit.getWindSpeedMs());
  }

  @Test
  void theLocalDayIsTheDateAtTheReadingsOwnOffset() throws Exception {
    String body =
        "{\"main\":{\"temp\":10,\"humidity\":50},\"wind\":{\"speed\":1},\"weather\":[{\"id\":800}],"
            + "\"dt\":%d,\"timezone\":%d}";
    // 2025-06-15T22:30Z is the 16th in Berlin (+02:00) and still the 15th in Chicago (-05:00).
    long dt = Instant.parse("2025-06-15T22:30:00Z").getMillis() / 1000;
    assertEquals("2025-06-16", read(Units.METRIC, String.format(body, dt, 7200)).getLocalDate());
    assertEquals("2025-06-15", read(Units.METRIC, String.format(body, dt, -18000)).getLocalDate());
  }

  @Test
  void rainForThreeHoursCountsAThirdPerHour() throws Exception {
    Observation o =
        read(
            Units.METRIC,
            "{\"main\":{\"temp\":10,\"humidity\":90},\"wind\":{\"speed\":3},\"rain\":{\"3h\":6},"
                + "\"weather\":[{\"id\":501}],\"dt\":1750000000,\"timezone\":-18000}");
    assertEquals(3, o.getPrecipitationHours());
    assertEquals(6.0, o.getRainMm());
    assertEquals(2.0, o.getPrecipitationMmH());
    Observation dry = read(Units.METRIC, recorded("owm_current_lagos_metric.json"));
    assertNull(dry.getPrecipitationHours());
    assertEquals(0.0, dry.getPrecipitationMmH());
  }

  @Test
  void whatCannotBeReadSaysWhy() {
    assertEquals(
        "the answer is not JSON: Unexpected character ('<' (code 60)): expected a valid value"
            + " (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
        assertThrows(RecordException.class, () -> ReadObservation.json("<html>")).getMessage());
    assertEquals(
        "the answer is an error: cod 404, city not found",
        assertThrows(
                RecordException.class,
                () -> read(Units.METRIC, "{\"cod\":\"404\",\"message\":\"city not found\"}"))
            .getMessage());
    String noTemp =
        "{\"main\":{\"humidity\":50},\"wind\":{\"speed\":1},\"weather\":[{\"id\":800}],"
            + "\"dt\":1750000000,\"timezone\":0}";
    assertEquals(
        "missing main.temp",
        assertThrows(RecordException.class, () -> read(Units.METRIC, noTemp)).getMessage());
    String badWind =
        noTemp
            .replace("\"humidity\":50", "\"temp\":1,\"humidity\":50")
            .replace("\"speed\":1", "\"speed\":\"fast\"");
    assertEquals(
        "wind.speed is not a number: \"fast\"",
        assertThrows(RecordException.class, () -> read(Units.METRIC, badWind)).getMessage());
    String noZone =
        noTemp
            .replace("\"humidity\":50", "\"temp\":1,\"humidity\":50")
            .replace(",\"timezone\":0", "");
    assertEquals(
        "missing timezone: the reading's local day is unknown",
        assertThrows(RecordException.class, () -> read(Units.METRIC, noZone)).getMessage());
  }

  @Test
  void impossibleValuesBreakARule() throws Exception {
    String body =
        "{\"main\":{\"temp\":%s,\"humidity\":%s},\"wind\":{\"speed\":%s},\"weather\":[{\"id\":%s}],"
            + "\"dt\":1750000000,\"timezone\":0}";
    var cleaner = ObservationRules.clean().cleaner();
    assertEquals(
        "humidity_pct out of range [0.0, 100.0]: 150.0",
        cleaner.rejection(read(Units.METRIC, String.format(body, 10, 150, 1, 800))));
    assertEquals(
        "temperature_c out of range [-90.0, 60.0]: 70.0",
        cleaner.rejection(read(Units.METRIC, String.format(body, 70, 50, 1, 800))));
    assertEquals(
        "wind_speed_ms out of range [0.0, 150.0]: -2.0",
        cleaner.rejection(read(Units.METRIC, String.format(body, 10, 50, -2, 800))));
    assertEquals(
        "condition 999 is not one of OpenWeatherMap's condition codes",
        cleaner.rejection(read(Units.METRIC, String.format(body, 10, 50, 1, 999))));
  }
}
