package dev.tributary.pipelines.dashboard;

import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Answer.Control;
import dev.tributary.pipelines.energy.EnergyCli;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Daily production per type and the day-ahead price against wind (the energy pipeline), with the
 * queries of {@code scripts/energy.sh}; the last two weeks stored unless a range is chosen.
 */
final class EnergyReport extends Report {
  static final int DEFAULT_DAYS = 14;
  private static final SqlFile DAYS = SqlFile.load("sql/queries/dashboard/energy_days.sql");
  private static final SqlFile PRODUCTION = SqlFile.load("sql/queries/energy/production_trend.sql");
  private static final SqlFile PRICE_VS_WIND = SqlFile.load("sql/queries/energy/price_vs_wind.sql");

  EnergyReport() {
    super("energy", "Energy: public net production and prices");
  }

  @Override
  Answer answer(Connection c, Params params) throws SQLException {
    String country = params.text("country", EnergyCli.DEFAULT_COUNTRY);
    String zone = params.text("zone", EnergyCli.DEFAULT_ZONE);
    String bzn = params.text("bzn", EnergyCli.DEFAULT_BZN);
    Row stored = Row.query(c, DAYS, Map.of("country", country, "zone", zone)).get(0);
    if (stored.get("last_day") == null) {
      return Answer.empty(
          title(), "No public power stored for " + country + " yet: run scripts/run.sh energy.");
    }
    LocalDate last = LocalDate.parse(stored.text("last_day"));
    LocalDate first = LocalDate.parse(stored.text("first_day"));
    LocalDate from = last.minusDays(DEFAULT_DAYS - 1L);
    Params.Days days = params.days(from.isBefore(first) ? first : from, last);
    Map<String, String> range =
        Map.of(
            "country",
            country,
            "zone",
            zone,
            "bzn",
            bzn,
            "from",
            days.from().toString(),
            "to",
            days.to().toString());

    Map<String, List<Row>> byType =
        Row.query(c, PRODUCTION, range).stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.text("name"), LinkedHashMap::new, Collectors.toList()));
    Chart production = Chart.overTime("production", "Net production per day and type", "MWh");
    for (Map.Entry<String, List<Row>> type : byType.entrySet()) {
      production =
          production.with(
              Chart.stacked(
                  Chart.series(type.getKey(), "bar", type.getValue(), "day", "energy_mwh"),
                  "production"));
    }
    List<Row> prices = Row.query(c, PRICE_VS_WIND, range);
    Chart priceWind =
        Chart.overTime("price_wind", "Day-ahead price against wind", "EUR/MWh")
            .withRightAxis("MWh")
            .with(
                Chart.series(
                    "mean price (" + bzn + ")", "line", prices, "day", "mean_price_eur_mwh"))
            .with(
                Chart.onRight(
                    Chart.stacked(
                        Chart.series("wind onshore", "bar", prices, "day", "wind_onshore_mwh"),
                        "wind")))
            .with(
                Chart.onRight(
                    Chart.stacked(
                        Chart.series("wind offshore", "bar", prices, "day", "wind_offshore_mwh"),
                        "wind")));
    return new Answer(
        title(),
        List.of(
            Control.date("from", "From", days.from().toString()),
            Control.date("to", "To", days.to().toString())),
        List.of(
            String.format("%s, local days of %s: %s to %s stored.", country, zone, first, last)),
        List.of(production, priceWind));
  }
}
