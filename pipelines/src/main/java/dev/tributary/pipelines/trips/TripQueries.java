package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.postgres.SqlFile;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The analysts' questions, answered with the very SQL files of infra/sql/queries/. */
final class TripQueries {
  private static final SqlFile BBOX = SqlFile.load("sql/queries/weekly_average_bbox.sql");
  private static final SqlFile REGION = SqlFile.load("sql/queries/weekly_average_region.sql");
  private static final SqlFile LATEST =
      SqlFile.load("sql/queries/latest_datasource_of_top_regions.sql");
  private static final SqlFile REGIONS_OF = SqlFile.load("sql/queries/regions_of_datasource.sql");

  private TripQueries() {}

  record Week(LocalDate start, long trips) {}

  /** The weeks averaged over and their average (0 when no week qualifies). */
  record WeeklyAverage(List<Week> weeks, BigDecimal average) {}

  static WeeklyAverage weeklyAverageInBbox(
      String jdbcUrl, double[] bbox, String match, boolean weeksWithData) throws SQLException {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("min_lon", bbox[0]);
    values.put("min_lat", bbox[1]);
    values.put("max_lon", bbox[2]);
    values.put("max_lat", bbox[3]);
    values.put("match", match);
    values.put("weeks_with_data", weeksWithData);
    return weeklyAverage(jdbcUrl, BBOX, values);
  }

  static WeeklyAverage weeklyAverageInRegion(String jdbcUrl, String region, boolean weeksWithData)
      throws SQLException {
    return weeklyAverage(
        jdbcUrl, REGION, Map.of("region", region, "weeks_with_data", weeksWithData));
  }

  /** Rows of the first bonus question: region, its trips, latest datasource, its last trip. */
  static List<List<String>> latestDatasourceOfTopRegions(String jdbcUrl) throws SQLException {
    return rows(jdbcUrl, LATEST, Map.of());
  }

  /** Rows of the second bonus question: region, trips, first and last seen. */
  static List<List<String>> regionsOfDatasource(String jdbcUrl, String datasource)
      throws SQLException {
    return rows(jdbcUrl, REGIONS_OF, Map.of("datasource", datasource));
  }

  /** Region names as stored, most trips first. */
  static List<String> regions(String jdbcUrl) throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT r.name FROM trips.regions r JOIN trips.trip_region_sources USING (region_id)"
                    + " GROUP BY r.name ORDER BY sum(trips) DESC, r.name");
        ResultSet r = s.executeQuery()) {
      List<String> names = new ArrayList<>();
      while (r.next()) {
        names.add(r.getString(1));
      }
      return names;
    }
  }

  private static WeeklyAverage weeklyAverage(String jdbcUrl, SqlFile query, Map<String, ?> values)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = query.prepare(c, values);
        ResultSet r = s.executeQuery()) {
      List<Week> weeks = new ArrayList<>();
      BigDecimal average = BigDecimal.ZERO.setScale(3);
      while (r.next()) {
        weeks.add(new Week(r.getObject(1, LocalDate.class), r.getLong(2)));
        average = r.getBigDecimal(3);
      }
      return new WeeklyAverage(weeks, average);
    }
  }

  private static List<List<String>> rows(String jdbcUrl, SqlFile query, Map<String, ?> values)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = query.prepare(c, values);
        ResultSet r = s.executeQuery()) {
      int columns = r.getMetaData().getColumnCount();
      List<List<String>> rows = new ArrayList<>();
      List<String> header = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        header.add(r.getMetaData().getColumnLabel(i));
      }
      rows.add(header);
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(r.getString(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /** The weekly average of every stored region, as a run's summary ends. */
  static void printRegionAverages(String jdbcUrl, PrintStream out) {
    try {
      printAverages(jdbcUrl, out);
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the weekly averages: " + e.getMessage(), e);
    }
  }

  private static void printAverages(String jdbcUrl, PrintStream out) throws SQLException {
    out.println(
        "weekly average trips per region (all stored trips, every week from first to last):");
    for (String region : regions(jdbcUrl)) {
      WeeklyAverage avg = weeklyAverageInRegion(jdbcUrl, region, false);
      out.printf(
          "  %-12s %s trips/week over %d weeks%n", region, avg.average(), avg.weeks().size());
    }
  }
}
