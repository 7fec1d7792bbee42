package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NameUuidsTest {
  @Test
  void equalsTheJdksNameBasedUuid() {
    Random random = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      byte[] name = new byte[random.nextInt(80)];
      random.nextBytes(name);
      assertEquals(UUID.nameUUIDFromBytes(name), NameUuids.of(name));
    }
    byte[] empty = new byte[0];
    assertEquals(UUID.nameUUIDFromBytes(empty), NameUuids.of(empty));
    byte[] text = "prague\0funny_car".getBytes(StandardCharsets.UTF_8);
    assertEquals(UUID.nameUUIDFromBytes(text), NameUuids.of(text));
  }
}
