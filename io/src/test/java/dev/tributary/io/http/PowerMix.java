package dev.tributary.io.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A plausible net production mix of a country in one slot, in MW: a solar bell curve by hour and
 * season under passing clouds, gusty wind, a 40-70 GW German load with its daily and weekly rhythm,
 * fossil plants filling most of the rest and cross-border trading balancing it within the
 * interconnectors' limits (so the series are consistent-ish, and trading goes both ways). Every
 * value is a function of the slot alone.
 */
final class PowerMix {
  /** Germany's last reactors went off on 2023-04-15; from the next day the series is all null. */
  static final LocalDate NUCLEAR_SHUTDOWN = LocalDate.of(2023, 4, 16);

  private static final Set<String> NOT_GENERATION =
      Set.of(
          "Hydro pumped storage consumption",
          "Cross border electricity trading",
          "Load",
          "Residual load",
          "Renewable share of generation",
          "Renewable share of load");
  private static final Map<String, Double> FOSSIL_SHARE =
      Map.of("Fossil brown coal / lignite", 0.47, "Fossil hard coal", 0.2, "Fossil gas", 0.33);

  /** How much of a type counts as renewable (half of waste, as the publishers count it). */
  private static final Map<String, Double> RENEWABLE =
      Map.of(
          "Solar", 1.0,
          "Wind onshore", 1.0,
          "Wind offshore", 1.0,
          "Biomass", 1.0,
          "Hydro Run-of-River", 1.0,
          "Hydro water reservoir", 1.0,
          "Geothermal", 1.0,
          "Waste", 0.5);

  private PowerMix() {}

  /**
   * The profile's production types in {@code slot}, in its order: MW rounded to 0.1, the shares in
   * percent; null for what was not produced (German nuclear after its shutdown).
   */
  static Map<String, Double> at(CountryProfile profile, Instant slot, ZoneId zone) {
    String country = profile.code();
    long second = slot.getEpochSecond();
    double k = profile.scale();
    ZonedDateTime local = slot.atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double season = season(local.toLocalDate());
    double year = InstalledCapacity.year(slot);
    boolean weekend = local.getDayOfWeek().getValue() >= 6;
    ToDoubleFunction<String> jitter = name -> Noise.unit(country + "/" + name, second);

    Map<String, Double> mw = new HashMap<>();
    double solar = solarFraction(country, slot, zone);
    mw.put("Solar", solar * capacity("Solar DC", year) * k);
    double wind = Math.pow(Noise.smooth(country + "/wind", second, 6 * 3600), 1.7);
    mw.put(
        "Wind onshore",
        capacity("Wind onshore", year) * k * (0.03 + 0.55 * wind) * (1 - 0.15 * season));
    double sea = Math.pow(Noise.smooth(country + "/offshore", second, 5 * 3600), 1.3);
    mw.put("Wind offshore", capacity("Wind offshore", year) * k * (0.08 + 0.75 * sea));
    mw.put(
        "Biomass", capacity("Biomass", year) * k * (0.48 + 0.04 * jitter.applyAsDouble("Biomass")));
    double melt = Math.max(0, Math.sin(2 * Math.PI * (local.getDayOfYear() - 60) / 365.25));
    mw.put(
        "Hydro Run-of-River",
        k * (1300 + 600 * melt + 150 * jitter.applyAsDouble("Hydro Run-of-River")));
    mw.put("Hydro water reservoir", k * (60 + 100 * jitter.applyAsDouble("Hydro water reservoir")));
    mw.put("Geothermal", k * (22 + 6 * jitter.applyAsDouble("Geothermal")));
    mw.put("Waste", k * (700 + 150 * jitter.applyAsDouble("Waste")));
    mw.put("Others", k * (250 + 100 * jitter.applyAsDouble("Others")));
    mw.put("Fossil oil", k * (250 + 150 * jitter.applyAsDouble("Fossil oil")));
    mw.put(
        "Nuclear",
        nuclear(country, local.toLocalDate(), year, season, jitter.applyAsDouble("Nuclear")));
    double pumping = hour >= 17 && hour < 21 ? 3500 : hour >= 6 && hour < 9 ? 1800 : 300;
    mw.put(
        "Hydro pumped storage",
        k * pumping * (0.6 + 0.4 * jitter.applyAsDouble("Hydro pumped storage")));
    double storing = 150 + 5500 * solar + (hour < 5 ? 1500 : 0);
    mw.put(
        "Hydro pumped storage consumption",
        -k * storing * (0.8 + 0.4 * jitter.applyAsDouble("Hydro pumped storage consumption")));
    double daily = 0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 3) / 24);
    double rawLoad =
        50_000
            + 13_000 * daily
            - (weekend ? 5_000 : 0)
            - 3_000 * season
            + 1_600 * (jitter.applyAsDouble("Load") - 0.5);
    double load = k * Math.min(70_000, Math.max(40_000, rawLoad));

    // Fossil plants cover most of what the rest leaves of the load; trading balances the remainder
    // as far as the interconnectors (15 GW for Germany) allow.
    double consumption = listed(profile, mw, "Hydro pumped storage consumption");
    double nonFossil = 0;
    double fossilShares = 0;
    for (String name : profile.production()) {
      if (FOSSIL_SHARE.containsKey(name)) {
        fossilShares += FOSSIL_SHARE.get(name);
      } else if (!NOT_GENERATION.contains(name)) {
        nonFossil += listed(profile, mw, name);
      }
    }
    double fossil =
        Math.min(60_000 * k, Math.max(5_000 * k, 0.88 * (load - nonFossil - consumption)));
    for (String name : profile.production()) {
      if (FOSSIL_SHARE.containsKey(name)) {
        mw.put(
            name,
            fossil
                * FOSSIL_SHARE.get(name)
                / fossilShares
                * (0.95 + 0.1 * jitter.applyAsDouble(name)));
      }
    }
    double generation = 0;
    double renewable = 0;
    for (String name : profile.production()) {
      if (!NOT_GENERATION.contains(name)) {
        generation += listed(profile, mw, name);
        renewable += RENEWABLE.getOrDefault(name, 0.0) * listed(profile, mw, name);
      }
    }
    double residual =
        load
            - listed(profile, mw, "Solar")
            - listed(profile, mw, "Wind onshore")
            - listed(profile, mw, "Wind offshore");

    Map<String, Double> values = new LinkedHashMap<>();
    for (String name : profile.production()) {
      Double value =
          switch (name) {
            case "Load" -> load;
            case "Cross border electricity trading" ->
                Math.max(-15_000 * k, Math.min(15_000 * k, load - generation - consumption));
            case "Residual load" -> residual;
            case "Renewable share of generation" -> Math.min(100, 100 * renewable / generation);
            case "Renewable share of load" -> Math.min(100, 100 * renewable / load);
            default -> mw.get(name);
          };
      values.put(name, value == null ? null : Math.round(value * 10) / 10.0);
    }
    return values;
  }

  /**
   * The share of the installed solar capacity producing in {@code slot} (0 to 0.7): a bell around
   * solar noon (12:18 standard time), wider and higher in summer, under clouds that drift over
   * hours.
   */
  static double solarFraction(String country, Instant slot, ZoneId zone) {
    ZonedDateTime standard = slot.atZone(zone.getRules().getStandardOffset(slot));
    double hour = standard.getHour() + standard.getMinute() / 60.0;
    double season = season(standard.toLocalDate());
    double fromNoon = (hour - 12.3) / (6.1 + 2.1 * season);
    if (Math.abs(fromNoon) >= 1) {
      return 0;
    }
    double daylight = Math.pow(Math.cos(Math.PI / 2 * fromNoon), 1.5);
    double clouds =
        0.35 + 0.65 * Noise.smooth(country + "/clouds", slot.getEpochSecond(), 8 * 3600);
    return 0.7 * (0.62 + 0.38 * season) * daylight * clouds;
  }

  /** 1 at the summer solstice, -1 at the winter one. */
  private static double season(LocalDate day) {
    return Math.cos(2 * Math.PI * (day.getDayOfYear() - 172) / 365.25);
  }

  private static double capacity(String name, double year) {
    Double gw = InstalledCapacity.germany(name, year);
    return gw == null ? 0 : gw * 1000;
  }

  /** Germany's fleet as it shrank, none from the shutdown; France's large one otherwise. */
  private static Double nuclear(
      String country, LocalDate day, double year, double season, double jitter) {
    if (!country.equals("de")) {
      return 38_000 * (0.8 + 0.15 * jitter) * (0.92 - 0.08 * season);
    }
    return day.isBefore(NUCLEAR_SHUTDOWN) ? capacity("Nuclear", year) * (0.8 + 0.1 * jitter) : null;
  }

  /** The MW of {@code name} when the profile lists it (0 when not, or when null). */
  private static double listed(CountryProfile profile, Map<String, Double> mw, String name) {
    Double value = mw.get(name);
    return value != null && profile.production().contains(name) ? value : 0;
  }
}
