package dev.tributary.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;

/** The read's configuration; reading a real broker is {@link KafkaLinesIT}'s. */
class KafkaLinesTest {
  private static final KafkaLines READ = KafkaLines.read("127.0.0.1:9092", "trips");

  private static Map<String, Object> displayed(KafkaLines read) {
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(read).items().forEach(item -> items.put(item.getKey(), item.getValue()));
    return items;
  }

  @Test
  void displaysItsConfigurationAndOnlyTheLimitsThatAreSet() {
    Map<String, Object> defaults = displayed(READ);
    assertEquals("127.0.0.1:9092", defaults.get("bootstrapServers"));
    assertEquals("trips", defaults.get("topic"));
    assertEquals("tributary", defaults.get("consumerGroup"));
    assertFalse(defaults.containsKey("eventTime"));
    assertFalse(defaults.containsKey("maxRecords"));

    Map<String, Object> configured =
        displayed(
            READ.withConsumerGroup("replay")
                .withEventTime(EventTime.jsonField("dateCreated"))
                .withMaxOutOfOrder(Duration.standardMinutes(1))
                .withMaxRecords(10));
    assertEquals("replay", configured.get("consumerGroup"));
    assertEquals(10L, configured.get("maxRecords"));
    assertEquals(60_000L, configured.get("maxOutOfOrder"), "millis");
    assertEquals(EventTime.jsonField("x").getClass().getName(), configured.get("eventTime"));
  }

  @Test
  void refusesWhatCannotBeRead() {
    assertThrows(NullPointerException.class, () -> KafkaLines.read((String) null, "trips"));
    assertThrows(NullPointerException.class, () -> KafkaLines.read("127.0.0.1:9092", null));
    assertThrows(NullPointerException.class, () -> READ.withEventTime(null));
    assertThrows(NullPointerException.class, () -> READ.withConsumerGroup(null));
    assertThrows(IllegalArgumentException.class, () -> READ.withMaxOutOfOrder(null));
    assertThrows(IllegalArgumentException.class, () -> READ.withMaxOutOfOrder(Duration.millis(-1)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> READ.withMaxRecords(0));
    assertEquals("max records must be positive, was 0", e.getMessage());
  }
}
