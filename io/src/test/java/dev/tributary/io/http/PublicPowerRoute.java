package dev.tributary.io.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /public_power?country=&start=&end=}: net production per type ({@link PowerMix}),
 * hourly before 2020 and quarter-hourly from 2020-01-01 local (clients must detect the spacing).
 * Like the live data it lags: in the local day of now, the slots of the last hour are null in every
 * series and those of the two hours before in the late-reporting ones.
 */
final class PublicPowerRoute implements Route {
  private static final LocalDate QUARTER_HOURS_FROM = LocalDate.of(2020, 1, 1);
  private static final Duration ALL_PENDING = Duration.ofHours(1);
  private static final Duration SOME_PENDING = Duration.ofHours(3);
  private static final Set<String> LATE =
      Set.of(
          "Biomass",
          "Geothermal",
          "Hydro water reservoir",
          "Others",
          "Waste",
          "Renewable share of generation",
          "Renewable share of load");

  @Override
  public Reply handle(ReplayRequest request) {
    String country = request.param("country", "de");
    if (!EnergyChartsReplay.COUNTRIES.contains(country)) {
      return EnergyChartsReplay.unknownCountry(country);
    }
    ZoneId zone = EnergyChartsReplay.zone(country);
    List<Instant> slots;
    try {
      slots =
          EnergyChartsTime.slots(
              EnergyChartsTime.range(request, zone),
              QUARTER_HOURS_FROM.atStartOfDay(zone).toInstant(),
              request.now());
    } catch (EnergyChartsTime.BadTime e) {
      return e.reply();
    }
    CountryProfile profile = CountryProfile.of(country);
    Map<String, List<Double>> series = new LinkedHashMap<>();
    profile.production().forEach(name -> series.put(name, new ArrayList<>()));
    for (Instant slot : slots) {
      Duration age = Duration.between(slot, request.now());
      boolean today =
          LocalDate.ofInstant(slot, zone).equals(LocalDate.ofInstant(request.now(), zone));
      boolean noon = slot.atZone(zone).toLocalTime().equals(LocalTime.NOON);
      PowerMix.at(profile, slot, zone)
          .forEach(
              (name, value) -> {
                boolean pending =
                    today
                        && (age.compareTo(ALL_PENDING) < 0
                            || (age.compareTo(SOME_PENDING) < 0 && LATE.contains(name)));
                if (pending) {
                  value = null;
                } else if (noon && value != null && name.equals("Solar")) {
                  value = Math.round((value + request.revision() * 10.0) * 10) / 10.0;
                }
                series.get(name).add(value);
              });
    }
    return Reply.json(200, body(slots, series));
  }

  @Override
  public Optional<LocalDate> day(ReplayRequest request) {
    return EnergyChartsTime.day(request, EnergyChartsReplay.zone(request.param("country", "de")));
  }

  private static ObjectNode body(List<Instant> slots, Map<String, List<Double>> series) {
    ObjectNode body = Reply.MAPPER.createObjectNode();
    body.set(
        "unix_seconds",
        EnergyChartsReplay.array(slots.stream().map(Instant::getEpochSecond).toList()));
    ArrayNode types = body.putArray("production_types");
    series.forEach(
        (name, data) -> {
          ObjectNode type = types.addObject();
          type.put("name", name);
          type.set("data", EnergyChartsReplay.array(data));
        });
    body.put("deprecated", false);
    return body;
  }
}
