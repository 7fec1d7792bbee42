package dev.tributary.io.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;

/** The sink's configuration; publishing to a real broker is {@link KafkaLinesIT}'s. */
class KafkaJsonSinkTest {
  @Test
  void displaysWhereItPublishes() {
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(KafkaJsonSink.<String>to("127.0.0.1:9092", "panes", value -> value))
        .items()
        .forEach(item -> items.put(item.getKey(), item.getValue()));

    assertEquals("127.0.0.1:9092", items.get("bootstrapServers"));
    assertEquals("panes", items.get("topic"));
  }

  @Test
  void refusesNullArguments() {
    assertThrows(NullPointerException.class, () -> KafkaJsonSink.<String>to(null, "panes", v -> v));
    assertThrows(
        NullPointerException.class, () -> KafkaJsonSink.<String>to("127.0.0.1:9092", null, v -> v));
    assertThrows(
        NullPointerException.class,
        () -> KafkaJsonSink.<String>to("127.0.0.1:9092", "panes", null));
  }
}
