package dev.tributary.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.tributary.transforms.geo.GeoPoint;
import java.time.Instant;
import org.apache.beam.sdk.util.SerializableUtils;
import org.junit.jupiter.api.Test;

class RulesTest {
  private static final Instant MAY_2018 = Instant.parse("2018-05-01T00:00:00Z");
  private static final Instant JUNE_2018 = Instant.parse("2018-06-01T00:00:00Z");

  @Test
  void requiredRejectsNullAndBlank() {
    Rule<String> rule = Rules.required("name", s -> s);

    assertNull(rule.check("Praha"));
    assertEquals("missing name", rule.check(null));
    assertEquals("missing name", rule.check(""));
    assertEquals("missing name", rule.check(" \t"));
  }

  @Test
  void onEarthAcceptsTheEdges() {
    Rule<GeoPoint> rule = Rules.onEarth("origin", p -> p);

    assertNull(rule.check(GeoPoint.of(14.5, 50.0)));
    assertNull(rule.check(GeoPoint.of(-180, -90)));
    assertNull(rule.check(GeoPoint.of(180, 90)));
  }

  @Test
  void onEarthRejectsOffEarthNanAndNull() {
    Rule<GeoPoint> rule = Rules.onEarth("origin", p -> p);

    assertEquals(
        "origin out of range: " + GeoPoint.of(180.0001, 0), rule.check(GeoPoint.of(180.0001, 0)));
    assertNotNull(rule.check(GeoPoint.of(0, -90.5)));
    assertNotNull(rule.check(GeoPoint.of(Double.NaN, 0)));
    assertNotNull(rule.check(GeoPoint.of(0, Double.NaN)));
    assertEquals("origin out of range: null", rule.check(null));
  }

  @Test
  void betweenIncludesBothEnds() {
    Rule<Double> rule = Rules.between("fare", v -> v, 0, 500);

    assertNull(rule.check(0.0));
    assertNull(rule.check(500.0));
    assertEquals("fare out of range [0.0, 500.0]: -0.01", rule.check(-0.01));
    assertEquals("fare out of range [0.0, 500.0]: 500.5", rule.check(500.5));
  }

  @Test
  void betweenRejectsNanAndNull() {
    Rule<Double> rule = Rules.between("fare", v -> v, 0, 500);

    assertNotNull(rule.check(Double.NaN));
    assertEquals("fare out of range [0.0, 500.0]: null", rule.check(null));
  }

  @Test
  void timestampBetweenIncludesMinAndExcludesMax() {
    Rule<Long> rule = Rules.timestampBetween("started_at", t -> t, MAY_2018, JUNE_2018);

    assertNull(rule.check(MAY_2018.toEpochMilli()));
    assertNull(rule.check(JUNE_2018.toEpochMilli() - 1));
    assertEquals(
        "started_at 2018-06-01T00:00:00Z after the latest allowed, 2018-06-01T00:00:00Z",
        rule.check(JUNE_2018.toEpochMilli()));
    assertEquals(
        "started_at 2018-04-30T23:59:59.999Z before the earliest allowed, 2018-05-01T00:00:00Z",
        rule.check(MAY_2018.toEpochMilli() - 1));
  }

  @Test
  void timestampBetweenRejectsNullInsteadOfThrowing() {
    Rule<Long> rule = Rules.timestampBetween("started_at", t -> t, MAY_2018, JUNE_2018);

    assertEquals("missing started_at", rule.check(null));
  }

  @Test
  void rulesSurviveSerialization() {
    Rule<Long> rule =
        SerializableUtils.clone(Rules.timestampBetween("started_at", t -> t, MAY_2018, JUNE_2018));

    assertNull(rule.check(MAY_2018.toEpochMilli()));
    assertNotNull(rule.check(JUNE_2018.toEpochMilli()));
  }
}
