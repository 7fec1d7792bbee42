package dev.tributary.pipelines.weather;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.runtime.CliArgs;
import dev.tributary.pipelines.runtime.Launcher;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The weather questions from the command line ({@code scripts/weather.sh}), answered with the SQL
 * files of {@code infra/sql/queries/weather/}:
 *
 * <pre>
 * daily --city NAME|ID [--date YYYY-MM-DD]   a line per day: min_c=… max_c=… mean_c=… readings=…
 * moving-average --city NAME|ID [--hours 5]  CSV, the last 48 hours stored
 * latest                                     CSV, the last reading of every city
 * </pre>
 *
 * A city is its name (any case) or its city id; a name several cities share is a mistake (give the
 * id). Each command takes {@code --jdbcUrl URL} (default as for the pipelines). A mistake is one
 * line on stderr and exit code 2 ({@link Launcher}).
 */
public final class WeatherCli {
  static final String DEFAULT_HOURS = "5";

  /** How many cities the unknown-city error names before "and N more". */
  private static final int CITIES_NAMED = 10;

  private static final String USAGE =
      "usage: weather.sh daily --city NAME|ID [--date YYYY-MM-DD]"
          + " | moving-average --city NAME|ID [--hours "
          + DEFAULT_HOURS
          + "] | latest   [--jdbcUrl URL]";

  private static final SqlFile DAILY = SqlFile.load("sql/queries/weather/daily.sql");
  private static final SqlFile MOVING_AVERAGE =
      SqlFile.load("sql/queries/weather/moving_average.sql");
  static final SqlFile LATEST = SqlFile.load("sql/queries/weather/latest.sql");

  /** A row of weather.cities; {@code id} as text, the way the SQL files' :city takes it. */
  private record Place(String id, String name, String country) {}

  private final PrintStream out;

  WeatherCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    Launcher.exit(() -> new WeatherCli(System.out).run(args));
  }

  int run(String[] args) throws Exception {
    if (CliArgs.asksForHelp(args)) {
      out.println(USAGE);
      return 0;
    }
    String command = CliArgs.command(args, List.of("daily", "moving-average", "latest"), USAGE);
    CliArgs a = CliArgs.afterCommand(args, USAGE);
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    switch (command) {
      case "daily" -> daily(a, jdbcUrl);
      case "moving-average" -> movingAverage(a, jdbcUrl);
      case "latest" -> {
        a.done();
        Migrations.migrate(jdbcUrl);
        QueryTable.run(jdbcUrl, LATEST, Map.of()).printCsv(out);
      }
      default -> throw new IllegalStateException("a command without a case: " + command);
    }
    return 0;
  }

  private void daily(CliArgs a, String jdbcUrl) throws Exception {
    String city = a.required("--city").trim();
    LocalDate date = CliArgs.date("--date", a.value("--date", null));
    a.done();
    Migrations.migrate(jdbcUrl);
    Place place = place(jdbcUrl, city);
    String day = date == null ? "" : date.toString();
    QueryTable days = QueryTable.run(jdbcUrl, DAILY, Map.of("city", place.id(), "date", day));
    if (days.rows().isEmpty()) {
      out.println(noDays(jdbcUrl, place, date));
      return;
    }
    for (List<String> row : days.rows()) {
      out.printf(
          "%s %s min_c=%s max_c=%s mean_c=%s readings=%s%n",
          days.value(row, "local_date"),
          place.name(),
          days.value(row, "min_c"),
          days.value(row, "max_c"),
          days.value(row, "mean_c"),
          days.value(row, "readings"));
    }
    out.flush();
  }

  /** The one line for a day, or a city, without a daily summary: what days there are. */
  private static String noDays(String jdbcUrl, Place place, LocalDate date) throws SQLException {
    List<String> span =
        QueryTable.query(
                jdbcUrl,
                "SELECT min(local_date), max(local_date) FROM weather.daily_summaries"
                    + " WHERE city_id = ?",
                Long.parseLong(place.id()))
            .rows()
            .get(0);
    if (span.get(0) == null || date == null) {
      return place.name() + ": no daily summary stored yet";
    }
    return place.name()
        + ": no daily summary for "
        + date
        + "; days stored: "
        + span.get(0)
        + " to "
        + span.get(1);
  }

  private void movingAverage(CliArgs a, String jdbcUrl) throws Exception {
    String city = a.required("--city").trim();
    int hours = hours(a.value("--hours", DEFAULT_HOURS));
    a.done();
    Migrations.migrate(jdbcUrl);
    Place place = place(jdbcUrl, city);
    QueryTable table =
        QueryTable.run(jdbcUrl, MOVING_AVERAGE, Map.of("city", place.id(), "hours", hours));
    if (table.rows().isEmpty()) {
      // Another --hours than the pipeline ran with is a mistake; a city without any is not.
      List<String> stored =
          QueryTable.query(
                  jdbcUrl,
                  "SELECT DISTINCT moving_hours FROM weather.hourly_temperatures"
                      + " WHERE city_id = ? ORDER BY 1",
                  Long.parseLong(place.id()))
              .firsts();
      if (!stored.isEmpty()) {
        throw new UsageException(
            "no moving average over "
                + hours
                + " hours stored for "
                + place.name()
                + "; stored: --hours "
                + String.join(", ", stored));
      }
    }
    table.printCsv(out);
  }

  static int hours(String value) {
    try {
      int hours = Integer.parseInt(value.trim());
      if (hours >= 1) {
        return hours;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException("--hours must be a whole number of hours >= 1, was '" + value + "'");
  }

  /** The one city {@code city} names (a name, any case, or a city id), else a mistake. */
  private static Place place(String jdbcUrl, String city) throws SQLException {
    List<Place> matches =
        QueryTable.query(
                jdbcUrl,
                "SELECT city_id, name, country FROM weather.cities"
                    + " WHERE lower(name) = lower(?) OR city_id::text = ? ORDER BY country, city_id",
                city,
                city)
            .rows()
            .stream()
            .map(r -> new Place(r.get(0), r.get(1), r.get(2)))
            .toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new UsageException("unknown city '" + city + "'; " + knownCities(jdbcUrl));
    }
    throw new UsageException(
        "city '"
            + city
            + "' is ambiguous: "
            + String.join(
                ", ",
                matches.stream()
                    .map(p -> p.name() + " (" + p.country() + ") id " + p.id())
                    .toList())
            + "; give --city the id");
  }

  private static String knownCities(String jdbcUrl) throws SQLException {
    List<String> cities =
        QueryTable.query(
                jdbcUrl,
                "SELECT name || ' (' || country || ')' FROM weather.cities"
                    + " GROUP BY name, country ORDER BY lower(name), name, country")
            .firsts();
    if (cities.isEmpty()) {
      return "no cities are stored yet: run the weather pipeline first";
    }
    String named = String.join(", ", cities.subList(0, Math.min(CITIES_NAMED, cities.size())));
    return "cities stored: "
        + named
        + (cities.size() > CITIES_NAMED ? " and " + (cities.size() - CITIES_NAMED) + " more" : "");
  }
}
