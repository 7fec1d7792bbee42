package dev.tributary.pipelines.trips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.PostgresOptions;
import dev.tributary.io.runs.StatusListener;
import dev.tributary.pipelines.runtime.CliArgs;
import dev.tributary.pipelines.runtime.Launcher;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The trips questions from the command line ({@code scripts/trips.sh}):
 *
 * <pre>
 * weekly-average (--bbox minLon,minLat,maxLon,maxLat | --region NAME) [--match origin|destination|both] [--weeks-with-data]
 * latest-datasource
 * regions --datasource NAME
 * watch
 * </pre>
 *
 * Each takes {@code --jdbcUrl URL} (default as for the pipeline).
 */
public final class TripsCli {
  private static final String USAGE =
      "usage: trips.sh weekly-average (--bbox minLon,minLat,maxLon,maxLat | --region NAME)"
          + " [--match origin|destination|both] [--weeks-with-data] | latest-datasource"
          + " | regions --datasource NAME | watch   [--jdbcUrl URL]";

  private final PrintStream out;

  TripsCli(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    Launcher.exit(() -> new TripsCli(System.out).run(args));
  }

  int run(String[] args) throws Exception {
    if (args.length == 0) {
      throw new UsageException(USAGE);
    }
    CliArgs a = new CliArgs(Arrays.asList(args).subList(1, args.length), USAGE);
    String jdbcUrl = a.value("--jdbcUrl", new PostgresOptions.JdbcUrlFactory().create(null));
    switch (args[0]) {
      case "weekly-average" -> weeklyAverage(a, jdbcUrl);
      case "latest-datasource" -> {
        a.done();
        Migrations.migrate(jdbcUrl);
        table(TripQueries.latestDatasourceOfTopRegions(jdbcUrl));
      }
      case "regions" -> {
        String datasource = a.required("--datasource");
        a.done();
        Migrations.migrate(jdbcUrl);
        table(TripQueries.regionsOfDatasource(jdbcUrl, datasource));
      }
      case "watch" -> {
        a.done();
        watch(jdbcUrl);
      }
      default -> throw new UsageException("unknown command '" + args[0] + "'; " + USAGE);
    }
    return 0;
  }

  private void weeklyAverage(CliArgs a, String jdbcUrl) throws Exception {
    String bbox = a.value("--bbox", null);
    String region = a.value("--region", null);
    String match = a.value("--match", "origin").toLowerCase(Locale.ROOT);
    boolean weeksWithData = a.flag("--weeks-with-data");
    a.done();
    if ((bbox == null) == (region == null)) {
      throw new UsageException("weekly-average needs exactly one of --bbox or --region; " + USAGE);
    }
    if (!List.of("origin", "destination", "both").contains(match)) {
      throw new UsageException("--match must be origin, destination or both, was '" + match + "'");
    }
    Migrations.migrate(jdbcUrl);
    TripQueries.WeeklyAverage result;
    if (bbox != null) {
      result = TripQueries.weeklyAverageInBbox(jdbcUrl, parseBbox(bbox), match, weeksWithData);
    } else {
      if (TripQueries.regions(jdbcUrl).stream().noneMatch(r -> r.equalsIgnoreCase(region.trim()))) {
        throw new UsageException(
            "no trips stored for region '"
                + region
                + "'; regions with trips: "
                + TripQueries.regions(jdbcUrl));
      }
      result = TripQueries.weeklyAverageInRegion(jdbcUrl, region, weeksWithData);
    }
    out.printf("%-10s  %s%n", "week", "trips");
    for (TripQueries.Week week : result.weeks()) {
      out.printf("%-10s  %d%n", week.start(), week.trips());
    }
    out.printf("weeks=%d%n", result.weeks().size());
    out.println("weekly_average=" + result.average().stripTrailingZeros().toPlainString());
  }

  public static double[] parseBbox(String bbox) {
    String[] parts = bbox.split(",");
    try {
      if (parts.length != 4) {
        throw new NumberFormatException();
      }
      double[] box = new double[4];
      for (int i = 0; i < 4; i++) {
        box[i] = Double.parseDouble(parts[i].trim());
      }
      if (!(box[0] <= box[2] && box[1] <= box[3])
          || box[0] < -180
          || box[2] > 180
          || box[1] < -90
          || box[3] > 90) {
        throw new UsageException(
            "--bbox must be minLon,minLat,maxLon,maxLat with min <= max, on Earth; was '"
                + bbox
                + "'");
      }
      return box;
    } catch (NumberFormatException e) {
      throw new UsageException(
          "--bbox must be four numbers minLon,minLat,maxLon,maxLat; was '" + bbox + "'");
    }
  }

  private void watch(String jdbcUrl) throws Exception {
    ObjectMapper json = new ObjectMapper();
    try (StatusListener listener = StatusListener.open(jdbcUrl)) {
      out.println(
          "listening for ingestion events on "
              + jdbcUrl.replaceFirst("\\?.*", "")
              + " (Ctrl-C to stop)");
      listener.forEach(
          payload -> {
            try {
              JsonNode e = json.readTree(payload);
              out.printf(
                  "%s run %d %s %-8s written=%d new=%d rejected=%d%s%s%n",
                  e.path("at").asText(),
                  e.path("run_id").asLong(),
                  e.path("pipeline").asText(),
                  e.path("event").asText(),
                  e.path("rows_written").asLong(),
                  e.path("rows_new").asLong(),
                  e.path("rows_rejected").asLong(),
                  e.path("rows_read").isNull() ? "" : " read=" + e.path("rows_read").asLong(),
                  e.path("message").isNull() ? "" : " message=" + e.path("message").asText());
              out.flush();
            } catch (Exception bad) {
              out.println(payload);
            }
          });
    }
  }

  private void table(List<List<String>> rows) {
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(String.format("%-" + widths[i] + "s  ", row.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
