package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The hand-checked inputs under src/test/resources/trips, a whole pipeline run as the tests start
 * it, and what a run of weekly.csv must leave in the database, whichever runner ran it.
 */
final class TripsFixtures {
  private TripsFixtures() {}

  /**
   * Copies the fixture {@code name} (say {@code weekly.csv}) into {@code dir}, as a file the
   * pipeline can read.
   */
  static Path copy(String name, Path dir) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = TripsFixtures.class.getResourceAsStream("/trips/" + name)) {
      Files.copy(
          Objects.requireNonNull(in, "no fixture /trips/" + name),
          file,
          StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /**
   * Runs the trips pipeline over {@code input} into {@code jdbcUrl}, with no progress bar and any
   * {@code more} arguments.
   */
  static RunSummary run(Path input, String jdbcUrl, String... more) {
    List<String> args =
        new ArrayList<>(List.of("--input=" + input, "--jdbcUrl=" + jdbcUrl, "--progress=false"));
    args.addAll(List.of(more));
    return JobRunner.run(
        new TripsPipeline(),
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(TripsOptions.class));
  }

  /**
   * Checks a run of weekly.csv, whatever ran it: every line accounted for, all nine trips stored,
   * and the weekly averages computed by hand from the fixture.
   */
  static void assertWeeklyFixtureLoaded(RunSummary summary, TestDatabase db) throws SQLException {
    assertTrue(summary.isComplete(), summary.toString()); // finished, read = written + rejected
    assertEquals(9, summary.read());
    assertEquals(9, summary.written());
    assertEquals(9, db.queryLong("SELECT count(*) FROM trips.trips"));
    assertWeeklyAverages(db);
  }

  /** The weekly averages computed by hand from weekly.csv. */
  static void assertWeeklyAverages(TestDatabase db) throws SQLException {
    String url = db.jdbcUrl();

    // Weeks of the whole table: 2018-05-07, -14, -21. Prague: 3, 1, 1 trips.
    TripQueries.WeeklyAverage prague = TripQueries.weeklyAverageInRegion(url, "PRAGUE", false);
    assertEquals(
        List.of(3L, 1L, 1L), prague.weeks().stream().map(TripQueries.Week::trips).toList());
    assertEquals("2018-05-07", prague.weeks().get(0).start().toString());
    assertEquals(new BigDecimal("1.667"), prague.average());
    // Turin: 1, 0, 2 -> 1.0 over every week, 1.5 over weeks with trips.
    assertEquals(
        new BigDecimal("1.000"), TripQueries.weeklyAverageInRegion(url, "turin", false).average());
    assertEquals(
        new BigDecimal("1.500"), TripQueries.weeklyAverageInRegion(url, "turin", true).average());
    assertEquals(
        new BigDecimal("0.333"),
        TripQueries.weeklyAverageInRegion(url, "Hamburg", false).average());

    // The box's corners are trips' origins: edges are inclusive.
    double[] box = {14.40, 50.05, 14.50, 50.10};
    assertEquals(
        new BigDecimal("1.333"),
        TripQueries.weeklyAverageInBbox(url, box, "origin", false).average());
    assertEquals(
        new BigDecimal("1.333"),
        TripQueries.weeklyAverageInBbox(url, box, "destination", false).average());
    assertEquals(
        new BigDecimal("1.000"),
        TripQueries.weeklyAverageInBbox(url, box, "both", false).average());
    assertEquals(
        new BigDecimal("2.000"),
        TripQueries.weeklyAverageInBbox(url, box, "origin", true).average());
    double[] world = {-180, -90, 180, 90};
    assertEquals(
        new BigDecimal("3.000"),
        TripQueries.weeklyAverageInBbox(url, world, "origin", false).average());
  }

  /**
   * Every table a trips run fills, with names instead of ids and without run ids: two databases
   * loaded with the same trips, in any order, by any runner or source, give equal maps.
   */
  static Map<String, List<String>> tablesByName(TestDatabase db) throws SQLException {
    Map<String, String> queries =
        Map.of(
            "trips",
            "SELECT trip_key, started_at, origin_lon, origin_lat, destination_lon, destination_lat,"
                + " r.name, d.name FROM trips.trips JOIN trips.regions r USING (region_id)"
                + " JOIN trips.datasources d USING (datasource_id) ORDER BY trip_key",
            "trip_groups",
            "SELECT g.grid, g.bucket_minutes, r.name, origin_cell, destination_cell, time_bucket,"
                + " trip_count, first_seen, last_seen, ARRAY(SELECT name FROM trips.datasources d"
                + " WHERE d.datasource_id = ANY (t.datasource_ids) ORDER BY name)"
                + " FROM trips.trip_groups t JOIN trips.groupings g USING (grouping_id)"
                + " JOIN trips.regions r USING (region_id) ORDER BY 1, 2, 3, 4, 5, 6",
            "trip_area_weeks",
            "SELECT side, cell_x, cell_y, week_start, r.name, trips FROM trips.trip_area_weeks"
                + " JOIN trips.regions r USING (region_id) ORDER BY 1, 2, 3, 4, 5",
            "trip_area_blocks",
            "SELECT level, side, block_x, block_y, week_start, r.name, trips"
                + " FROM trips.trip_area_blocks JOIN trips.regions r USING (region_id)"
                + " ORDER BY 1, 2, 3, 4, 5, 6",
            "trip_region_sources",
            "SELECT r.name, d.name, trips, first_seen, last_seen FROM trips.trip_region_sources"
                + " JOIN trips.regions r USING (region_id) JOIN trips.datasources d USING (datasource_id)"
                + " ORDER BY 1, 2");
    Map<String, List<String>> tables = new TreeMap<>();
    for (Map.Entry<String, String> query : queries.entrySet()) {
      tables.put(query.getKey(), db.queryRows(query.getValue()));
    }
    return tables;
  }

  /**
   * A stream of weekly.csv left what the file job left in {@code batch}: the same trips tables, the
   * hand-computed averages, and weekly counts that add up to them.
   */
  static void assertSameTables(TestDatabase batch, TestDatabase stream) throws SQLException {
    assertEquals(tablesByName(batch), tablesByName(stream));
    assertWeeklyAverages(stream);
    // Summed over weeks, each group's count is the batch job's trip_groups count...
    assertEquals(
        batch.queryRows(
            "SELECT r.name, origin_cell, destination_cell, time_bucket, trip_count FROM trips.trip_groups"
                + " JOIN trips.regions r USING (region_id) ORDER BY 1, 2, 3, 4"),
        stream.queryRows(
            "SELECT region, origin_cell, destination_cell, time_bucket, sum(trips)"
                + " FROM trips.trip_window_counts GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4"));
    // ...and summed over groups, each region's week is the batch job's trips of that week.
    assertEquals(
        batch.queryRows(
            "SELECT r.name, start_week, count(*) FROM trips.trips JOIN trips.regions r USING (region_id)"
                + " GROUP BY 1, 2 ORDER BY 1, 2"),
        stream.queryRows(
            "SELECT region, window_start::date, sum(trips) FROM trips.trip_window_counts"
                + " GROUP BY 1, 2 ORDER BY 1, 2"));
  }

  /** The records of a CSV fixture, without its header: what a stream of it carries. */
  static List<String> records(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    return lines.subList(1, lines.size());
  }

  /** A trip line's region: the key trips are produced with, as a real feed would. */
  static String region(String line) {
    return line.substring(0, line.indexOf(','));
  }

  /**
   * The records of fixture {@code name} as the file source reads them: each non-blank line after
   * the header, at its byte offset, with the header.
   */
  static List<SourceRecord> sourceRecords(String name) throws IOException {
    byte[] bytes;
    try (InputStream in = TripsFixtures.class.getResourceAsStream("/trips/" + name)) {
      bytes = Objects.requireNonNull(in, "no fixture /trips/" + name).readAllBytes();
    }
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    List<SourceRecord> records = new ArrayList<>();
    String header = null;
    long offset = 0;
    for (String line : text.split("\n", -1)) {
      long length = line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
      String clean = line.replace("\uFEFF", "").replace("\r", "");
      if (header == null) {
        header = clean;
      } else if (!clean.isBlank()) {
        records.add(SourceRecord.of(Location.file(name, offset), clean, header));
      }
      offset += length;
    }
    return records;
  }
}
