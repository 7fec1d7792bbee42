package dev.tributary.pipelines.energy;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.pipelines.energy.EnergyReports.Days;
import dev.tributary.pipelines.energy.EnergyReports.Report;
import dev.tributary.pipelines.energy.EnergyReports.Request;
import dev.tributary.pipelines.runtime.CliArgs;
import dev.tributary.pipelines.runtime.Launcher;
import dev.tributary.pipelines.runtime.QueryTable;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The energy questions from the command line ({@code scripts/energy.sh}):
 *
 * <pre>
 * report production-trend|underperformance|price-vs-wind [--from YYYY-MM-DD] [--to YYYY-MM-DD]
 *        [--country de] [--zone Europe/Berlin] [--bzn DE-LU] [--threshold 0.5] [--min-expected-mw 100]
 * quality [--run N]
 * </pre>
 *
 * A report is printed as CSV on stdout: a header line, then its rows as PostgreSQL prints them
 * (fields quoted as RFC 4180 needs, NULL as an empty field), the same as {@code psql --csv} would.
 * {@code --from}/{@code --to} default to the first and last local day stored for the report's
 * country (and bidding zone); {@code --bzn} is price-vs-wind's, {@code --threshold} and {@code
 * --min-expected-mw} are underperformance's. Each command takes {@code --jdbcUrl URL} (default as
 * for the pipeline). A mistake is one line on stderr and exit code 2 ({@link Launcher}).
 */
public final class EnergyCli {
  public static final String DEFAULT_COUNTRY = "de";
  public static final String DEFAULT_BZN = "DE-LU";
  public static final String DEFAULT_ZONE = "Europe/Berlin";
  static final String DEFAULT_THRESHOLD = "0.5";
  static final String DEFAULT_MIN_EXPECTED_MW = "100";

  private static final String REPORT_USAGE =
      "energy.sh report "
          + String.join("|", Report.commands())
          + " [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--country "
          + DEFAULT_COUNTRY
          + "] [--zone "
          + DEFAULT_ZONE
          + "] [--bzn "
          + DEFAULT_BZN
          + "] [--threshold "
          + DEFAULT_THRESHOLD
          + "] [--min-expected-mw "
          + DEFAULT_MIN_EXPECTED_MW
          + "] [--jdbcUrl URL]";

  private static final String QUALITY_USAGE = "energy.sh quality [--run N] [--jdbcUrl URL]";

  /** The options only some reports take; every report takes the others. */
  private static final Map<String, Report> OPTION_OF =
      Map.of(
          "--bzn", Report.PRICE_VS_WIND,
          "--threshold", Report.UNDERPERFORMANCE,
          "--min-expected-mw", Report.UNDERPERFORMANCE);

  /** A subcommand: its usage line and what it does with the arguments after its name. */
  private record Command(String usage, Action action) {}

  @FunctionalInterface
  private interface Action {
    void run(List<String> args) throws Exception;
  }

  private final PrintStream out;

  /** The subcommands by name; a new one ({@code quality}) is one more entry. */
  private final Map<String, Command> commands = new LinkedHashMap<>();

  EnergyCli(PrintStream out) {
    this.out = out;
    commands.put("report", new Command(REPORT_USAGE, this::report));
    commands.put("quality", new Command(QUALITY_USAGE, this::quality));
  }

  public static void main(String[] args) {
    Launcher.exit(() -> new EnergyCli(System.out).run(args));
  }

  int run(String[] args) throws Exception {
    if (CliArgs.asksForHelp(args)) {
      out.println(usage());
      return 0;
    }
    commands
        .get(CliArgs.command(args, commands.keySet(), usage()))
        .action()
        .run(Arrays.asList(args).subList(1, args.length));
    return 0;
  }

  private String usage() {
    return "usage: "
        + commands.values().stream().map(Command::usage).collect(Collectors.joining("  |  "));
  }

  /** {@code report NAME [options]}: the report as CSV on stdout. */
  private void report(List<String> args) throws Exception {
    if (args.isEmpty() || args.get(0).startsWith("-")) {
      throw new UsageException(
          "report needs a name: " + String.join(", ", Report.commands()) + "; " + usage());
    }
    String name = args.get(0);
    Report report =
        Report.named(name)
            .orElseThrow(
                () ->
                    new UsageException(
                        "unknown report '"
                            + name
                            + "'; the reports are "
                            + String.join(", ", Report.commands())));
    CliArgs a = new CliArgs(args.subList(1, args.size()), usage());
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    String country = a.value("--country", DEFAULT_COUNTRY);
    String bzn = valueOf(a, report, "--bzn", DEFAULT_BZN);
    ZoneId zone = zone(a.value("--zone", DEFAULT_ZONE));
    LocalDate from = CliArgs.date("--from", a.value("--from", null));
    LocalDate to = CliArgs.date("--to", a.value("--to", null));
    double threshold = number("--threshold", valueOf(a, report, "--threshold", DEFAULT_THRESHOLD));
    double minExpectedMw =
        number(
            "--min-expected-mw", valueOf(a, report, "--min-expected-mw", DEFAULT_MIN_EXPECTED_MW));
    a.done();
    if (from != null && to != null && to.isBefore(from)) {
      throw new UsageException("--to " + to + " is before --from " + from);
    }

    Migrations.migrate(jdbcUrl);
    requireStored(jdbcUrl, report, country, bzn);
    Days stored = EnergyReports.storedDays(jdbcUrl, report, country, bzn, zone).orElseThrow();
    Request request =
        new Request(
            country,
            bzn,
            zone,
            from != null ? from : stored.first(),
            to != null ? to : stored.last(),
            threshold,
            minExpectedMw);
    EnergyReports.run(jdbcUrl, report, request).printCsv(out);
  }

  /**
   * {@code quality [--run N]}: the data-quality checks of the last energy run (or run N) as CSV,
   * the failed ones first.
   */
  private void quality(List<String> args) throws Exception {
    CliArgs a = new CliArgs(args, usage());
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    String run = a.value("--run", null);
    a.done();
    Migrations.migrate(jdbcUrl);
    long runId;
    if (run == null) {
      runId = EnergyQuality.lastRun(jdbcUrl);
      if (runId == 0) {
        throw new UsageException("no energy run is stored yet: scripts/run.sh energy");
      }
    } else {
      try {
        runId = Long.parseLong(run.trim());
      } catch (NumberFormatException e) {
        throw new UsageException("--run must be a run id, was '" + run + "'");
      }
    }
    out.print(
        QueryTable.csvLine(
            List.of(
                "run_id",
                "dataset",
                "check",
                "severity",
                "failures",
                "total",
                "passed",
                "example")));
    List<EnergyQuality.Outcome> outcomes = new ArrayList<>(EnergyQuality.of(jdbcUrl, runId));
    outcomes.sort(java.util.Comparator.comparing(EnergyQuality.Outcome::passed));
    for (EnergyQuality.Outcome o : outcomes) {
      out.print(
          QueryTable.csvLine(
              List.of(
                  String.valueOf(runId),
                  o.dataset(),
                  o.check(),
                  o.severity(),
                  String.valueOf(o.failures()),
                  String.valueOf(o.total()),
                  o.passed() ? "t" : "f",
                  o.example())));
    }
    out.flush();
  }

  /** A misspelt country or bidding zone is the user's mistake, not an empty report. */
  private static void requireStored(String jdbcUrl, Report report, String country, String bzn)
      throws Exception {
    if (!EnergyReports.storesCountry(jdbcUrl, country)) {
      throw new UsageException(
          "no public power stored for --country '"
              + country
              + "'; "
              + stored("countries", EnergyReports.countries(jdbcUrl)));
    }
    if (report.readsPrices() && !EnergyReports.storesBiddingZone(jdbcUrl, bzn)) {
      throw new UsageException(
          "no prices stored for --bzn '"
              + bzn
              + "'; "
              + stored("bidding zones", EnergyReports.biddingZones(jdbcUrl)));
    }
  }

  private static String stored(String what, List<String> areas) {
    return areas.isEmpty()
        ? "none is stored yet: load some with scripts/run.sh energy"
        : what + " stored: " + String.join(", ", areas);
  }

  /**
   * A named zone of the tz database, as PostgreSQL knows it: not an offset, which PostgreSQL reads
   * the POSIX way ({@code +02:00} is two hours west of Greenwich there, east in Java).
   */
  static ZoneId zone(String value) {
    String id = value.trim();
    if (!ZoneId.getAvailableZoneIds().contains(id)) {
      throw new UsageException(
          "--zone must be a time zone name such as Europe/Berlin or UTC, was '" + value + "'");
    }
    return ZoneId.of(id);
  }

  static double number(String option, String value) {
    try {
      double number = Double.parseDouble(value.trim());
      if (Double.isFinite(number) && number >= 0) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new UsageException(option + " must be a number >= 0, was '" + value + "'");
  }

  /** The value of an option only {@link #OPTION_OF its report} takes. */
  private static String valueOf(CliArgs a, Report report, String name, String fallback) {
    String value = a.value(name, null);
    if (value != null && OPTION_OF.get(name) != report) {
      throw new UsageException(
          name
              + " is an option of "
              + OPTION_OF.get(name).command
              + " only, not of "
              + report.command);
    }
    return value == null ? fallback : value;
  }
}
