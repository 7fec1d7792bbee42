package dev.tributary.pipelines.dashboard;

import static dev.tributary.pipelines.dashboard.Chart.point;

import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Chart.Series;
import dev.tributary.transforms.geo.GeoGrid;
import dev.tributary.transforms.geo.GeoPoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The weekly average of an area (a region or a box), weekly trips per region and the biggest
 * similar-trip groups (the trips pipeline).
 */
final class TripsReport extends Report {
  static final int TOP_GROUPS = 10;
  private static final SqlFile WEEKLY = SqlFile.load("sql/queries/dashboard/trips_weekly.sql");
  private static final SqlFile TOP = SqlFile.load("sql/queries/dashboard/trips_top_groups.sql");

  TripsReport() {
    super("trips", "Trips");
  }

  /**
   * "Turin 07:00–07:30, 45.065,7.675 → 45.045,7.685 (grid 0.01)": where and when, by cell centres.
   */
  static String groupLabel(Row group) {
    GeoGrid grid = GeoGrid.parse(group.text("grid"));
    return String.format(
        Locale.ROOT,
        "%s %s–%s, %s → %s (grid %s)",
        group.text("region"),
        group.text("bucket_start"),
        group.text("bucket_end"),
        latLon(grid.centre(((Number) group.get("origin_cell")).longValue())),
        latLon(grid.centre(((Number) group.get("destination_cell")).longValue())),
        grid);
  }

  private static String latLon(GeoPoint p) {
    return String.format(Locale.ROOT, "%.3f,%.3f", p.getLat(), p.getLon());
  }

  @Override
  Answer answer(Connection c, Params params) throws SQLException {
    List<Row> weeks = Row.query(c, WEEKLY, Map.of());
    if (weeks.isEmpty()) {
      return Answer.empty(title(), "No trips stored yet: run scripts/run.sh trips.");
    }
    Map<String, List<Row>> byRegion =
        weeks.stream()
            .collect(
                Collectors.groupingBy(
                    r -> r.text("region"), LinkedHashMap::new, Collectors.toList()));
    Chart weekly = Chart.overTime("weekly", "Trips per week and region (by origin)", "trips");
    for (Map.Entry<String, List<Row>> region : byRegion.entrySet()) {
      weekly =
          weekly.with(
              Chart.series(region.getKey(), "line", region.getValue(), "week_start", "trips"));
    }

    List<Row> top = Row.query(c, TOP, Map.of("top", TOP_GROUPS));
    List<List<Object>> bars =
        IntStream.range(0, top.size())
            .mapToObj(i -> point((i + 1) + ". " + groupLabel(top.get(i)), top.get(i).get("trips")))
            .toList();
    Chart groups =
        Chart.byCategory("groups", "The biggest groups of similar trips", "trips")
            .lying()
            .with(new Series("trips", "bar", 0, null, bars));

    long trips = weeks.stream().mapToLong(r -> ((Number) r.get("trips")).longValue()).sum();
    String note =
        String.format(
            "%,d trips in %d regions, weeks of %s to %s.",
            trips,
            byRegion.size(),
            weeks.stream().map(r -> r.text("week_start")).min(String::compareTo).orElseThrow(),
            weeks.stream().map(r -> r.text("week_start")).max(String::compareTo).orElseThrow());
    TripsArea.Area area = TripsArea.of(c, params, List.copyOf(byRegion.keySet()));
    return new Answer(
        title(),
        area.controls(),
        List.of(note, area.note()),
        List.of(area.chart(), weekly, groups));
  }
}
