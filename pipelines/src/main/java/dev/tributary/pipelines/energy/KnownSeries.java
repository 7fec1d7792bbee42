package dev.tributary.pipelines.energy;

import java.util.Set;

/**
 * The series names the API is known to send (apis.md §1.1 and §1.3: Germany's production types in
 * their order, the names seen across countries and years, the installed-power names old and new),
 * by key. A name outside them is stored like any other and reported by the quality checks; the
 * series that may be negative are the consumption and exchange ones.
 */
final class KnownSeries {
  static final Set<String> KEYS =
      Set.of(
          "hydro_pumped_storage_consumption",
          "cross_border_electricity_trading",
          "nuclear",
          "hydro_run_of_river",
          "biomass",
          "fossil_brown_coal_lignite",
          "fossil_hard_coal",
          "fossil_oil",
          "fossil_gas",
          "geothermal",
          "hydro_water_reservoir",
          "hydro_pumped_storage",
          "others",
          "waste",
          "wind_offshore",
          "wind_onshore",
          "solar",
          "load",
          "residual_load",
          "renewable_share_of_generation",
          "renewable_share_of_load",
          "battery_storage_power",
          "battery_storage_capacity",
          "import_balance",
          "fossil_coal_derived_gas",
          "fossil_peat",
          "system_inertia",
          "other_renewables",
          "other_non_renewable",
          "marine",
          "fossil_oil_shale",
          "battery",
          "battery_consumption",
          "hydro",
          "solar_dc",
          "solar_ac",
          "solar_gross");

  private KnownSeries() {}

  /** Consumption is negative by the API's convention; trading and residual load go both ways. */
  static boolean mayBeNegative(String key) {
    return key.contains("consumption")
        || key.contains("trading")
        || key.equals("import_balance")
        || key.equals("residual_load");
  }
}
