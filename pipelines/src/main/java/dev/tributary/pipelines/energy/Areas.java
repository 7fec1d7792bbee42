package dev.tributary.pipelines.energy;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;

/**
 * The time zone of a country or bidding zone: the API's days, months and years are local to it (a
 * daily request for DE-LU starts at 22:00 or 23:00 UTC of the day before).
 */
final class Areas {
  private static final ZoneId CENTRAL = ZoneId.of("Europe/Berlin");

  private static final Map<String, ZoneId> ZONES =
      Map.ofEntries(
          Map.entry("at", ZoneId.of("Europe/Vienna")),
          Map.entry("be", ZoneId.of("Europe/Brussels")),
          Map.entry("ch", ZoneId.of("Europe/Zurich")),
          Map.entry("cz", ZoneId.of("Europe/Prague")),
          Map.entry("dk", ZoneId.of("Europe/Copenhagen")),
          Map.entry("dk1", ZoneId.of("Europe/Copenhagen")),
          Map.entry("dk2", ZoneId.of("Europe/Copenhagen")),
          Map.entry("es", ZoneId.of("Europe/Madrid")),
          Map.entry("fi", ZoneId.of("Europe/Helsinki")),
          Map.entry("fr", ZoneId.of("Europe/Paris")),
          Map.entry("gr", ZoneId.of("Europe/Athens")),
          Map.entry("it", ZoneId.of("Europe/Rome")),
          Map.entry("nl", ZoneId.of("Europe/Amsterdam")),
          Map.entry("no", ZoneId.of("Europe/Oslo")),
          Map.entry("pl", ZoneId.of("Europe/Warsaw")),
          Map.entry("pt", ZoneId.of("Europe/Lisbon")),
          Map.entry("se", ZoneId.of("Europe/Stockholm")),
          Map.entry("uk", ZoneId.of("Europe/London")));

  private Areas() {}

  /**
   * {@code de}, {@code DE-LU} → Europe/Berlin; a zone's prefix names its country ({@code NO2} →
   * Oslo, {@code IT-North} → Rome); Central European Time where nothing more is known.
   */
  static ZoneId zone(String area) {
    String key = area.toLowerCase(Locale.ROOT);
    ZoneId zone = ZONES.get(key);
    if (zone == null && key.length() >= 2) {
      zone = ZONES.get(key.substring(0, 2));
    }
    return zone == null ? CENTRAL : zone;
  }
}
