package dev.tributary.pipelines.dashboard;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Answer.Control;
import dev.tributary.pipelines.dashboard.Answer.Option;
import dev.tributary.pipelines.trips.TripsCli;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trips job's question on the trips page: the weekly average number of trips of an area, a
 * region or a bounding box ({@code ?region=Prague}, {@code
 * ?bbox=14.4,50.05,14.5,50.1&match=origin}), with the SQL files of {@code scripts/trips.sh
 * weekly-average}: every week from the first trip stored to the last, an empty one counting as
 * zero.
 */
final class TripsArea {
  private static final SqlFile REGION = SqlFile.load("sql/queries/weekly_average_region.sql");
  private static final SqlFile BBOX = SqlFile.load("sql/queries/weekly_average_bbox.sql");
  private static final List<String> MATCHES = List.of("origin", "destination", "both");

  /** The area asked for: its form, a line with its average, and its weeks. */
  record Area(List<Control> controls, String note, Chart chart) {}

  private TripsArea() {}

  static Area of(Connection c, Params params, List<String> regions) throws SQLException {
    String bbox = params.text("bbox", null);
    String match = params.text("match", "origin");
    if (!MATCHES.contains(match)) {
      throw new Params.BadParameter(
          "match must be origin, destination or both, was '" + match + "'");
    }
    String region = bbox == null ? params.text("region", regions.get(0)) : "";
    List<Row> weeks;
    String area;
    if (bbox != null) {
      double[] box = box(bbox);
      weeks =
          Row.query(
              c,
              BBOX,
              Map.of(
                  "min_lon",
                  box[0],
                  "min_lat",
                  box[1],
                  "max_lon",
                  box[2],
                  "max_lat",
                  box[3],
                  "match",
                  match,
                  "weeks_with_data",
                  false));
      area = "the box " + bbox + " (by " + match + ")";
    } else {
      if (!regions.contains(region)) {
        throw new Params.BadParameter(
            "no trips stored for region '" + region + "'; regions: " + regions);
      }
      weeks = Row.query(c, REGION, Map.of("region", region, "weeks_with_data", false));
      area = region + " (by origin)";
    }
    Object average = weeks.isEmpty() ? 0 : weeks.get(0).get("weekly_average");
    List<Option> choices = new ArrayList<>(List.of(new Option("", "(a box instead)")));
    regions.forEach(r -> choices.add(new Option(r, r)));
    List<Control> controls =
        List.of(
            Control.select("region", "Region", region, choices),
            Control.text("bbox", "or a box: minLon,minLat,maxLon,maxLat", bbox == null ? "" : bbox),
            Control.select(
                "match",
                "matching the box by",
                match,
                MATCHES.stream().map(m -> new Option(m, m)).toList()));
    Chart chart =
        Chart.overTime("area", "Trips per week in " + area, "trips")
            .with(Chart.series("trips", "bar", weeks, "week_start", "trips"))
            .with(Chart.series("weekly average", "line", weeks, "week_start", "weekly_average"));
    return new Area(
        controls,
        String.format("Weekly average in %s: %s trips over %d weeks.", area, average, weeks.size()),
        chart);
  }

  private static double[] box(String bbox) {
    try {
      return TripsCli.parseBbox(bbox);
    } catch (UsageException e) {
      throw new Params.BadParameter(e.getMessage().replace("--bbox", "bbox"));
    }
  }
}
