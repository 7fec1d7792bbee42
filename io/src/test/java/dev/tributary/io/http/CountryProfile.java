package dev.tributary.io.http;

import java.util.List;
import java.util.Map;

/**
 * What a country's Energy-Charts answers hold: which production types (their set and order differ
 * per country, so parsers must key by name), how big its grid is next to Germany's, and from which
 * year its installed capacity is recorded.
 *
 * @param scale the country's load and capacities relative to Germany's
 * @param production the names {@code /public_power} answers, in order
 * @param installed the names {@code /installed_power?time_step=yearly} answers, in order
 */
record CountryProfile(
    String code, double scale, List<String> production, List<String> installed, int firstYear) {

  /** Germany's 21 types as observed, in response order (note the exact spellings). */
  static final List<String> GERMANY =
      List.of(
          "Hydro pumped storage consumption",
          "Cross border electricity trading",
          "Nuclear",
          "Hydro Run-of-River",
          "Biomass",
          "Fossil brown coal / lignite",
          "Fossil hard coal",
          "Fossil oil",
          "Fossil gas",
          "Geothermal",
          "Hydro water reservoir",
          "Hydro pumped storage",
          "Others",
          "Waste",
          "Wind offshore",
          "Wind onshore",
          "Solar",
          "Load",
          "Residual load",
          "Renewable share of generation",
          "Renewable share of load");

  /** Denmark's, as observed. */
  static final List<String> DENMARK =
      List.of(
          "Cross border electricity trading",
          "Biomass",
          "Fossil oil",
          "Fossil gas",
          "Waste",
          "Wind offshore",
          "Wind onshore",
          "Solar",
          "Load",
          "Residual load",
          "Renewable share of load",
          "Renewable share of generation");

  static final List<String> FRANCE =
      List.of(
          "Hydro pumped storage consumption",
          "Cross border electricity trading",
          "Nuclear",
          "Hydro Run-of-River",
          "Biomass",
          "Fossil hard coal",
          "Fossil oil",
          "Fossil gas",
          "Hydro water reservoir",
          "Hydro pumped storage",
          "Waste",
          "Wind offshore",
          "Wind onshore",
          "Solar",
          "Load",
          "Residual load",
          "Renewable share of generation",
          "Renewable share of load");

  /** A plausible smaller set for every other country. */
  static final List<String> OTHER =
      List.of(
          "Hydro pumped storage consumption",
          "Cross border electricity trading",
          "Hydro Run-of-River",
          "Biomass",
          "Fossil hard coal",
          "Fossil gas",
          "Hydro water reservoir",
          "Hydro pumped storage",
          "Wind onshore",
          "Solar",
          "Load",
          "Residual load",
          "Renewable share of generation",
          "Renewable share of load");

  /** Installed capacity outside Germany: fewer types, recorded from 2014 (as Denmark's). */
  static final List<String> OTHER_INSTALLED =
      List.of(
          "Fossil hard coal",
          "Fossil gas",
          "Fossil oil",
          "Hydro",
          "Biomass",
          "Wind offshore",
          "Wind onshore",
          "Solar DC",
          "Battery storage (power)",
          "Battery storage (capacity)");

  private static final Map<String, Double> SCALE =
      Map.of(
          "at", 0.13, "be", 0.2, "ch", 0.12, "dk", 0.08, "fr", 0.9, "nl", 0.25, "pl", 0.4, "eu",
          5.0, "all", 7.0);

  static CountryProfile of(String country) {
    double scale = SCALE.getOrDefault(country, 0.2);
    return switch (country) {
      case "de" -> new CountryProfile(country, 1, GERMANY, InstalledCapacity.NAMES, 2002);
      case "dk" -> new CountryProfile(country, scale, DENMARK, OTHER_INSTALLED, 2014);
      case "fr" -> new CountryProfile(country, scale, FRANCE, OTHER_INSTALLED, 2014);
      default -> new CountryProfile(country, scale, OTHER, OTHER_INSTALLED, 2014);
    };
  }
}
