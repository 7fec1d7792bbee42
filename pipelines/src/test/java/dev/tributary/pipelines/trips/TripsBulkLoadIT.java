package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.Migrations;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk load (--loadMode=bulk) on real PostgreSQL: whatever way it goes (into an empty table,
 * into one that holds trips, the same input again, an input that holds trips twice into either,
 * after a bulk load whose job died or a settle that died after its aggregates) it leaves exactly
 * the tables the incremental merge leaves.
 */
class TripsBulkLoadIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  @RegisterExtension final TestDatabase reference = TestDatabase.perTest(false);
  @TempDir Path dir;

  /** The sample, copied into the test's directory on first use. */
  private Path sample() throws Exception {
    Path copy = dir.resolve("trips.csv");
    return Files.exists(copy)
        ? copy
        : Files.copy(
            Path.of(System.getProperty("user.dir")).resolveSibling("data/sample/trips.csv"), copy);
  }

  /** The first {@code lines} trips of {@code input}, with its header, as a file of its own. */
  private Path head(Path input, int lines, String name) throws Exception {
    List<String> all = Files.readAllLines(input);
    return Files.write(dir.resolve(name), all.subList(0, lines + 1));
  }

  private boolean referenceLoaded;

  private void loadReference(Path input) {
    RunSummary merged = TripsFixtures.run(input, reference.jdbcUrl(), "--loadMode=incremental");
    assertEquals(2000, merged.inserted());
    referenceLoaded = true;
  }

  private RunSummary bulk(Path input) {
    return TripsFixtures.run(input, db.jdbcUrl(), "--loadMode=bulk");
  }

  /** What run() printed: the settle names where its aggregates came from. */
  private static String printed(Runnable run) {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(out);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    out.print(text);
    return text;
  }

  private static final String SUMS = "aggregates from the writers' sums";
  private static final String TRIPS = "aggregates from the stored trips";

  /** What the incremental merge leaves for the whole sample: what every bulk path must leave. */
  private void assertSameAsIncremental(Path input) throws Exception {
    if (!referenceLoaded) {
      loadReference(input);
    }
    assertEquals(TripsFixtures.tablesByName(reference), TripsFixtures.tablesByName(db));
    assertEquals(0, db.queryLong("SELECT count(*) FROM trips.bulk_loads"));
    // The aggregates' indexes, which a load into empty aggregates drops and builds again.
    String indexes =
        "SELECT tablename || '.' || indexname FROM pg_indexes WHERE schemaname = 'trips'"
            + " AND tablename IN ('trip_groups', 'trip_area_weeks', 'trip_area_blocks')"
            + " ORDER BY 1";
    assertEquals(db.queryRows(indexes), reference.queryRows(indexes));
    assertEquals(
        List.of(
            "trip_area_blocks.trip_area_blocks_by_region",
            "trip_area_blocks.trip_area_blocks_pkey",
            "trip_area_weeks.trip_area_weeks_pkey",
            "trip_groups.trip_groups_pkey"),
        db.queryRows(indexes));
    // Every partition of trips, the merged trips' and each load's, with its key and destinations.
    String partitions =
        "SELECT c.relname || ':' || string_agg(substr(i.indexname, length(c.relname) + 2), ','"
            + " ORDER BY i.indexname)"
            + " FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid"
            + " LEFT JOIN pg_indexes i ON i.schemaname = 'trips' AND i.tablename = c.relname"
            + " WHERE h.inhparent = 'trips.trips'::regclass GROUP BY c.relname ORDER BY 1";
    List<String> loads = db.queryRows(partitions);
    assertEquals("trips_merged:destinations,key", loads.get(0));
    for (String load : loads) {
      assertTrue(load.matches("trips_(merged|run_\\d+):destinations,key"), load);
    }
    // The settle's VACUUM (ANALYZE) of the trips: each load's destination index analysed (built
    // beside or after step 'stored', whose ANALYZE may not see it).
    assertEquals(
        0,
        db.queryLong(
            "SELECT count(*) FROM pg_inherits h JOIN pg_class c ON c.oid = h.inhrelid"
                + " WHERE h.inhparent = 'trips.trips'::regclass AND c.relname LIKE 'trips_run_%'"
                + " AND NOT EXISTS (SELECT 1 FROM pg_stats s WHERE s.schemaname = 'trips'"
                + " AND s.tablename = c.relname || '_destinations')"));
  }

  @Test
  void intoAnEmptyTableTheHandCheckedAnswers() throws Exception {
    Path weekly = TripsFixtures.copy("weekly.csv", dir);
    TripsFixtures.assertWeeklyFixtureLoaded(bulk(weekly), db);
    assertEquals(9, db.queryLong("SELECT count(*) FROM trips.trips WHERE origin_cell IS NOT NULL"));
  }

  @Test
  void intoAnEmptyTableIntoOneHoldingTripsAndAgainChangesNothing() throws Exception {
    Path input = sample();
    RunSummary first = bulk(head(input, 800, "first.csv"));
    assertEquals(800, first.inserted());

    RunSummary rest = bulk(input); // 800 stored, 1,200 new: the anti-join, then a partition
    assertTrue(rest.isComplete(), rest.toString());
    assertEquals(2000, rest.written());
    assertEquals(1200, rest.inserted());
    assertSameAsIncremental(input);

    var before = TripsFixtures.tablesByName(db);
    RunSummary again = bulk(input);
    assertTrue(again.isComplete(), again.toString());
    assertEquals(2000, again.written());
    assertEquals(0, again.inserted());
    assertEquals(before, TripsFixtures.tablesByName(db));
  }

  @Test
  void newTripsGoInWholeAndAFewAmongCopiesThroughTheKey() throws Exception {
    Path input = sample();
    List<String> all = Files.readAllLines(input);
    bulk(head(input, 800, "first.csv"));
    List<String> unseen = new ArrayList<>(all.subList(0, 1));
    unseen.addAll(all.subList(801, 1901));

    // None of them stored: all go in, a partition of their own; the aggregates add up the writers'
    // sums (from many bundles on the DirectRunner: summed again).
    Path unseenFile = Files.write(dir.resolve("unseen.csv"), unseen);
    String fresh = printed(() -> assertEquals(1100, bulk(unseenFile).inserted()));
    assertTrue(fresh.contains(SUMS), fresh);
    // 100 new against 1,900 stored, in two loads' partitions: into the merged trips through their
    // key, the copies left out; the sums hold the copies too, so the aggregates come from the trips
    // stored.
    String few =
        printed(
            () -> {
              RunSummary run = bulk(input);
              assertTrue(run.isComplete(), run.toString());
              assertEquals(100, run.inserted());
            });
    assertTrue(few.contains(TRIPS), few);
    assertSameAsIncremental(input);
  }

  @Test
  void anIncrementalMergeAfterBulkLoadsStoresWhatNoLoadHolds() throws Exception {
    Path input = sample();
    bulk(head(input, 800, "first.csv")); // a partition of its own, out of reach of the merge's key

    RunSummary merged = TripsFixtures.run(input, db.jdbcUrl(), "--loadMode=incremental");

    assertTrue(merged.isComplete(), merged.toString());
    assertEquals(1200, merged.inserted());
    assertEquals(1200, db.queryLong("SELECT count(*) FROM trips.trips_merged"));
    assertSameAsIncremental(input);
  }

  /**
   * On embedded Flink the two writers share one sum, written once when the second ends: the settle
   * copies it as it is, into empty aggregates and then into filled ones.
   */
  @Test
  void onEmbeddedFlinkTheWritersSumsAreWrittenOnceAndCopied() throws Exception {
    Path input = sample();
    String[] flink = {
      "--loadMode=bulk", "--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2"
    };
    Path first = head(input, 1200, "first.csv");
    List<String> all = Files.readAllLines(input);
    List<String> rest = new ArrayList<>(all.subList(0, 1));
    rest.addAll(all.subList(1201, all.size()));
    Path restFile = Files.write(dir.resolve("rest.csv"), rest);
    for (Path part : List.of(first, restFile)) {
      String printed =
          printed(
              () -> {
                RunSummary run = TripsFixtures.run(part, db.jdbcUrl(), flink);
                assertTrue(run.isComplete(), run.toString());
              });
      assertTrue(printed.contains(SUMS), printed);
    }
    assertSameAsIncremental(input);
  }

  @Test
  void tripsTheInputHoldsTwiceAreStoredOnce() throws Exception {
    assertTwiceStoredOnce(2000); // the key's build finds 2,000 copies
  }

  @Test
  void tripsTheInputHoldsTwiceAreStoredOnceIntoATableHoldingTrips() throws Exception {
    bulk(head(sample(), 800, "first.csv"));
    assertTwiceStoredOnce(1200); // 2,400 not stored yet: the key's build finds 1,200 copies
  }

  /** Loads the sample with every line twice: {@code inserted} new trips, the tables as merged. */
  private void assertTwiceStoredOnce(long inserted) throws Exception {
    Path input = sample();
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.addAll(lines.subList(1, lines.size()));
    Path twice = Files.write(dir.resolve("twice.csv"), lines);

    RunSummary run = bulk(twice);

    assertTrue(run.isComplete(), run.toString()); // read = written + rejected, line by line
    assertEquals(4000, run.written());
    assertEquals(inserted, run.inserted());
    assertSameAsIncremental(input);
  }

  @Test
  void aSettleThatDiedAfterItsAggregatesIsFinishedByTheNextRun() throws Exception {
    Path input = sample();
    long died = diedLoad(input, 2); // every trip twice: step 'stored' keeps one of each
    // The job died after its aggregates, before the destination index, the VACUUM and its end.
    db.execute(
        "SELECT trips.bulk_store("
            + died
            + ", c.loaded, c.fresh, c.route) FROM trips.bulk_count("
            + died
            + ") c");
    db.execute("SELECT trips.bulk_groups(" + died + ")");
    db.execute("SELECT trips.bulk_areas(" + died + ", 'rows')");

    assertSettledByTheNextRun(input, died);
  }

  @Test
  void aBulkLoadWhoseJobDiedIsSettledByTheNextRun() throws Exception {
    Path input = sample();
    // Its trips in a table of their own, no aggregates, its row in trips.bulk_loads.
    assertSettledByTheNextRun(input, diedLoad(input, 1));
  }

  /**
   * A bulk load into the empty table that stopped after committing 700 trips, each {@code times}
   * times; the trips are the sample's, as the pipeline read them (taken from the reference
   * database). Returns its run.
   */
  private long diedLoad(Path input, int times) throws Exception {
    loadReference(input);
    Migrations.migrate(db.jdbcUrl());
    long died =
        IngestionRuns.start(db.jdbcUrl(), "trips", "died.csv", 700L * times, "rows").runId();
    db.execute("SELECT trips.begin_bulk_load(" + died + ")");
    for (int i = 0; i < times; i++) {
      copyTrips(700, died);
    }
    return died;
  }

  /** The next run settles run {@code died}'s 700 trips, then stores the other 1,300. */
  private void assertSettledByTheNextRun(Path input, long died) throws Exception {
    RunSummary next = bulk(input);

    assertTrue(next.isComplete(), next.toString());
    assertEquals(1300, next.inserted());
    assertEquals(
        700,
        db.queryLong(
            "SELECT inserted FROM ops.run_counts WHERE run_id = " + died + " AND level = 'rows'"));
    assertSameAsIncremental(input);
  }

  @Test
  void badLinesBecomeTheSameDeadLettersAsInTheIncrementalMerge() throws Exception {
    // The bulk load parses in its writer (TripsBulkRows.fromLines): the same rules, one step.
    Path input = TripsFixtures.copy("dirty.csv", dir);
    RunSummary merged = TripsFixtures.run(input, reference.jdbcUrl(), "--loadMode=incremental");

    RunSummary loaded = bulk(input);

    assertTrue(loaded.isComplete(), loaded.toString()); // read = written + rejected, line by line
    assertEquals(
        List.of(merged.read(), merged.written(), merged.inserted(), merged.rejected()),
        List.of(loaded.read(), loaded.written(), loaded.inserted(), loaded.rejected()));
    assertEquals(9, loaded.rejected());
    String letters = "SELECT line, step, reason FROM ops.rejected_records ORDER BY line";
    assertEquals(reference.queryRows(letters), db.queryRows(letters));
    assertEquals(TripsFixtures.tablesByName(reference), TripsFixtures.tablesByName(db));
  }

  /**
   * Copies {@code n} stored trips of the reference into db as rows run {@code runId} loaded, into
   * its load's table.
   */
  private void copyTrips(int n, long runId) throws Exception {
    try (Connection from = reference.connect();
        Connection to = db.connect();
        PreparedStatement read =
            from.prepareStatement(
                "SELECT trip_key, started_at, origin_lon, origin_lat, destination_lon,"
                    + " destination_lat, r.name, d.name, g.grid, g.bucket_minutes, origin_cell,"
                    + " destination_cell, time_bucket, start_week, origin_area_x, origin_area_y"
                    + " FROM trips.trips"
                    + " JOIN trips.regions r USING (region_id)"
                    + " JOIN trips.datasources d USING (datasource_id)"
                    + " JOIN trips.groupings g USING (grouping_id) ORDER BY trip_key LIMIT ?");
        PreparedStatement write =
            to.prepareStatement(
                "INSERT INTO trips.trips_run_"
                    + runId
                    + " (trip_key, started_at, origin_lon, origin_lat,"
                    + " destination_lon, destination_lat, run_id, region_id, datasource_id,"
                    + " grouping_id, origin_cell, destination_cell, time_bucket, start_week,"
                    + " origin_area_x, origin_area_y) VALUES (?, ?, ?, ?, ?, ?, ?,"
                    + " trips.dimension_id('region', ?), trips.dimension_id('datasource', ?),"
                    + " trips.grouping_id(?, ?), ?, ?, ?, ?, ?, ?)")) {
      read.setInt(1, n);
      try (ResultSet r = read.executeQuery()) {
        while (r.next()) {
          for (int i = 1; i <= 6; i++) {
            write.setObject(i, r.getObject(i));
          }
          write.setLong(7, runId);
          for (int i = 7; i <= 16; i++) {
            write.setObject(i + 1, r.getObject(i));
          }
          write.addBatch();
        }
      }
      write.executeBatch();
    }
  }
}
