package dev.tributary.pipelines.dashboard;

import static dev.tributary.pipelines.dashboard.Chart.series;

import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Answer.Control;
import dev.tributary.pipelines.dashboard.Answer.Option;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A city's daily temperatures and its hourly moving average (the weather pipeline), with the
 * queries of {@code scripts/weather.sh}.
 */
final class WeatherReport extends Report {
  private static final SqlFile CITIES = SqlFile.load("sql/queries/dashboard/weather_cities.sql");
  private static final SqlFile DAILY = SqlFile.load("sql/queries/weather/daily.sql");
  private static final SqlFile MOVING_AVERAGE =
      SqlFile.load("sql/queries/weather/moving_average.sql");

  WeatherReport() {
    super("weather", "Weather: daily temperatures and moving averages");
  }

  @Override
  Answer answer(Connection c, Params params) throws SQLException {
    List<Row> cities = Row.query(c, CITIES, Map.of());
    if (cities.isEmpty()) {
      return Answer.empty(title(), "No daily summaries stored yet: run scripts/run.sh weather.");
    }
    Row city = choose(cities, "city_id", params, "city", "daily summaries");
    String id = city.text("city_id");
    String name = city.text("name") + " (" + city.text("country") + ")";

    List<Row> days = Row.query(c, DAILY, Map.of("city", id, "date", ""));
    List<Chart> charts = new ArrayList<>();
    charts.add(
        Chart.overTime("daily", "Daily temperatures, " + name + " (local days)", "°C")
            .with(series("minimum", "line", days, "local_date", "min_c"))
            .with(series("mean", "line", days, "local_date", "mean_c"))
            .with(series("maximum", "line", days, "local_date", "max_c")));
    List<String> notes = new ArrayList<>();
    notes.add(String.format("%s: %d days with readings.", name, days.size()));
    if (city.get("moving_hours") != null) {
      int hours = ((Number) city.get("moving_hours")).intValue();
      List<Row> hourly = Row.query(c, MOVING_AVERAGE, Map.of("city", id, "hours", hours));
      charts.add(
          Chart.overTime(
                  "moving",
                  "Hourly temperature and its "
                      + hours
                      + "-hour moving average (UTC, last 48 hours)",
                  "°C")
              .with(series("hourly mean", "line", hourly, "hour_start", "mean_c"))
              .with(
                  series(
                      hours + "-hour moving average",
                      "line",
                      hourly,
                      "hour_start",
                      "moving_mean_c")));
    } else {
      notes.add("No hourly temperatures stored for " + name + ".");
    }
    return new Answer(
        title(),
        List.of(
            Control.select(
                "city",
                "City",
                id,
                cities.stream()
                    .map(
                        r ->
                            new Option(
                                r.text("city_id"), r.text("name") + " (" + r.text("country") + ")"))
                    .toList())),
        notes,
        charts);
  }
}
