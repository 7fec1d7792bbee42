package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The trips pipeline end to end on the DirectRunner into a real PostgreSQL database. */
class TripsPipelineIT {
  /** Every table a run writes, with a stable order: what "unchanged" compares. */
  private static final Map<String, String> TABLES =
      Map.of(
          "trips", "SELECT * FROM trips.trips ORDER BY trip_key",
          "trip_groups",
              "SELECT grouping_id, region_id, origin_cell, destination_cell, time_bucket, trip_count, first_seen, last_seen, datasource_ids FROM trips.trip_groups ORDER BY 1, 2, 3, 4, 5",
          "trip_area_weeks", "SELECT * FROM trips.trip_area_weeks ORDER BY 1, 2, 3, 4, 5",
          "trip_area_blocks", "SELECT * FROM trips.trip_area_blocks ORDER BY 1, 2, 3, 4, 5, 6",
          "trip_region_sources", "SELECT * FROM trips.trip_region_sources ORDER BY 1, 2",
          "regions", "SELECT * FROM trips.regions ORDER BY 1",
          "datasources", "SELECT * FROM trips.datasources ORDER BY 1",
          "rejected_records",
              "SELECT pipeline, source, byte_offset, line, step, reason, raw FROM ops.rejected_records ORDER BY 3");

  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  @TempDir Path dir;

  private Path fixture(String name) throws IOException {
    return TripsFixtures.copy(name, dir);
  }

  private RunSummary run(Path input, String... more) {
    return TripsFixtures.run(input, db.jdbcUrl(), more);
  }

  private Map<String, List<String>> snapshot() throws Exception {
    Map<String, List<String>> tables = new TreeMap<>();
    for (Map.Entry<String, String> table : TABLES.entrySet()) {
      tables.put(table.getKey(), db.queryRows(table.getValue()));
    }
    return tables;
  }

  @Test
  void weeklyAveragesOfTheHandCheckedFixture() throws Exception {
    TripsFixtures.assertWeeklyFixtureLoaded(run(fixture("weekly.csv")), db);
  }

  @Test
  void theSameFixtureOnEmbeddedFlinkGivesTheSameAnswers() throws Exception {
    RunSummary summary =
        run(
            fixture("weekly.csv"),
            "--runner=FlinkRunner",
            "--flinkMaster=[local]",
            "--parallelism=2");
    TripsFixtures.assertWeeklyFixtureLoaded(summary, db);
  }

  @Test
  void bonusQueriesOnTheFixture() throws Exception {
    run(fixture("weekly.csv"));
    assertEquals(
        List.of(
            List.of("region", "trips", "datasource", "last_seen"),
            List.of("Prague", "5", "baba_car", "2018-05-21 00:00:00"),
            List.of("Turin", "3", "pt_search_app", "2018-05-27 18:00:00")),
        TripQueries.latestDatasourceOfTopRegions(db.jdbcUrl()));
    assertEquals(
        List.of("Prague", "Turin"),
        TripQueries.regionsOfDatasource(db.jdbcUrl(), " Cheap_Mobile").stream()
            .skip(1)
            .map(r -> r.get(0))
            .toList());
  }

  @Test
  void dirtyInputEndsInTheTableOrTheDeadLettersExactlyOnce() throws Exception {
    Path input = fixture("dirty.csv");
    RunSummary summary = run(input);

    assertEquals(13, summary.read()); // 14 lines after the header, one of them blank
    assertEquals(4, summary.written());
    assertEquals(3, summary.inserted()); // the third line repeats the first trip
    assertEquals(9, summary.rejected());
    assertTrue(summary.isComplete());
    assertEquals(3, db.queryLong("SELECT count(*) FROM trips.trips"));
    assertEquals(
        List.of("Prague", "Turin, It"),
        db.queryRows("SELECT name FROM trips.regions ORDER BY name"));
    assertEquals(
        List.of(
            "6|parse|WKT point needs two coordinates: 'POINT (14.4)'",
            "7|parse|missing datasource",
            "8|clean|origin out of range: GeoPoint{lon=14.4, lat=95.05}",
            "9|parse|impossible timestamp '2018-02-30 10:00:00': Invalid date 'FEBRUARY 30'",
            "10|parse|unparseable timestamp 'yesterday' (expected yyyy-MM-dd HH:mm:ss)",
            "11|clean|datetime 1999-12-31T23:59:59Z before the earliest allowed, 2000-01-01T00:00:00Z",
            "12|parse|expected at least 5 fields, found 3",
            "14|parse|unterminated quoted field (line breaks inside quotes are not supported)",
            "15|clean|destination out of range: GeoPoint{lon=190.01, lat=53.56}"),
        db.queryRows("SELECT line, step, reason FROM ops.rejected_records ORDER BY line"));
  }

  @Test
  void aReRunLeavesEveryTableUnchanged() throws Exception {
    Path input = fixture("dirty.csv");
    run(input);
    Map<String, List<String>> before = snapshot();

    RunSummary again = run(input);

    assertEquals(before, snapshot());
    assertEquals(4, again.written());
    assertEquals(0, again.inserted());
    assertEquals(
        2, db.queryLong("SELECT count(*) FROM ops.ingestion_runs WHERE status = 'finished'"));
  }

  /**
   * Box counts on either way in: the incremental merge's trips_merged, keyed by strip id, and a
   * bulk load's partition, keyed by point key (V23).
   */
  @ParameterizedTest
  @ValueSource(strings = {"incremental", "bulk"})
  void theSampleIngestsCompletelyAndBboxCountsMatchTheRows(String loadMode) throws Exception {
    Path sample = Path.of(System.getProperty("user.dir")).resolveSibling("data/sample/trips.csv");
    RunSummary summary =
        run(sample, "--grid=geohash:6", "--timeBucketMinutes=60", "--loadMode=" + loadMode);
    assertTrue(summary.isComplete());
    assertEquals(3, summary.rejected()); // the sample ends with three dirty lines
    assertEquals(summary.written(), db.queryLong("SELECT count(*) FROM trips.trips"));
    assertEquals(summary.written(), db.queryLong("SELECT sum(trip_count) FROM trips.trip_groups"));

    // The blocks are their cells summed, level by level.
    assertEquals(
        db.queryRows(
            "SELECT level, side, cell_x >> level, cell_y >> level, week_start, region_id,"
                + " sum(trips) FROM trips.trip_area_weeks, (VALUES (2), (4)) l (level)"
                + " GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6"),
        db.queryRows("SELECT * FROM trips.trip_area_blocks ORDER BY 1, 2, 3, 4, 5, 6"));

    // The interior comes from blocks and cells, the edge cells from rows: together exact.
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 25; i++) {
      double lon = 7 + random.nextDouble() * 10;
      double lat = 38 + random.nextDouble() * 16;
      double[] box = {lon, lat, lon + random.nextDouble() * 3, lat + random.nextDouble() * 2};
      assertBboxCountsMatchTheRows(box);
    }
  }

  /**
   * Trips on the 0.0025-degree grid lines, next to them and on the edges of the boxes asked: a box
   * whose west or south edge is on the grid takes that column or row from the aggregates, one whose
   * east or north edge is on the grid reads only the trips on that line, and every other edge reads
   * the part of its cells inside the box. Counts equal the rows', edges included, also west of
   * Greenwich (-8.0 is a negative power of two, whose neighbour below is not computed). Either way
   * in, as above.
   */
  @ParameterizedTest
  @ValueSource(strings = {"incremental", "bulk"})
  void bboxCountsAreExactOnTheGridAndOnATripsOwnCoordinates(String loadMode) throws Exception {
    double[][] lons = {
      {14.3975, Math.nextDown(14.4), 14.4, Math.nextUp(14.4), 14.40125, 14.4025, 14.45},
      {Math.nextDown(14.5), 14.5, Math.nextUp(14.5), 14.5025, -8.0025, Math.nextDown(-8.0), -8.0},
      {Math.nextUp(-8.0), -7.99875, -7.9975}
    };
    double[] lat = {
      50.0475,
      Math.nextDown(50.05),
      50.05,
      Math.nextUp(50.05),
      50.05015625,
      50.075,
      50.1,
      Math.nextUp(50.1),
      50.1025,
      38.7,
      Math.nextDown(38.7),
      38.70625
    };
    double[] lon = Arrays.stream(lons).flatMapToDouble(Arrays::stream).toArray();
    StringBuilder csv =
        new StringBuilder("region,origin_coord,destination_coord,datetime,datasource\n");
    for (int i = 0; i < lon.length; i++) {
      for (int j = 0; j < lat.length; j++) {
        csv.append(
            String.format(
                "%s,POINT (%s %s),POINT (%s %s),2018-05-%02d 08:00:00,%s%n",
                lon[i] < 0 ? "Lisbon" : "Prague",
                lon[i],
                lat[j],
                lon[(i + 3) % lon.length],
                lat[(j + 5) % lat.length],
                7 + (i + j) % 3 * 7,
                (i * j) % 2 == 0 ? "cheap_mobile" : "baba_car"));
      }
    }
    Path input = Files.writeString(dir.resolve("grid.csv"), csv);
    assertEquals(lon.length * lat.length, run(input, "--loadMode=" + loadMode).written());
    // The point key sorts as (strip id, longitude) do, on the grid lines and west of 0 too (V23).
    assertEquals(
        List.of("0"),
        db.queryRows(
            "SELECT count(*) FILTER (WHERE k < lag) FROM (SELECT k, lag(k) OVER (ORDER BY s, lon)"
                + " FROM (SELECT trips.area_point_key(origin_lon, origin_lat) k,"
                + " trips.area_strip_id(origin_lon, origin_lat) s, origin_lon lon FROM trips.trips"
                + " UNION ALL SELECT trips.area_point_key(destination_lon, destination_lat),"
                + " trips.area_strip_id(destination_lon, destination_lat), destination_lon"
                + " FROM trips.trips) p) o"));

    List<double[]> boxes =
        new ArrayList<>(
            List.of(
                new double[] {14.4, 50.05, 14.5, 50.1},
                new double[] {14.4, 50.05, 14.4025, 50.0525},
                new double[] {Math.nextUp(14.4), Math.nextUp(50.05), 14.5, 50.1},
                new double[] {-8.0, 38.7, -7.9975, 38.7025},
                new double[] {-8.0025, 38.69, 14.5025, 50.1025}));
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 30; i++) {
      double[] x = {lon[random.nextInt(lon.length)], lon[random.nextInt(lon.length)]};
      double[] y = {lat[random.nextInt(lat.length)], lat[random.nextInt(lat.length)]};
      boxes.add(
          new double[] {
            Math.min(x[0], x[1]), Math.min(y[0], y[1]), Math.max(x[0], x[1]), Math.max(y[0], y[1])
          });
    }
    for (double[] box : boxes) {
      assertBboxCountsMatchTheRows(box);
    }
  }

  /** A box's interior as blocks and cells covers each of its cells once, west of 0 as well. */
  @Test
  void areaPartsCoverEveryCellOfTheRectangleOnce() throws Exception {
    Migrations.migrate(db.jdbcUrl());
    SplittableRandom random = new SplittableRandom(13);
    for (int i = 0; i < 200; i++) {
      int x0 = random.nextInt(-100, 100);
      int y0 = random.nextInt(-100, 100);
      int x1 = x0 + random.nextInt(i < 20 ? 3 : 90);
      int y1 = y0 + random.nextInt(i < 20 ? 3 : 90);
      String cells =
          String.format(
              "SELECT cx, cy FROM trips.area_parts(%d, %d, %d, %d) p,"
                  + " generate_series(p.px0 << p.level, ((p.px1 + 1) << p.level) - 1) cx,"
                  + " generate_series(p.py0 << p.level, ((p.py1 + 1) << p.level) - 1) cy",
              x0, x1, y0, y1);
      assertEquals(
          List.of(
              String.format(
                  "%d|%d|%d|%d|%d|%d",
                  (x1 - x0 + 1) * (y1 - y0 + 1), (x1 - x0 + 1) * (y1 - y0 + 1), x0, x1, y0, y1)),
          db.queryRows(
              "SELECT count(*), count(DISTINCT (cx, cy)), min(cx), max(cx), min(cy), max(cy) FROM ("
                  + cells
                  + ") c"),
          String.format("cells [%d, %d] x [%d, %d]", x0, x1, y0, y1));
    }
    // A rectangle of whole 0.04-degree blocks is read as them alone.
    assertEquals(
        List.of("4|1|2|-3|-2"), db.queryRows("SELECT * FROM trips.area_parts(16, 47, -48, -17)"));
  }

  private void assertBboxCountsMatchTheRows(double[] box) throws Exception {
    for (String match : List.of("origin", "destination", "both")) {
      String where =
          switch (match) {
            case "origin" -> inBox("origin", box);
            case "destination" -> inBox("destination", box);
            default -> inBox("origin", box) + " AND " + inBox("destination", box);
          };
      assertEquals(
          db.queryRows(
              "SELECT date_trunc('week', started_at)::date, count(*) FROM trips.trips WHERE "
                  + where
                  + " GROUP BY 1 ORDER BY 1"),
          db.queryRows(
              String.format(
                  "SELECT * FROM trips.trip_counts_in_bbox(%s, %s, %s, %s, '%s') ORDER BY 1",
                  box[0], box[1], box[2], box[3], match)),
          match + " in " + Arrays.toString(box));
    }
  }

  private static String inBox(String side, double[] box) {
    return String.format(
        "%1$s_lon BETWEEN %2$s AND %4$s AND %1$s_lat BETWEEN %3$s AND %5$s",
        side, box[0], box[1], box[2], box[3]);
  }

  @Test
  void badInputFailsWithOneClearLineAndWritesNothing() throws Exception {
    Path noHeader = dir.resolve("no-datasource.csv");
    Files.writeString(
        noHeader,
        "region,origin_coord,destination_coord,datetime\nPrague,POINT (1 2),POINT (1 2),2018-05-07 08:00:00\n");
    Path empty = Files.createFile(dir.resolve("empty.csv"));

    assertTrue(
        assertThrows(UsageException.class, () -> run(dir.resolve("missing.csv")))
            .getMessage()
            .startsWith("no input file matches"));
    assertTrue(
        assertThrows(UsageException.class, () -> run(noHeader))
            .getMessage()
            .contains("header lacks column(s) [datasource]"));
    assertTrue(
        assertThrows(UsageException.class, () -> run(empty)).getMessage().contains("is empty"));
    assertTrue(
        assertThrows(UsageException.class, () -> run(fixture("weekly.csv"), "--grid=0"))
            .getMessage()
            .startsWith("--grid: "));
    assertThrows(
        UsageException.class,
        () -> TripsFixtures.run(fixture("weekly.csv"), "jdbc:postgresql://127.0.0.1:1/x"));
    // Checked before anything was written: not even the schema exists.
    assertEquals(
        0, db.queryLong("SELECT count(*) FROM pg_tables WHERE tablename = 'ingestion_runs'"));
  }
}
