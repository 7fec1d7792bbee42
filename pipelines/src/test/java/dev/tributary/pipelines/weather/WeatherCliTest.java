package dev.tributary.pipelines.weather;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.pipelines.runtime.CliRun;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * WeatherCli's argument mistakes, found before any database is asked: the database given cannot be
 * reached, so a check made too late fails with "cannot reach PostgreSQL" instead.
 */
class WeatherCliTest {
  private static final String NO_SERVER = "jdbc:postgresql://127.0.0.1:1/tributary";

  private static CliRun cli(String... args) {
    String[] withDb =
        Stream.concat(Stream.of(args), Stream.of("--jdbcUrl", NO_SERVER)).toArray(String[]::new);
    return CliRun.of(out -> new WeatherCli(out).run(withDb));
  }

  @Test
  void commandsAreChecked() {
    cli("forecast").assertMistake("unknown command 'forecast'; usage: weather.sh daily --city");
    CliRun none = CliRun.of(out -> new WeatherCli(out).run(new String[0]));
    none.assertMistake("no command; usage: weather.sh daily");
    cli("latest", "--city", "Berlin").assertMistake("unexpected argument(s) [--city, Berlin]");
  }

  @Test
  void aCityIsRequired() {
    cli("daily").assertMistake("--city is required; usage:");
    cli("daily", "--city", " ").assertMistake("--city is required; usage:");
    cli("moving-average", "--hours", "3").assertMistake("--city is required; usage:");
    CliRun noValue = CliRun.of(out -> new WeatherCli(out).run(new String[] {"daily", "--city"}));
    noValue.assertMistake("--city needs a value");
  }

  @Test
  void aDateIsADay() {
    cli("daily", "--city", "Berlin", "--date", "2025-02-30")
        .assertMistake("--date must be a day YYYY-MM-DD, was '2025-02-30'");
    cli("daily", "--city", "Berlin", "--date=01.06.2025")
        .assertMistake("--date must be a day YYYY-MM-DD, was '01.06.2025'");
  }

  @Test
  void hoursAreAWholeNumberFromOne() {
    for (String bad : List.of("0", "-5", "2.5", "five", "")) {
      cli("moving-average", "--city", "Berlin", "--hours", bad)
          .assertMistake("--hours must be a whole number of hours >= 1, was '" + bad + "'");
    }
    assertEquals(5, WeatherCli.hours(WeatherCli.DEFAULT_HOURS));
    assertEquals(24, WeatherCli.hours(" 24 "));
  }

  @Test
  void helpIsTheUsage() {
    CliRun help = cli("--help");
    assertEquals(0, help.code(), help.err().toString());
    assertEquals(1, help.out().size(), help.out().toString());
    assertTrue(help.out().get(0).startsWith("usage: weather.sh daily"), help.out().get(0));
  }
}
