package dev.tributary.pipelines.energy;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

/** Value i goes with timestamp i; what cannot be aligned is rejected with what it takes along. */
class ResponseReaderTest {
  private static final String POWER = "http://api/public_power?country=de&start=2025-10-26";
  private static final Instant FETCHED = Instant.parse("2025-10-27T08:00:00Z");

  private static ResponseReader.Result read(String url, String body) throws Exception {
    return ResponseReader.read(url, body, FETCHED);
  }

  @Test
  void valuesAreAlignedWithTheirTimestampsByIndexAndKeyedByName() throws Exception {
    var result =
        read(
            POWER,
            """
            {"unix_seconds":[1761429600,1761430500,1761431400],
             "production_types":[
               {"name":"Wind onshore","data":[10.5,11.0,null]},
               {"name":"Hydro pumped storage consumption","data":[-300.0,-250.5,-200]}],
             "deprecated":false}""");
    assertEquals(6, result.valuesRead);
    assertEquals(List.of(), result.rejections);
    PowerValue first = result.power.get(0);
    assertEquals("de", first.getCountry());
    assertEquals("wind_onshore", first.getSeries());
    assertEquals("Wind onshore", first.getName());
    assertEquals(Instant.parse("2025-10-25T22:00:00Z"), first.getIntervalStart());
    assertEquals(900, first.getIntervalSeconds());
    assertEquals(10.5, first.getValue());
    assertNull(result.power.get(2).getValue(), "a null is kept: not reported yet");
    assertEquals(-250.5, result.power.get(4).getValue(), "consumption keeps its sign");
    assertEquals(Instant.parse("2025-10-25T22:30:00Z"), result.power.get(5).getIntervalStart());
    assertEquals(FETCHED, first.getFetchedAt());
    assertEquals("public_power", result.raw.getDataset());
  }

  @Test
  void aSeriesOfAnotherLengthIsRejectedWholeAndTheOthersLoad() throws Exception {
    var result =
        read(
            POWER,
            """
            {"unix_seconds":[1761429600,1761430500],
             "production_types":[{"name":"Solar","data":[1,2,3]},{"name":"Load","data":[5,6]}]}""");
    assertEquals(5, result.valuesRead);
    assertEquals(2, result.power.size());
    ResponseReader.Rejection rejection = result.rejections.get(0);
    assertEquals("$.production_types[0].data", rejection.path());
    assertEquals(3, rejection.values());
    assertEquals("3 values for 2 unix_seconds: they cannot be aligned", rejection.reason());
  }

  @Test
  void badTimestampsAndValuesAreRejectedOneByOne() throws Exception {
    var result =
        read(
            POWER,
            """
            {"unix_seconds":[1761429600,"x",1761429600,1761431400],
             "production_types":[{"name":"Load","data":[1,2,3,"four"]}]}""");
    assertEquals(4, result.valuesRead);
    assertEquals(1, result.power.size());
    assertEquals(
        List.of(
            "$.production_types[0].data[1]",
            "$.production_types[0].data[2]",
            "$.production_types[0].data[3]"),
        result.rejections.stream().map(ResponseReader.Rejection::path).toList());
    assertThat(result.rejections.get(0).reason(), containsString("not a whole number"));
    assertThat(result.rejections.get(1).reason(), containsString("repeats unix_seconds[0]"));
    assertThat(result.rejections.get(2).reason(), containsString("not a number: \"four\""));
  }

  @Test
  void aSeriesWithoutANameIsRejectedWithItsValues() throws Exception {
    var result =
        read(POWER, "{\"unix_seconds\":[1761429600],\"production_types\":[{\"data\":[1]}]}");
    assertEquals(1, result.valuesRead);
    assertEquals("a series without a name", result.rejections.get(0).reason());
    assertEquals(1, result.rejections.get(0).values());
  }

  @Test
  void intervalsFollowTheSpacingAcrossTheQuarterHourChangeAndGaps() throws Exception {
    // 2025-09-30 22:00 and 23:00 local (hourly), then quarter-hours from 2025-10-01 00:00
    // local; a gap of one quarter-hour after 00:15.
    var result =
        read(
            "http://api/price?bzn=DE-LU&start=2025-09-30&end=2025-10-01",
            """
            {"unix_seconds":[1759262400,1759266000,1759269600,1759270500,1759272300],
             "price":[80.1,-5.0,null,70,71],"unit":"EUR / MWh","deprecated":false}""");
    assertEquals(
        List.of(3600, 3600, 900, 900, 900),
        result.prices.stream().map(PriceValue::getIntervalSeconds).toList());
    assertEquals("DE-LU", result.prices.get(0).getBzn());
    assertEquals("EUR / MWh", result.prices.get(0).getUnit());
    assertEquals(-5.0, result.prices.get(1).getPrice());
    assertNull(result.prices.get(2).getPrice());
  }

  @Test
  void installedPowerPeriodsAreYearsOrMonthsFromLocalMidnight() throws Exception {
    var yearly =
        read(
            "http://api/installed_power?country=de&time_step=yearly&installation_decommission=false",
            """
            {"time":["2002","2003","20x4"],
             "production_types":[{"name":"Battery storage (capacity)","data":[null,0.1,0.2]}],
             "last_update":1756651767,"deprecated":false}""");
    assertEquals(2, yearly.installed.size());
    InstalledValue value = yearly.installed.get(1);
    assertEquals(Instant.parse("2002-12-31T23:00:00Z"), value.getPeriodStart());
    assertEquals("2003", value.getPeriod());
    assertEquals("GWh", value.getUnit());
    assertEquals("installed", value.getMeasure());
    assertThat(yearly.rejections.get(0).reason(), containsString("neither a year nor MM.YYYY"));

    var monthly =
        read(
            "http://api/installed_power?country=de&time_step=monthly&installation_decommission=true",
            "{\"time\":[\"07.2024\"],\"production_types\":[{\"name\":\"Solar\",\"data\":[1200]}]}");
    InstalledValue july = monthly.installed.get(0);
    assertEquals(Instant.parse("2024-06-30T22:00:00Z"), july.getPeriodStart());
    assertEquals("net_installation", july.getMeasure());
    assertEquals("MW", july.getUnit());
  }

  @Test
  void emptyAndOddAnswersHoldNoValuesButAreKept() throws Exception {
    var empty = read(POWER, "{\"unix_seconds\":[],\"production_types\":[],\"deprecated\":false}");
    assertEquals(0, empty.valuesRead);
    assertEquals(
        "{\"unix_seconds\":[],\"production_types\":[],\"deprecated\":false}", empty.raw.getBody());
    assertEquals(0, read(POWER, "[1,2]").valuesRead);
    assertThrows(JsonProcessingException.class, () -> read(POWER, "Internal Server Error"));
  }
}
