package dev.tributary.io.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /price?bzn=&start=&end=}: day-ahead prices in EUR/MWh, hourly before the 15-minute
 * market time unit went live (2025-10-01 local) and quarter-hourly from then, with the {@code unit}
 * spelling of the request's start day (it drifted four ways), a null about every few hundred slots
 * (one per local week at least, never at 12:00) and negative prices around midday on sunny
 * weekends. The errors are the observed ones: an unknown zone, AT's gap from 2026-05-04 (404 when
 * nothing of the range is left) and DE-AT-LU's 500 for 2025-03-24.
 */
final class PriceRoute implements Route {
  static final String LICENSE =
      "CC BY 4.0 (creativecommons.org/licenses/by/4.0) from Bundesnetzagentur | SMARD.de";
  private static final LocalDate QUARTER_HOURS_FROM = LocalDate.of(2025, 10, 1);
  private static final LocalDate AT_GAP_FROM = LocalDate.of(2026, 5, 4);
  private static final LocalDate DE_AT_LU_FAILS_ON = LocalDate.of(2025, 3, 24);

  @Override
  public Reply handle(ReplayRequest request) {
    String zoneName = request.param("bzn", "DE-LU");
    if (!EnergyChartsReplay.BIDDING_ZONES.contains(zoneName)) {
      return Reply.text(400, "'" + zoneName + "' is not the code for an available bidding zone.");
    }
    ZoneId zone = EnergyChartsReplay.zone(zoneName);
    EnergyChartsTime.Range range;
    try {
      range = EnergyChartsTime.range(request, zone);
    } catch (EnergyChartsTime.BadTime e) {
      return e.reply();
    }
    LocalDate first = LocalDate.ofInstant(range.from(), zone);
    LocalDate last = LocalDate.ofInstant(range.to(), zone);
    if (zoneName.equals("DE-AT-LU")
        && !first.isAfter(DE_AT_LU_FAILS_ON)
        && !last.isBefore(DE_AT_LU_FAILS_ON)) {
      return Reply.text(500, "Internal Server Error");
    }
    List<Instant> slots =
        EnergyChartsTime.slots(
            range, QUARTER_HOURS_FROM.atStartOfDay(zone).toInstant(), request.now());
    boolean asked = !slots.isEmpty();
    if (zoneName.equals("AT")) {
      slots.removeIf(slot -> !LocalDate.ofInstant(slot, zone).isBefore(AT_GAP_FROM));
    }
    if (asked && slots.isEmpty()) {
      return Reply.raw(
          404, "{\"detail\":\"No price data available for that bidding zone/time range\"}");
    }
    List<Double> prices = new ArrayList<>();
    for (Instant slot : slots) {
      prices.add(price(zoneName, slot.atZone(zone), request.revision()));
    }
    ObjectNode body = Reply.MAPPER.createObjectNode();
    body.put("license_info", LICENSE);
    body.set(
        "unix_seconds",
        EnergyChartsReplay.array(slots.stream().map(Instant::getEpochSecond).toList()));
    body.set("price", EnergyChartsReplay.array(prices));
    body.put("unit", unit(first));
    body.put("deprecated", false);
    return Reply.json(200, body);
  }

  @Override
  public Optional<LocalDate> day(ReplayRequest request) {
    return EnergyChartsTime.day(request, EnergyChartsReplay.zone(request.param("bzn", "DE-LU")));
  }

  /** The unit as the live API spelled it when the request's first day was asked for. */
  static String unit(LocalDate first) {
    if (first.isBefore(LocalDate.of(2024, 3, 1))) {
      return "EUR / megawatt_hour";
    } else if (first.isBefore(LocalDate.of(2024, 12, 1))) {
      return "EUR/MWh";
    } else if (first.isBefore(LocalDate.of(2025, 7, 1))) {
      return "No Unit";
    }
    return "EUR / MWh";
  }

  /**
   * The year's level, the morning and evening peaks and the night trough, minus what the zone's sun
   * pushes out (much more on weekends, when demand is low): EUR/MWh to the cent, or null.
   */
  private static Double price(String zoneName, ZonedDateTime slot, int revision) {
    boolean noon = slot.toLocalTime().equals(LocalTime.NOON);
    if (!noon && missing(zoneName, slot)) {
      return null;
    }
    long second = slot.toEpochSecond();
    double base =
        level(slot.getYear())
            * (zoneName.equals("DE-LU") ? 1 : 0.85 + 0.3 * Noise.unit(zoneName, 0));
    double hour = slot.getHour() + slot.getMinute() / 60.0;
    double shape =
        1
            + 0.25 * Math.exp(-square((hour - 8) / 1.5))
            + 0.35 * Math.exp(-square((hour - 19) / 2))
            - 0.25 * Math.exp(-square((hour - 3.5) / 2.5));
    String country = zoneName.substring(0, 2).toLowerCase(Locale.ROOT);
    double sun = PowerMix.solarFraction(country, slot.toInstant(), slot.getZone());
    boolean weekend = slot.getDayOfWeek().getValue() >= 6;
    double pushedOut = sun * (0.9 * base + (weekend ? base + 30 : 0));
    double price =
        base * shape * (0.95 + 0.1 * Noise.unit(zoneName + "/price", second)) - pushedOut;
    return Math.round((price + (noon ? revision : 0)) * 100) / 100.0;
  }

  /** One slot a local week (an hour start picked by the week), and about one in 400 besides. */
  private static boolean missing(String zoneName, ZonedDateTime slot) {
    if (Noise.unit(zoneName + "/gap", slot.toEpochSecond()) < 1 / 400.0) {
      return true;
    }
    ZonedDateTime week =
        slot.toLocalDate()
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
            .atStartOfDay(slot.getZone());
    ZonedDateTime pick =
        week.plusHours((long) (Noise.unit(zoneName + "/week", week.toEpochSecond()) * 166));
    if (pick.toLocalTime().equals(LocalTime.NOON)) {
      pick = pick.plusHours(1);
    }
    return pick.toInstant().equals(slot.toInstant());
  }

  /** A rough yearly level of German day-ahead prices (the 2022 crisis included). */
  private static double level(int year) {
    return switch (year) {
      case 2020 -> 30;
      case 2021 -> 97;
      case 2022 -> 235;
      case 2023 -> 95;
      case 2024 -> 78;
      case 2025 -> 88;
      default -> year < 2020 ? 38 : 85;
    };
  }

  private static double square(double x) {
    return x * x;
  }
}
