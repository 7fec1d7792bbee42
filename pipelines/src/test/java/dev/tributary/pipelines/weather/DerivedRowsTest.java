package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** The daily summary and the moving average against numbers worked out by hand. */
class DerivedRowsTest {
  static Reading reading(String at, double celsius, double humidity, double mmH, int condition) {
    return new Reading(
        Instant.parse(at).getMillis(), 0, 3600, celsius, humidity, mmH, condition, true);
  }

  @Test
  void aDayIsSummarisedFromItsReadings() {
    List<Reading> day =
        List.of(
            reading("2025-06-14T23:10:00Z", 10, 80, 0, 800), // 00:10 local: the 15th
            reading("2025-06-15T09:00:00Z", 20, 60, 1.2, 500),
            reading("2025-06-15T09:20:00Z", 22, 50, 0.6, 500), // same local hour: mean 0.9 mm/h
            reading("2025-06-15T15:00:00Z", 16, 70, 2.0, 501));
    DailySummary summary = DailySummary.of(7, "2025-06-15", day, "ON_TIME", 0);
    assertEquals(10, summary.getMinC());
    assertEquals(22, summary.getMaxC());
    assertEquals(17, summary.getMeanC()); // (10 + 20 + 22 + 16) / 4
    assertEquals(65, summary.getMeanHumidityPct());
    assertEquals(2.9, summary.getPrecipitationMm()); // 0 + 0.9 + 2.0 over three hours
    assertEquals(500, summary.getDominantConditionId());
    assertEquals(4, summary.getReadings());
  }

  @Test
  void aTieOfConditionsGoesToTheLowerCode() {
    List<Reading> day =
        List.of(
            reading("2025-06-15T09:00:00Z", 20, 60, 0, 803),
            reading("2025-06-15T10:00:00Z", 20, 60, 0, 801));
    assertEquals(801, DailySummary.of(7, "2025-06-15", day, "ON_TIME", 0).getDominantConditionId());
  }

  @Test
  void theMovingAverageIsTheMeanOfTheHoursPresent() {
    // Hours 10, 11 and 13 of a five-hour window ending at 14:00; 09:00 and 12:00 have no reading.
    List<Reading> hours =
        List.of(
            reading("2025-06-15T10:00:00Z", 10, 50, 0, 800),
            reading("2025-06-15T10:30:00Z", 12, 50, 0, 800), // hour 10: 11
            reading("2025-06-15T11:10:00Z", 14, 50, 0, 800), // hour 11: 14
            reading("2025-06-15T13:50:00Z", 20, 50, 0, 800)); // hour 13: 20
    HourlyTemperature row =
        HourlyTemperature.of(7, Instant.parse("2025-06-15T14:00:00Z"), 5, hours, "EARLY", 2);
    assertEquals(Instant.parse("2025-06-15T13:00:00Z"), row.getHourStart());
    assertEquals(20, row.getMeanC());
    assertEquals(15, row.getMovingMeanC()); // (11 + 14 + 20) / 3
    assertEquals(3, row.getHoursPresent());
    assertFalse(row.getComplete());
    assertEquals(4, row.getReadings());
    assertNull(
        HourlyTemperature.of(7, Instant.parse("2025-06-15T13:00:00Z"), 5, hours, "EARLY", 0),
        "hour 12 has no reading: no row");
  }

  @Test
  void everyHourPresentMakesTheWindowComplete() {
    List<Reading> hours =
        List.of(
            reading("2025-06-15T12:05:00Z", 8, 50, 0, 800),
            reading("2025-06-15T13:05:00Z", 10, 50, 0, 800));
    HourlyTemperature row =
        HourlyTemperature.of(7, Instant.parse("2025-06-15T14:00:00Z"), 2, hours, "ON_TIME", 0);
    assertTrue(row.getComplete());
    assertEquals(9, row.getMovingMeanC());
  }
}
