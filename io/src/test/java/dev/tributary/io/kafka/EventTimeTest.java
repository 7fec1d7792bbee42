package dev.tributary.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where payloads keep their event time: a CSV column or a JSON field. */
class EventTimeTest {
  private static final long MAY_28_9AM = Instant.parse("2018-05-28T09:00:00Z").toEpochMilli();

  @Test
  void readsTheNamedColumnOfAHeaderlessCsvLine() {
    EventTime time = EventTime.csvColumn(List.of("region", "note", "datetime"), "datetime");
    assertEquals(MAY_28_9AM, time.millis("Praha,\"a, quoted\",2018-05-28 09:00:00"));
    assertNull(time.millis("Praha,short"), "too few columns");
    assertNull(time.millis("Praha,x,yesterday"), "not a timestamp");
    assertThrows(
        IllegalArgumentException.class, () -> EventTime.csvColumn(List.of("region"), "datetime"));
  }

  @Test
  void readsTheNamedFieldOfAJsonObject() {
    EventTime time = EventTime.jsonField("datetime");
    assertEquals(
        MAY_28_9AM, time.millis("{\"region\":\"Praha\",\"datetime\":\"2018-05-28T09:00:00Z\"}"));
    assertNull(time.millis("{\"region\":\"Praha\"}"), "no such field");
    assertNull(time.millis("{\"datetime\":1527498000000}"), "a number is not a timestamp text");
    assertNull(time.millis("not json"), "not JSON");
  }
}
