package dev.tributary.pipelines.dashboard;

import static dev.tributary.pipelines.dashboard.Chart.series;

import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Answer.Control;
import dev.tributary.pipelines.dashboard.Answer.Option;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** COVID-19 confirmed cases of a country over a range of days (the covid pipeline). */
final class CovidReport extends Report {
  private static final SqlFile COUNTRIES =
      SqlFile.load("sql/queries/dashboard/covid_countries.sql");
  private static final SqlFile CASES = SqlFile.load("sql/queries/dashboard/covid_cases.sql");

  CovidReport() {
    super("covid", "COVID-19 confirmed cases");
  }

  @Override
  Answer answer(Connection c, Params params) throws SQLException {
    List<Row> countries = Row.query(c, COUNTRIES, Map.of());
    if (countries.isEmpty()) {
      return Answer.empty(title(), "No COVID-19 counts stored yet: run scripts/run.sh covid.");
    }
    Row country = choose(countries, "country_code", params, "country", "counts");
    String code = country.text("country_code");
    Params.Days days =
        params.days(
            LocalDate.parse(country.text("first_day")), LocalDate.parse(country.text("last_day")));
    List<Row> cases =
        Row.query(
            c,
            CASES,
            Map.of("country", code, "from", days.from().toString(), "to", days.to().toString()));

    List<Control> controls =
        List.of(
            Control.select(
                "country",
                "Country",
                code,
                countries.stream()
                    .map(r -> new Option(r.text("country_code"), r.text("country")))
                    .toList()),
            Control.date("from", "From", days.from().toString()),
            Control.date("to", "To", days.to().toString()));
    List<Row> decreases =
        cases.stream().filter(r -> Boolean.TRUE.equals(r.get("decrease"))).toList();
    String note =
        String.format(
            "%s: %d days stored (%s to %s); %d days shown, %d with a decrease in the cumulative"
                + " count.",
            country.text("country"),
            ((Number) country.get("days")).longValue(),
            country.text("first_day"),
            country.text("last_day"),
            cases.size(),
            decreases.size());
    return new Answer(
        title(),
        controls,
        List.of(note),
        List.of(
            Chart.overTime("cumulative", "Cumulative confirmed cases", "cases")
                .with(series("cumulative", "line", cases, "day", "cumulative")),
            Chart.overTime("daily", "New cases per day and their 7-day average", "cases")
                .with(series("new cases", "bar", cases, "day", "new_cases"))
                .with(series("7-day average", "line", cases, "day", "average_7d"))
                .with(series("decrease", "scatter", decreases, "day", "new_cases"))));
  }
}
